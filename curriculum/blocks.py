"""The blocks a lesson is made of. Each renders without JavaScript and reads on a 360-px phone."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


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
