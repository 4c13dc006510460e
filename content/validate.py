"""Check the curriculum files without a database: `python -m content.validate`.

Errors (exit 1) are what load_curriculum would refuse. Warnings are the content brief's
rules that a machine can check (sentence length per band, skill areas covered, where to get
help taught, numbers of lessons and questions); a reviewer still reads every word.
"""

import re
import sys

from content.schema import CurriculumError, read_curriculum
from lms.bands import SKILL_AREAS

MAX_WORDS = {1: 10, 2: 15}  # CONTENT.md: sentence length for the youngest bands


def _texts(value):
    if isinstance(value, str):
        yield re.sub(r"<[^>]+>", " ", value)
    elif isinstance(value, dict):
        # Alt text is read by a screen reader, not shown: it may be a longer description.
        for name, item in value.items():
            if name not in ("alt", "illustration"):
                yield from _texts(item)
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)


def _sentences(text: str):
    # A sentence ends at . ! ? or …, possibly followed by a closing quote.
    for sentence in re.split(r"(?<=[.!?…])[”\"']?\s+|\n", text):
        words = sentence.split()
        if words:
            yield sentence.strip(), len(words)


def main(argv: list[str]) -> int:
    only_band = int(argv[argv.index("--band") + 1]) if "--band" in argv else None
    try:
        curriculum = read_curriculum(only_band=only_band)
    except CurriculumError as exc:
        print(f"ERROR {exc}")
        return 1
    warnings = []
    for band in curriculum.bands:
        if only_band is not None and band.band != only_band:
            continue
        modules = curriculum.modules_of(band.band)
        areas = {a for m in modules for a in m.skill_areas}
        lessons = sum(len(m.lessons) for m in modules)
        questions = sum(len(m.quiz.questions) for m in modules if m.quiz)
        print(
            f"band {band.band}: {len(modules)} modules, {lessons} lessons, {questions} quiz questions, "
            f"skill areas {sorted(areas)}"
        )
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
            limit = MAX_WORDS.get(band.band)
            if limit:
                for le in m.lessons:
                    for text in _texts(le.body):
                        for sentence, n in _sentences(text):
                            if n > limit + 2:  # a little slack for names and numbers
                                warnings.append(
                                    f"{m.path.name} {le.key}: {n} words > {limit}: {sentence[:70]}"
                                )
    for w in warnings:
        print(f"WARNING {w}")
    print("OK" if not warnings else f"OK with {len(warnings)} warning(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
