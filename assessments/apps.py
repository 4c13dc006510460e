from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    label = "assessments"
    verbose_name = "Assessments"

    def ready(self):
        from lms import hooks

        from .services import learner_attempts_erase

        hooks.learner_erase.connect(learner_attempts_erase)
