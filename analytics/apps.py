from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "analytics"
    label = "analytics"
    verbose_name = "Analytics"

    def ready(self):
        # The statement store (analytics.xapi), assessments and the apps below tell the
        # learning records what happened through lms.hooks; none of them imports analytics
        # (ARCHITECTURE.md, "Layers"; tests/test_layers.py).
        from lms import hooks

        from . import practice, rollups, services

        hooks.statements_stored.connect(rollups.on_statements_stored)
        hooks.statements_stored.connect(practice.on_statements_stored)
        hooks.quiz_scored.connect(services.quiz_outcome_record)
        hooks.classroom_changed.connect(rollups.classroom_enrollment_changed)
        hooks.learner_erase.connect(rollups.learner_records_erase)
