"""What checking a statement costs: ralph-malph's xAPI 1.0.3 models alone, and the whole
check the entry function runs (limits, xAPI, the platform's rules). No database.

    .venv/bin/python bench/xapi_validation.py [--n 2000]

Prints one JSON line: microseconds per statement (median of 5 runs) for each kind of
statement the platform emits, and statements per second per core for a quiz submission mix.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402
from ralph.models.xapi.base.statements import BaseXapiStatement  # noqa: E402

from analytics.xapi import profile  # noqa: E402
from analytics.xapi.validation import statement_prepare  # noqa: E402


def context():
    return {
        "registration": str(uuid.uuid4()),
        "contextActivities": {
            "parent": [{"objectType": "Activity", "id": profile.quiz_iri("t1-mat-khau")}],
            "grouping": [
                {"objectType": "Activity", "id": profile.module_iri("t1-mat-khau")},
                {
                    "objectType": "Activity",
                    "id": profile.band_iri(1),
                    "definition": {"type": profile.type_age_band()},
                },
            ],
        },
        "language": "vi",
        "extensions": {
            profile.ext_class(): 1234,
            profile.ext_school(): "79000123",
            profile.ext_province(): "79",
            profile.ext_school_year(): "2025-2026",
        },
        "statement": {"objectType": "StatementRef", "id": str(uuid.uuid4())},
    }


def samples() -> dict:
    actor = profile.learner_agent(uuid.uuid4().hex)
    now = timezone.now().isoformat()
    lesson = {
        "id": str(uuid.uuid4()),
        "actor": actor,
        "verb": {
            "id": profile.VERB_EXPERIENCED,
            "display": profile.VERB_DISPLAY[profile.VERB_EXPERIENCED],
        },
        "object": {
            "objectType": "Activity",
            "id": profile.lesson_iri("t1-mat-khau-chia-khoa"),
            "definition": {"type": profile.TYPE_LESSON, "name": {"vi": "Chiếc chìa khóa"}},
        },
        "timestamp": now,
        "context": {k: v for k, v in context().items() if k != "statement"},
    }
    answered = {
        "id": str(uuid.uuid4()),
        "actor": actor,
        "verb": {
            "id": profile.VERB_ANSWERED,
            "display": profile.VERB_DISPLAY[profile.VERB_ANSWERED],
        },
        "object": {
            "objectType": "Activity",
            "id": profile.question_iri("t1-mat-khau", "q1"),
            "definition": {
                "type": profile.TYPE_INTERACTION,
                "name": {"vi": "Mật khẩu giống cái gì?"},
                "interactionType": "choice",
                "choices": [
                    {"id": str(i), "description": {"vi": t}}
                    for i, t in enumerate(["Chìa khóa", "Cái bánh", "Quả bóng"])
                ],
            },
        },
        "result": {"success": True, "response": "0"},
        "timestamp": now,
        "context": context(),
    }
    passed = {
        "id": str(uuid.uuid4()),
        "actor": actor,
        "verb": {"id": profile.VERB_PASSED, "display": profile.VERB_DISPLAY[profile.VERB_PASSED]},
        "object": {
            "objectType": "Activity",
            "id": profile.quiz_iri("t1-mat-khau"),
            "definition": {"type": profile.TYPE_ASSESSMENT, "name": {"vi": "Đố vui"}},
        },
        "result": {
            "score": {"scaled": 0.8, "raw": 8, "min": 0, "max": 10},
            "success": True,
            "completion": True,
            "duration": "PT95.2S",
        },
        "timestamp": now,
        "context": context(),
    }
    return {"lesson_experienced": lesson, "question_answered": answered, "quiz_passed": passed}


def per_statement_us(function, statement, n: int) -> float:
    for _ in range(50):
        function(statement)
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(n):
            function(statement)
        runs.append((time.perf_counter() - start) / n * 1e6)
    return round(statistics.median(runs), 1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    args = parser.parse_args()
    authority = profile.platform_account()
    result = {
        "bench": "xapi_validation",
        "python": platform.python_version(),
        "machine": platform.machine(),
        "n": args.n,
    }
    ralph, full = {}, {}
    for name, statement in samples().items():
        ralph[name] = per_statement_us(BaseXapiStatement.model_validate, statement, args.n)
        full[name] = per_statement_us(
            lambda s: statement_prepare(s, authority=authority), statement, args.n
        )
    result["ralph_us"] = ralph
    result["entry_check_us"] = full
    # A quiz of 10 questions: attempted + 10 answered + passed + completed = 13 statements.
    quiz_us = full["lesson_experienced"] * 2 + full["question_answered"] * 10 + full["quiz_passed"]
    result["quiz_submission_check_ms"] = round(quiz_us / 1000, 2)
    result["statements_per_second_per_core"] = int(13 / (quiz_us / 1e6))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
