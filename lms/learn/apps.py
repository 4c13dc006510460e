from django.apps import AppConfig


class LearnConfig(AppConfig):
    name = "lms.learn"
    label = "learn"
    verbose_name = "Learning"
