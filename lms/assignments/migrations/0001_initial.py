# The Assignment model moved from lms.learn (page layer) to lms.assignments, below the
# statement store and rollups that read it. Its table stays where it is: state only.

import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('curriculum', '0001_initial'),
        ('schools', '0001_initial'),
        ('learn', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
        migrations.CreateModel(
            name='Assignment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('due_on', models.DateField(blank=True, null=True, verbose_name='due on')),
                ('registration', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('removed_at', models.DateTimeField(blank=True, null=True)),
                ('assigned_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('classroom', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='assignments', to='schools.classroom')),
                ('learners', models.ManyToManyField(blank=True, related_name='individual_assignments', to=settings.AUTH_USER_MODEL)),
                ('module', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='assignments', to='curriculum.modulepage')),
            ],
            options={
                'db_table': 'learn_assignment',
                'verbose_name': 'assignment',
                'verbose_name_plural': 'assignments',
                'ordering': ['due_on', '-created_at'],
                'indexes': [models.Index(fields=['classroom', 'removed_at'], name='learn_assig_classro_656286_idx')],
                'constraints': [models.UniqueConstraint(condition=models.Q(('removed_at__isnull', True)), fields=('classroom', 'module'), name='one_active_assignment_per_class_module')],
            },
        ),
            ],
        ),
    ]
