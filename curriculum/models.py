"""The curriculum tree in Wagtail: curriculum index → age band → module → lesson (and quiz)."""

from anyascii import anyascii
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, HelpPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from content.schema import GLOSSARY_ANCHOR, glossary_links
from lms.bands import AGE_BANDS, BAND_CHOICES, SKILL_AREAS
from lms.collation import vietnamese_sort_key

from .blocks import (
    AnswerNoteBlock,
    GlossaryStreamBlock,
    GuidePlanBlock,
    LessonStreamBlock,
    PracticeTarget,
)

KEY_VALIDATOR = RegexValidator(
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$", _("Use lowercase letters, digits and hyphens.")
)
COLOUR_CHOICES = [
    ("sun", _("Sun (yellow)")),
    ("leaf", _("Leaf (green)")),
    ("sky", _("Sky (blue)")),
    ("berry", _("Berry (pink)")),
]


GUIDE_PREVIEW_MODE = "teacher_guide"
_guide_renderer = None


def register_guide_renderer(renderer) -> None:
    """The teacher's guide shows the module's quiz with its answers, which this layer does not
    read: the teacher portal renders it and registers here at start-up (AppConfig.ready), so
    authors preview the guide in Wagtail exactly as teachers print it."""
    global _guide_renderer
    _guide_renderer = renderer


def voice_for_band(band: int) -> str:
    return "child" if band in (1, 2) else "teen"


class SkillArea(models.Model):
    """One of the five skill areas of MISSION.md; the rows are made by a migration."""

    key = models.SlugField(unique=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["sort_order"]
        verbose_name = _("skill area")
        verbose_name_plural = _("skill areas")

    def __str__(self) -> str:
        return str(SKILL_AREAS.get(self.key, self.key))


class StableKeyMixin(models.Model):
    """A key that never changes once made, for xAPI activity ids.

    Authors may rename a page or change its slug; the key stays, so the statements about it
    keep pointing at the same activity. Pages made in the admin get a key from their slug;
    the curriculum files set theirs.
    """

    key = models.CharField(
        _("stable key"),
        max_length=80,
        unique=True,
        validators=[KEY_VALIDATOR],
        help_text=_("Identifies this page in learning records. It never changes."),
    )
    exclude_fields_in_copy = ["key"]

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self._ensure_key()
        return super().save(*args, **kwargs)

    def _ensure_key(self) -> None:
        if self.key:
            return
        base = slugify(anyascii(self.slug or self.title or "")) or "page"
        base = base[:70]
        candidate, n = base, 2
        while type(self).objects.filter(key=candidate).exclude(pk=self.pk).exists():
            candidate, n = f"{base}-{n}", n + 1
        self.key = candidate

    def full_clean(self, *args, **kwargs):
        self._ensure_key()
        super().full_clean(*args, **kwargs)

    def minimal_clean(self):
        self._ensure_key()
        super().minimal_clean()


class CurriculumIndexPage(Page):
    """The site's home: a child picks their age band."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["curriculum.AgeBandPage"]
    max_count = 1
    template = "curriculum/curriculum_index_page.html"

    class Meta:
        verbose_name = _("curriculum home")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["voice"] = "teen"  # shared by all ages: "bạn"
        context["bands"] = (
            AgeBandPage.objects.child_of(self)
            .live()
            .select_related("illustration")
            .order_by("band")
        )
        return context


class AgeBandPage(Page):
    band = models.PositiveSmallIntegerField(_("age band"), choices=BAND_CHOICES, unique=True)
    description = models.TextField(_("short description"), max_length=500)
    colour = models.CharField(_("colour"), max_length=10, choices=COLOUR_CHOICES, default="sky")
    illustration = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("band"),
                FieldPanel("description"),
                FieldPanel("colour"),
                FieldPanel("illustration"),
            ],
            heading=_("Age band"),
        )
    ]
    search_fields = Page.search_fields + [index.SearchField("description")]
    parent_page_types = ["curriculum.CurriculumIndexPage"]
    subpage_types = ["curriculum.ModulePage", "curriculum.GlossaryPage"]
    max_count = len(AGE_BANDS)
    template = "curriculum/age_band_page.html"

    class Meta:
        verbose_name = _("age band")
        verbose_name_plural = _("age bands")

    @cached_property
    def band_info(self):
        return AGE_BANDS[self.band]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["voice"] = voice_for_band(self.band)
        context["modules"] = (
            ModulePage.objects.child_of(self)
            .live()
            .select_related("illustration")
            .prefetch_related("skill_areas")
        )
        context["glossary"] = self.glossary()
        return context

    def glossary(self):
        return GlossaryPage.objects.child_of(self).live().first()


class ModulePage(StableKeyMixin, Page):
    summary = models.TextField(_("summary"), max_length=500)
    skill_areas = ParentalManyToManyField(
        SkillArea, related_name="modules", verbose_name=_("skill areas")
    )
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"),
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    objectives = StreamField(
        [("objective", blocks.CharBlock(max_length=300, label=_("Objective")))],
        verbose_name=_("learning objectives"),
        blank=True,
    )
    illustration = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The teacher's guide (issue 14), written with the module, under the same review workflow.
    guide_objectives = StreamField(
        [("objective", blocks.CharBlock(max_length=400, label=_("Objective")))],
        verbose_name=_("objectives for the teacher"),
        help_text=_("2–5 things the learners will be able to do after the period."),
        blank=True,
    )
    guide_preparation = StreamField(
        [("item", blocks.CharBlock(max_length=400, label=_("To prepare")))],
        verbose_name=_("to prepare"),
        blank=True,
    )
    guide_plan = StreamField(GuidePlanBlock(), verbose_name=_("lesson plan"), blank=True)
    guide_answer_notes = StreamField(
        [("note", AnswerNoteBlock())],
        verbose_name=_("notes on the quiz answers"),
        help_text=_(
            "The guide already shows each question, its answer and its feedback from the quiz. "
            "Add a note only where a teacher needs more."
        ),
        blank=True,
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("skill_areas", widget=forms.CheckboxSelectMultiple),
        FieldPanel("estimated_minutes"),
        FieldPanel("objectives"),
        FieldPanel("illustration"),
    ]
    guide_panels = [
        HelpPanel(
            content=_(
                "<p>For the teacher: a plan for one period of 35–45 minutes that works without a "
                "projector or a connection. The printed guide adds the quiz's answers and the "
                "steps to take when a child tells of abuse. Preview it with “Teacher's guide” "
                "in the preview panel.</p>"
            )
        ),
        FieldPanel("guide_objectives"),
        FieldPanel("guide_preparation"),
        FieldPanel("guide_plan"),
        FieldPanel("guide_answer_notes"),
    ]
    settings_panels = Page.settings_panels + [FieldPanel("key", read_only=True)]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(guide_panels, heading=_("Teacher's guide")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(settings_panels, heading=_("Settings"), classname="settings"),
        ]
    )
    search_fields = Page.search_fields + [index.SearchField("summary")]
    parent_page_types = ["curriculum.AgeBandPage"]
    subpage_types = ["curriculum.LessonPage", "assessments.QuizPage"]
    template = "curriculum/module_page.html"

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    @cached_property
    def band(self) -> int:
        parent = self.get_parent().specific
        return parent.band if isinstance(parent, AgeBandPage) else 0

    @property
    def voice(self) -> str:
        """How the page speaks to the learner: "child" (em) for bands 1–2, else "teen" (bạn)."""
        return voice_for_band(self.band)

    def lessons(self):
        return LessonPage.objects.child_of(self).live()

    def quiz(self):
        """The module's quiz page (assessments.QuizPage, a layer above: looked up by name, as
        ``subpage_types`` names it, not imported)."""
        from django.apps import apps

        quiz_page = apps.get_model("assessments", "QuizPage")
        return quiz_page.objects.child_of(self).live().first()

    @property
    def has_guide(self) -> bool:
        return bool(self.guide_plan)

    @property
    def preview_modes(self):
        return [("", _("Module page")), (GUIDE_PREVIEW_MODE, _("Teacher's guide"))]

    def serve_preview(self, request, mode_name):
        if mode_name == GUIDE_PREVIEW_MODE and _guide_renderer is not None:
            return _guide_renderer(request, self, preview=True)
        return super().serve_preview(request, mode_name)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["lessons"] = list(self.lessons())
        context["quiz"] = self.quiz()
        context["band_page"] = self.get_parent().specific
        context["voice"] = self.voice
        return context


class LessonPage(StableKeyMixin, Page):
    summary = models.TextField(_("summary"), max_length=500, blank=True)
    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"), default=5, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    body = StreamField(LessonStreamBlock(), verbose_name=_("lesson"))

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("estimated_minutes"),
        FieldPanel("body"),
    ]
    settings_panels = Page.settings_panels + [FieldPanel("key", read_only=True)]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]
    parent_page_types = ["curriculum.ModulePage"]
    subpage_types: list[str] = []
    template = "curriculum/lesson_page.html"

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def practice_targets(self) -> dict[tuple[str, str], PracticeTarget]:
        """The practice activities and H5P packages in this lesson, by (path, key)."""
        targets = {}
        for block in self.body:
            describe = getattr(block.block, "practice_target", None)
            target = describe(block.value) if describe else None
            if target is not None:
                targets[(target.path, target.key)] = target
        return targets

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        module = self.get_parent().specific
        siblings = list(LessonPage.objects.child_of(module).live().only("id", "title", "url_path"))
        position = next((i for i, s in enumerate(siblings) if s.pk == self.pk), 0)
        context.update(
            module=module,
            position=position + 1,
            lesson_count=len(siblings),
            previous_lesson=siblings[position - 1] if position > 0 else None,
            next_lesson=siblings[position + 1] if position + 1 < len(siblings) else None,
            quiz=module.quiz() if isinstance(module, ModulePage) else None,
            voice=module.voice if isinstance(module, ModulePage) else "teen",
        )
        context.update(self.glossary_context(module))
        return context

    def glossary_context(self, module) -> dict:
        """The band's glossary page, and the terms this lesson links to (#tu-<key>), listed
        under the lesson so a child reads the meaning without leaving it."""
        band_page = module.get_parent().specific if isinstance(module, ModulePage) else None
        glossary = band_page.glossary() if isinstance(band_page, AgeBandPage) else None
        if glossary is None:
            return {"glossary": None, "lesson_terms": []}
        keys = [
            key
            for block in self.body
            if block.block_type == "paragraph"
            for key in glossary_links(block.value.source)
        ]
        terms = glossary.terms_by_key()
        return {
            "glossary": glossary,
            "lesson_terms": [terms[k] for k in dict.fromkeys(keys) if k in terms],
        }


class GlossaryPage(Page):
    """A band's glossary: the words its children meet (acc, OTP, story, deepfake...), in plain
    words for that band. Lessons link to a word with an anchor link #tu-<key>."""

    intro = models.TextField(_("introduction"), blank=True, max_length=1000)
    terms = StreamField(GlossaryStreamBlock(), verbose_name=_("words"))

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("terms")]
    # No slug field: lessons of other pages point here, so the address stays as loaded.
    promote_panels = [FieldPanel("seo_title"), FieldPanel("search_description")]
    search_fields = Page.search_fields + [index.SearchField("terms")]
    parent_page_types = ["curriculum.AgeBandPage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1
    template = "curriculum/glossary_page.html"

    class Meta:
        verbose_name = _("glossary")
        verbose_name_plural = _("glossaries")

    def terms_by_key(self) -> dict[str, dict]:
        return {
            child.value["key"]: {
                "key": child.value["key"],
                "term": child.value["term"],
                "definition": child.value["definition"],
                "example": child.value["example"],
                "anchor": f"{GLOSSARY_ANCHOR}{child.value['key']}",
            }
            for child in self.terms
        }

    def sorted_terms(self) -> list[dict]:
        return sorted(self.terms_by_key().values(), key=lambda t: vietnamese_sort_key(t["term"]))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        band_page = self.get_parent().specific
        context["band_page"] = band_page
        context["voice"] = voice_for_band(getattr(band_page, "band", 3))
        context["glossary_terms"] = self.sorted_terms()
        return context


class CurriculumSource(models.Model):
    """Each curriculum file's content hash at its last load, so an unchanged file is skipped
    and authors' later edits in Wagtail stay."""

    path = models.CharField(max_length=300, unique=True)
    sha256 = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("curriculum file")
        verbose_name_plural = _("curriculum files")

    def __str__(self) -> str:
        return self.path
