"""Quiz questions. Every question has a stable key (q1, q2, ...) used in learning records, so
per-question statistics survive edits to its wording."""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError

from curriculum.blocks import IllustrationBlock, UniqueKeyStreamBlock

QUESTION_KEY_HELP = _(
    "Identifies the question in learning records (q1, q2, ...). Keep it when editing."
)


class AnswerChoiceBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Answer"), max_length=300)
    correct = blocks.BooleanBlock(label=_("Correct"), required=False)
    feedback = blocks.TextBlock(
        label=_("Feedback"),
        max_length=600,
        help_text=_("Shown to a learner who picks this answer: why it is right or wrong, kindly."),
    )


def _choice_error(message):
    return StructBlockValidationError(
        block_errors={"choices": ErrorList([ValidationError(message)])}
    )


class QuestionBase(blocks.StructBlock):
    key = blocks.RegexBlock(
        regex=r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
        max_length=40,
        label=_("Key"),
        help_text=QUESTION_KEY_HELP,
        error_messages={"invalid": _("Use lowercase letters, digits and hyphens.")},
    )
    prompt = blocks.TextBlock(label=_("Question"), max_length=1000)
    image = IllustrationBlock(required=False, label=_("Image"))


class SingleChoiceBlock(QuestionBase):
    choices = blocks.ListBlock(AnswerChoiceBlock(), min_num=2, max_num=4, label=_("Answers"))

    class Meta:
        icon = "radio-full"
        label = _("Single choice")

    def clean(self, value):
        value = super().clean(value)
        if sum(bool(c["correct"]) for c in value["choices"]) != 1:
            raise _choice_error(_("Mark exactly one answer as correct."))
        return value


class MultipleChoiceBlock(QuestionBase):
    choices = blocks.ListBlock(AnswerChoiceBlock(), min_num=3, max_num=5, label=_("Answers"))

    class Meta:
        icon = "tasks"
        label = _("Multiple choice")

    def clean(self, value):
        value = super().clean(value)
        if not any(c["correct"] for c in value["choices"]):
            raise _choice_error(_("Mark at least one answer as correct."))
        return value


class TrueFalseBlock(QuestionBase):
    answer = blocks.BooleanBlock(label=_("The statement is true"), required=False)
    feedback_true = blocks.TextBlock(label=_("Feedback for “True”"), max_length=600)
    feedback_false = blocks.TextBlock(label=_("Feedback for “False”"), max_length=600)

    class Meta:
        icon = "success"
        label = _("True or false")


class OrderingBlock(QuestionBase):
    items = blocks.ListBlock(
        blocks.CharBlock(max_length=300),
        min_num=3,
        max_num=5,
        label=_("Steps in the correct order"),
    )
    feedback_correct = blocks.TextBlock(label=_("Feedback when the order is right"), max_length=600)
    feedback_incorrect = blocks.TextBlock(
        label=_("Feedback when the order is wrong"), max_length=600
    )

    class Meta:
        icon = "order"
        label = _("Ordering")

    def clean(self, value):
        value = super().clean(value)
        if len(set(value["items"])) != len(value["items"]):
            raise StructBlockValidationError(
                block_errors={
                    "items": ErrorList([ValidationError(_("Every step must be different."))])
                }
            )
        return value


class ScenarioQuestionBlock(SingleChoiceBlock):
    situation = blocks.TextBlock(label=_("Situation"), max_length=2000)

    class Meta:
        icon = "user"
        label = _("What would you do?")


class QuestionStreamBlock(UniqueKeyStreamBlock):
    single_choice = SingleChoiceBlock()
    multiple_choice = MultipleChoiceBlock()
    true_false = TrueFalseBlock()
    ordering = OrderingBlock()
    scenario = ScenarioQuestionBlock()

    duplicate_keys_message = _("Each question needs its own key; repeated: %(keys)s")

    class Meta:
        min_num = 1
        max_num = 15
