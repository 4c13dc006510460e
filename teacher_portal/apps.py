from django.apps import AppConfig


class TeacherPortalConfig(AppConfig):
    name = "teacher_portal"
    label = "teacher_portal"
    verbose_name = "Teacher portal"
