from django.apps import AppConfig


class TeacherPortalConfig(AppConfig):
    name = "teacher_portal"
    label = "teacher_portal"
    verbose_name = "Teacher portal"

    def ready(self):
        from curriculum.models import register_guide_renderer

        from .guides import guide_render

        register_guide_renderer(guide_render)
