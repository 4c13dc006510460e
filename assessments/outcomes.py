"""What a scored quiz attempt is, as the layers above record it: the outcome assessments
hands to ``lms.hooks.quiz_scored`` (analytics records it as statements and rollups)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class AnswerRecord:
    """One answered question, as the statement tells it."""

    question_key: str
    prompt: str
    interaction_type: str  # choice, true-false, sequencing
    choices: list[tuple[str, str]] = field(default_factory=list)  # (id, text)
    response: str = ""  # xAPI response pattern: "1[,]3", "true", "2[,]0[,]1"
    correct: bool = False


@dataclass
class QuizOutcome:
    attempt_id: uuid.UUID
    started_at: datetime
    submitted_at: datetime
    answers: list[AnswerRecord]
    raw: int
    max: int
    passed: bool

    @property
    def scaled(self) -> float:
        return round(self.raw / self.max, 4) if self.max else 0.0
