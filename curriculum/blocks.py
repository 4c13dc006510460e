"""The blocks a lesson is made of. Each renders without JavaScript and reads on a 360-px phone."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from content.schema import GUIDE_MINUTES, GUIDE_REQUIRED_STEPS


@dataclass(frozen=True)
class PracticeTarget:
    """Something in a lesson a learner practises on, whose results are recorded as practice
    (never as completion): a practice block, or an H5P package placed in the lesson.

    A block that is one defines ``practice_target(self, value) -> PracticeTarget | None``;
    ``LessonPage.practice_targets`` collects them. ``path`` is the segment of its activity id
    (``activity`` for practice blocks, ``h5p`` for packages: analytics.xapi.profile), ``key``
    its stable key within the lesson, ``kind`` what it is (sort, clue, branch, h5p, ...) and
    ``title`` what a teacher reads."""

    path: str
    key: str
    kind: str
    title: str


class IllustrationBlock(blocks.StructBlock):
    """A picture with its Vietnamese alt text (required: every picture is described)."""

    image = ImageChooserBlock(label=_("Image"))
    alt = blocks.CharBlock(
        label=_("Alt text"),
        max_length=300,
        help_text=_("What the picture shows, for a learner who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=300)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "curriculum/blocks/image.html"


class VideoBlock(blocks.StructBlock):
    """A video file served by the platform (never embedded from another host), with a
    transcript so the lesson works without sound and on a connection too slow for video."""

    video = DocumentChooserBlock(label=_("Video file (MP4 or WebM)"))
    captions = DocumentChooserBlock(label=_("Captions (WebVTT)"), required=False)
    poster = ImageChooserBlock(label=_("Poster image"), required=False)
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=300)
    transcript = blocks.TextBlock(label=_("Transcript"))

    class Meta:
        icon = "media"
        label = _("Video")
        template = "curriculum/blocks/video.html"


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[("tip", _("Tip")), ("warning", _("Be careful")), ("remember", _("Remember"))],
        default="tip",
        label=_("Kind"),
    )
    text = blocks.TextBlock(label=_("Text"), max_length=1000)

    class Meta:
        icon = "help"
        label = _("Callout")
        template = "curriculum/blocks/callout.html"


class ScenarioChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Choice"), max_length=300)
    best = blocks.BooleanBlock(label=_("Best choice"), required=False)
    explanation = blocks.TextBlock(label=_("Why"), max_length=600)


class ScenarioBlock(blocks.StructBlock):
    """ "What would you do?": a situation, choices, and an explanation for each choice."""

    prompt = blocks.TextBlock(label=_("Situation and question"), max_length=1000)
    image = IllustrationBlock(required=False, label=_("Image"))
    choices = blocks.ListBlock(ScenarioChoiceBlock(), min_num=2, max_num=4, label=_("Choices"))

    class Meta:
        icon = "list-ul"
        label = _("What would you do?")
        template = "curriculum/blocks/scenario.html"

    def clean(self, value):
        value = super().clean(value)
        if not any(choice["best"] for choice in value["choices"]):
            raise StructBlockValidationError(
                block_errors={
                    "choices": ErrorList([ValidationError(_("Mark one choice as the best."))])
                }
            )
        return value


class TakeawaysBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(blocks.CharBlock(max_length=300, label=_("Takeaway")), **kwargs)

    class Meta:
        icon = "tick"
        label = _("Key takeaways")
        template = "curriculum/blocks/takeaways.html"
        min_num = 1
        max_num = 5


class HelpBlock(blocks.StaticBlock):
    """The standard "where to get help" card: the same numbers everywhere, kept in one place."""

    class Meta:
        icon = "warning"
        label = _("Where to get help")
        admin_text = _("Shows the help card: a trusted adult, the school counsellor, 111, 113.")
        template = "curriculum/blocks/help.html"


class UniqueKeyStreamBlock(blocks.StreamBlock):
    """A stream whose children each carry a stable ``key`` (quiz questions, glossary words):
    records and links point at the key, so two children may not share one."""

    duplicate_keys_message = _("Each item needs its own key; repeated: %(keys)s")

    def clean(self, value):
        value = super().clean(value)
        keys = [child.value["key"] for child in value]
        duplicates = sorted({k for k in keys if keys.count(k) > 1})
        if duplicates:
            raise blocks.StreamBlockValidationError(
                non_block_errors=ErrorList(
                    [ValidationError(self.duplicate_keys_message % {"keys": ", ".join(duplicates)})]
                )
            )
        return value


class LessonStreamBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(
        label=_("Heading"),
        max_length=200,
        form_classname="title",
        template="curriculum/blocks/heading.html",
    )
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"),
        features=["bold", "italic", "ol", "ul", "link"],
        template="curriculum/blocks/paragraph.html",
    )
    image = IllustrationBlock()
    video = VideoBlock()
    callout = CalloutBlock()
    scenario = ScenarioBlock()
    takeaways = TakeawaysBlock()
    help = HelpBlock()

    class Meta:
        block_counts = {"takeaways": {"max_num": 1}}


# --- Teacher's guide and glossary (issue 14) -----------------------------------------------
# The guide is written with its module (a tab of the module page) and printed by teachers;
# content/schema.py reads the same structure from NN-slug.guide.yaml.

GUIDE_RICH_FEATURES = ["bold", "italic", "ol", "ul"]


class GuideStepBlock(blocks.StructBlock):
    minutes = blocks.IntegerBlock(label=_("Minutes"), min_value=1, max_value=30)
    title = blocks.CharBlock(label=_("Heading (optional)"), required=False, max_length=200)
    text = blocks.RichTextBlock(
        label=_("What the teacher does and says"), features=GUIDE_RICH_FEATURES
    )


class GuideOfflineStepBlock(GuideStepBlock):
    offline = blocks.RichTextBlock(
        label=_("Without a projector or a connection"),
        features=GUIDE_RICH_FEATURES,
        help_text=_("How to run this step with only the printed guide and the board."),
    )


class GuideDiscussionBlock(GuideStepBlock):
    prompts = blocks.ListBlock(
        blocks.CharBlock(max_length=400, label=_("Question")),
        min_num=2,
        max_num=6,
        label=_("Questions to ask"),
    )


class GuideActivityBlock(blocks.StructBlock):
    minutes = blocks.IntegerBlock(label=_("Minutes"), min_value=1, max_value=30)
    title = blocks.CharBlock(label=_("Name of the activity"), max_length=200)
    materials = blocks.CharBlock(label=_("Materials"), required=False, max_length=4000)
    text = blocks.RichTextBlock(
        label=_("How to run it (no projector, no connection)"), features=GUIDE_RICH_FEATURES
    )


class GuidePlanBlock(blocks.StreamBlock):
    """A 35–45-minute lesson plan: warm-up, the lessons on the classroom screen, a discussion,
    an offline activity (one or two) and the quiz, then an optional wrap-up."""

    warm_up = GuideStepBlock(label=_("Warm-up"), icon="pick")
    lessons = GuideOfflineStepBlock(label=_("The lessons on the classroom screen"), icon="desktop")
    discussion = GuideDiscussionBlock(label=_("Discussion"), icon="comment")
    activity = GuideActivityBlock(label=_("Offline activity"), icon="group")
    quiz = GuideOfflineStepBlock(label=_("Quiz"), icon="tick-inverse")
    wrap_up = GuideStepBlock(label=_("Wrap-up"), icon="tick")

    class Meta:
        block_counts = {
            "warm_up": {"max_num": 1},
            "lessons": {"max_num": 1},
            "discussion": {"max_num": 1},
            "activity": {"max_num": 2},
            "quiz": {"max_num": 1},
            "wrap_up": {"max_num": 1},
        }

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value  # no guide yet: the module can be drafted first
        present = {child.block_type for child in value}
        problems = []
        missing = [
            str(self.child_blocks[name].label)
            for name in GUIDE_REQUIRED_STEPS
            if name not in present
        ]
        if missing:
            problems.append(
                _("A plan needs these steps too: %(steps)s.") % {"steps": ", ".join(missing)}
            )
        minutes = sum(child.value["minutes"] or 0 for child in value)
        if not GUIDE_MINUTES[0] <= minutes <= GUIDE_MINUTES[1]:
            problems.append(
                _(
                    "The steps take %(minutes)s minutes; a plan fits one period of %(low)s–%(high)s minutes."
                )
                % {"minutes": minutes, "low": GUIDE_MINUTES[0], "high": GUIDE_MINUTES[1]}
            )
        if problems:
            raise blocks.StreamBlockValidationError(
                non_block_errors=ErrorList([ValidationError(p) for p in problems])
            )
        return value


class AnswerNoteBlock(blocks.StructBlock):
    question_key = blocks.RegexBlock(
        regex=r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
        max_length=40,
        label=_("Question key"),
        help_text=_("The key of a question of this module's quiz: q1, q2, ..."),
        error_messages={"invalid": _("Use lowercase letters, digits and hyphens.")},
    )
    note = blocks.RichTextBlock(label=_("Note for the teacher"), features=GUIDE_RICH_FEATURES)

    class Meta:
        icon = "help"
        label = _("Note on a quiz answer")


class GlossaryTermBlock(blocks.StructBlock):
    key = blocks.RegexBlock(
        regex=r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
        max_length=80,
        label=_("Key"),
        help_text=_(
            "Lessons link to the term with an anchor link to #tu-<key> (e.g. #tu-otp). "
            "Keep it when editing."
        ),
        error_messages={"invalid": _("Use lowercase letters, digits and hyphens.")},
    )
    term = blocks.CharBlock(label=_("Word"), max_length=100)
    definition = blocks.TextBlock(label=_("In plain words"), max_length=1000)
    example = blocks.TextBlock(label=_("Example"), required=False, max_length=500)

    class Meta:
        icon = "openquote"
        label = _("Word")


class GlossaryStreamBlock(UniqueKeyStreamBlock):
    term = GlossaryTermBlock()

    duplicate_keys_message = _("Each word needs its own key; repeated: %(keys)s")
