"""What the quiz says to a learner, in the voice of their age band (CONTENT.md): "em" for
bands 1–2 (msgctxt "child"), "bạn" for bands 3–4 and for visitors."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

VOICED = {
    "how": (
        _("Answer every question, then press “Submit”."),
        pgettext_lazy("child", "Answer every question, then press “Submit”."),
    ),
    "practice": (
        _("Practice: your answers are scored and explained, but not saved."),
        pgettext_lazy("child", "Practice: your answers are scored and explained, but not saved."),
    ),
    "sign_in_to_save": (
        _("Sign in to save your result"),
        pgettext_lazy("child", "Sign in to save your result"),
    ),
    "missing": (
        _("Some questions still need an answer: look for the ones marked in red."),
        pgettext_lazy(
            "child", "Some questions still need an answer: look for the ones marked in red."
        ),
    ),
    "score": (
        _("You got %(raw)s of %(max)s right (%(percent)s%%)."),
        pgettext_lazy("child", "You got %(raw)s of %(max)s right (%(percent)s%%)."),
    ),
    "passed": (
        _("Well done! You passed this quiz."),
        pgettext_lazy("child", "Well done! You passed this quiz."),
    ),
    "completed": (
        _("You have completed this module."),
        pgettext_lazy("child", "You have completed this module."),
    ),
    "failed": (
        _(
            "Not this time: you need %(mark)s%% to pass. Read the explanations below, look "
            "at the lessons again, then try once more. You can try as many times as you like."
        ),
        pgettext_lazy(
            "child",
            "Not this time: you need %(mark)s%% to pass. Read the explanations below, look "
            "at the lessons again, then try once more. You can try as many times as you like.",
        ),
    ),
    "practice_result": (
        _("This was practice: nothing was saved."),
        pgettext_lazy("child", "This was practice: nothing was saved."),
    ),
    "your_answer": (_("Your answer:"), pgettext_lazy("child", "Your answer:")),
    "your_order": (_("Your order:"), pgettext_lazy("child", "Your order:")),
    "missed": (
        _("There is another right answer you did not choose."),
        pgettext_lazy("child", "There is another right answer you did not choose."),
    ),
    "best": (
        _("Your best score so far: %(percent)s%%."),
        pgettext_lazy("child", "Your best score so far: %(percent)s%%."),
    ),
    "best_completed": (
        _("Your best score so far: %(percent)s%%. You have completed this module."),
        pgettext_lazy(
            "child", "Your best score so far: %(percent)s%%. You have completed this module."
        ),
    ),
    "replayed": (
        _("You have already sent these answers. Your result is saved."),
        pgettext_lazy("child", "You have already sent these answers. Your result is saved."),
    ),
    "expired": (
        _("This quiz page was open for too long. Here is a new one."),
        pgettext_lazy("child", "This quiz page was open for too long. Here is a new one."),
    ),
    "unreadable": (
        _("These answers could not be read. Please open the quiz again."),
        pgettext_lazy("child", "These answers could not be read. Please open the quiz again."),
    ),
    "what_would_you_do": (
        _("What would you do?"),
        pgettext_lazy("child", "What would you do?"),
    ),
}


def texts_for(voice: str) -> dict:
    """The quiz's words for a voice ("child" or "teen")."""
    child = voice == "child"
    return {key: (pair[1] if child else pair[0]) for key, pair in VOICED.items()}
