"""Quizzes (Wagtail pages inside a module, under the same review workflow as lessons) and the
attempts learners make at them."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page

from .blocks import QuestionStreamBlock


class QuizPage(Page):
    intro = models.TextField(_("introduction"), blank=True, max_length=1000)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=70, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    shuffle = models.BooleanField(_("shuffle the answers"), default=True)
    questions = StreamField(QuestionStreamBlock(), verbose_name=_("questions"))

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("pass_mark"),
        FieldPanel("shuffle"),
        FieldPanel("questions"),
    ]
    parent_page_types = ["curriculum.ModulePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    template = "assessments/quiz_page.html"

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def serve(self, request, *args, **kwargs):
        from .views import quiz_serve

        return quiz_serve(request, self)

    def serve_preview(self, request, mode_name):
        from .views import quiz_serve

        return quiz_serve(request, self, preview=True)


class QuizAttempt(models.Model):
    """A quiz form given to a signed-in learner, and what came of it.

    The token goes out with the form and comes back with the answers: one submission per
    token, scored against the revision the form was built from. The row keeps the score, never
    the answers: those are in the learner's statements, when consent allows. The token is also
    the id of the attempt's "attempted" statement."""

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    quiz = models.ForeignKey(QuizPage, on_delete=models.CASCADE, related_name="attempts")
    revision = models.ForeignKey(
        "wagtailcore.Revision", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    issued_at = models.DateTimeField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    score_raw = models.PositiveSmallIntegerField(null=True, blank=True)
    score_max = models.PositiveSmallIntegerField(null=True, blank=True)
    passed = models.BooleanField(null=True, blank=True)

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        indexes = [models.Index(fields=["learner", "quiz", "submitted_at"])]

    def __str__(self) -> str:
        return str(self.token)
