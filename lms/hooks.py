"""Where a lower layer tells higher ones that something happened (ARCHITECTURE.md, "Layers").

A lower layer never imports a higher one. When it must tell one (a statement was stored, so a
class's numbers change; a learner is erased, so every app deletes its part), it sends a hook
here, and the higher layer connects its receiver once, at start-up, in its AppConfig.ready.
Receivers run in the sender's transaction, in the order they were connected, and an error
in one propagates to the sender (so the whole change is rolled back): these are part of the
change, not notifications after it. That is the difference from Django signals, which the
style guide keeps out of business logic.
"""

from __future__ import annotations

from collections.abc import Callable


class Hook:
    def __init__(self, name: str, doc: str):
        self.name = name
        self.__doc__ = doc
        self._receivers: list[Callable] = []

    def connect(self, receiver: Callable) -> Callable:
        """Add a receiver (once: connecting it again changes nothing). Usable as a decorator."""
        if receiver not in self._receivers:
            self._receivers.append(receiver)
        return receiver

    def send(self, **kwargs) -> None:
        for receiver in list(self._receivers):
            receiver(**kwargs)

    @property
    def receivers(self) -> list[Callable]:
        return list(self._receivers)

    def __repr__(self) -> str:
        return f"<Hook {self.name}: {len(self._receivers)} receivers>"


statements_stored = Hook(
    "statements_stored",
    """analytics.xapi stored new statements (never a duplicate). Keyword arguments:
    ``statements`` (PreparedStatement list), ``counts`` (True when they may change the
    completion rollups: the platform's own, or a client's whose scope allows it) and
    ``trusted`` (made by the platform itself).""",
)

classroom_changed = Hook(
    "classroom_changed",
    """A class's enrolment or assignments changed (lms.schools, lms.assignments, lms.learn):
    its numbers must be recounted. Keyword argument: ``classroom``.""",
)

learner_erase = Hook(
    "learner_erase",
    """A learner's account is about to be deleted (lms.accounts.services orchestrates it):
    every app deletes what it holds about them. Keyword argument: ``learner``.""",
)

quiz_scored = Hook(
    "quiz_scored",
    """assessments scored a learner's quiz attempt (a submitted form, or one imported): the
    learning records must record it, in the same transaction. Keyword arguments: ``learner``,
    ``module``, ``quiz`` (the QuizPage as the form was built from) and ``outcome``
    (assessments.outcomes.QuizOutcome).""",
)
