from django.apps import AppConfig


class CurriculumConfig(AppConfig):
    name = "curriculum"
    label = "curriculum"
    verbose_name = "Curriculum"
