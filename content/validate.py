"""Check the curriculum files without a database: `python -m content.validate [--band N]
[--path DIR]`.

Errors (exit 1) are what load_curriculum would refuse, and the curriculum rules that every
module must meet before it ships (issue 14: a teacher's guide for every module, module times
that include the quiz, band-1 sentence length, enough quiz items and enough scenario items).
Warnings are the content brief's softer rules; a reviewer still reads every word.

Sentence length is counted in tiếng (syllables: what spaces separate in Vietnamese writing),
the unit lớp 1 readers decode and Vietnamese readability work counts. A word ("mật khẩu") is
one to three tiếng, so "at most 10 words" in the content brief is checked, strictly, as at
most 12 tiếng in band 1 (an error) and at most 18 tiếng in band 2 (a warning).
"""

from __future__ import annotations

import math
import re
import sys
from pathlib import Path

from content.schema import CURRICULUM_DIR, Curriculum, CurriculumError, read_curriculum
from lms.bands import SKILL_AREAS

MAX_SYLLABLES = {1: 12, 2: 18}  # CONTENT.md "≤ 10 words" / "≤ 15 words", counted in tiếng
MIN_QUIZ_ITEMS_PER_BAND = 36
MIN_SCENARIO_SHARE = {2: 0.5, 3: 0.5, 4: 0.5}  # type: scenario, share of a band's quiz items
QUIZ_MINUTES_PER_QUESTION = 0.5  # a module's minutes cover its lessons and its quiz

# Curriculum rules that content will satisfy later (PLAN.md): the modules still pending for
# each rule, by key. A content helper empties these; an entry for a module that now passes,
# or that does not exist, is itself an error, so the lists only shrink.
GUIDE_PENDING: set[str] = set()


def _texts(value):
    if isinstance(value, str):
        # A paragraph, a list item and a line are each their own sentence (or more).
        yield re.sub(r"<[^>]+>", " ", re.sub(r"</(p|li|h\d)>|<br\s*/?>", "\n", value))
    elif isinstance(value, dict):
        # Alt text is read by a screen reader, not shown: it may be a longer description.
        for name, item in value.items():
            if name not in ("alt", "illustration"):
                yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


def _sentences(text: str):
    """(sentence, tiếng) for each sentence: it ends at . ! ? … or a line break, possibly
    followed by a closing quote. Dashes and other punctuation standing alone are not tiếng."""
    for sentence in re.split(r"(?<=[.!?…])[”\"']?\s+|\n", text):
        syllables = [w for w in sentence.split() if re.search(r"\w", w)]
        if syllables:
            yield sentence.strip(), len(syllables)


def rule_problems(curriculum: Curriculum, only_band: int | None = None) -> list[str]:
    """The issue-14 curriculum rules, as errors naming the file and the field."""
    errors: list[str] = []
    pending_seen: set[str] = set()
    for band in curriculum.bands:
        if only_band is not None and band.band != only_band:
            continue
        modules = curriculum.modules_of(band.band)
        if band.band not in curriculum.glossaries:
            errors.append(f"band-{band.band}/glossary.yaml: missing (every band has a glossary)")
        questions = [q for m in modules if m.quiz for q in m.quiz.questions]
        if len(questions) < MIN_QUIZ_ITEMS_PER_BAND:
            errors.append(
                f"band-{band.band}: quiz.questions: {len(questions)} items in the band, "
                f"at least {MIN_QUIZ_ITEMS_PER_BAND} wanted"
            )
        share = MIN_SCENARIO_SHARE.get(band.band)
        if share and questions:
            scenarios = sum(q["type"] == "scenario" for q in questions)
            if scenarios < share * len(questions):
                errors.append(
                    f"band-{band.band}: quiz.questions: {scenarios} of {len(questions)} items are "
                    f"scenarios, at least {share:.0%} wanted"
                )
        for m in modules:
            name = f"band-{band.band}/{m.path.name}"
            if m.guide is None and m.key not in GUIDE_PENDING:
                errors.append(f"{name}: no teacher's guide ({m.path.stem}.guide.yaml is missing)")
            if m.key in GUIDE_PENDING:
                pending_seen.add(m.key)
                if m.guide is not None:
                    errors.append(f"{name}: has its guide now: remove '{m.key}' from GUIDE_PENDING")
            lesson_minutes = sum(le.estimated_minutes for le in m.lessons)
            quiz_minutes = (
                math.ceil(len(m.quiz.questions) * QUIZ_MINUTES_PER_QUESTION) if m.quiz else 0
            )
            if m.estimated_minutes < lesson_minutes + quiz_minutes:
                errors.append(
                    f"{name}: estimated_minutes: {m.estimated_minutes}, but the lessons take "
                    f"{lesson_minutes} and the quiz about {quiz_minutes}"
                )
            if band.band == 1:
                limit = MAX_SYLLABLES[1]
                for i, le in enumerate(m.lessons):
                    for j, block in enumerate(le.body):
                        for text in _texts(block["value"]):
                            for sentence, n in _sentences(text):
                                if n > limit:
                                    errors.append(
                                        f"{name}: lessons[{i}].body[{j}].{block['type']}: "
                                        f"{n} tiếng > {limit}: {sentence[:70]}"
                                    )
    if only_band is None:
        known = {m.key for m in curriculum.modules}
        for key in sorted(GUIDE_PENDING - known):
            errors.append(f"content/validate.py: GUIDE_PENDING: no module '{key}'")
    return errors


def warning_problems(curriculum: Curriculum, only_band: int | None = None) -> list[str]:
    warnings = []
    for band in curriculum.bands:
        if only_band is not None and band.band != only_band:
            continue
        modules = curriculum.modules_of(band.band)
        areas = {a for m in modules for a in m.skill_areas}
        if len(modules) < 3:
            warnings.append(f"band {band.band}: {len(modules)} modules, at least 3 wanted")
        if missing := set(SKILL_AREAS) - areas:
            warnings.append(f"band {band.band}: skill areas not covered: {sorted(missing)}")
        band_text = " ".join(t for m in modules for le in m.lessons for t in _texts(le.body))
        if "111" not in band_text and not any(
            b["type"] == "help" for m in modules for le in m.lessons for b in le.body
        ):
            warnings.append(f"band {band.band}: no lesson teaches hotline 111")
        for m in modules:
            if not 2 <= len(m.lessons) <= 4:
                warnings.append(f"{m.path.name}: {len(m.lessons)} lessons, 2-4 wanted")
            if m.quiz is None:
                warnings.append(f"{m.path.name}: no quiz")
            elif not 5 <= len(m.quiz.questions) <= 10:
                warnings.append(f"{m.path.name}: {len(m.quiz.questions)} questions, 5-10 wanted")
            limit = MAX_SYLLABLES.get(band.band)
            if limit and band.band != 1:  # band 1: an error, in rule_problems
                for le in m.lessons:
                    for text in _texts(le.body):
                        for sentence, n in _sentences(text):
                            if n > limit:
                                warnings.append(
                                    f"{m.path.name} {le.key}: {n} tiếng > {limit}: {sentence[:70]}"
                                )
    return warnings


def main(argv: list[str]) -> int:
    only_band = int(argv[argv.index("--band") + 1]) if "--band" in argv else None
    root = Path(argv[argv.index("--path") + 1]) if "--path" in argv else CURRICULUM_DIR
    try:
        curriculum = read_curriculum(root, only_band=only_band)
    except CurriculumError as exc:
        print(f"ERROR {exc}")
        return 1
    for band in curriculum.bands:
        if only_band is not None and band.band != only_band:
            continue
        modules = curriculum.modules_of(band.band)
        questions = [q for m in modules if m.quiz for q in m.quiz.questions]
        glossary = curriculum.glossaries.get(band.band)
        print(
            f"band {band.band}: {len(modules)} modules, "
            f"{sum(len(m.lessons) for m in modules)} lessons, {len(questions)} quiz questions "
            f"({sum(q['type'] == 'scenario' for q in questions)} scenarios), "
            f"{sum(m.guide is not None for m in modules)} teacher's guides, "
            f"{len(glossary.terms) if glossary else 0} glossary terms, "
            f"skill areas {sorted({a for m in modules for a in m.skill_areas})}"
        )
    errors = rule_problems(curriculum, only_band)
    warnings = warning_problems(curriculum, only_band)
    for w in warnings:
        print(f"WARNING {w}")
    for e in errors:
        print(f"ERROR {e}")
    if errors:
        return 1
    print("OK" if not warnings else f"OK with {len(warnings)} warning(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
