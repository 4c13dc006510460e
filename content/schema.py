"""Reading and checking the curriculum files (docs/curriculum-format.md).

Everything here is pure: it reads YAML files and returns plain data, or raises
``CurriculumError`` naming the file and the field. ``load_curriculum`` writes to the database
only after the whole tree has passed these checks, so a bad file changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from lms.bands import AGE_BANDS, SKILL_AREAS

CONTENT_DIR = Path(__file__).resolve().parent
CURRICULUM_DIR = CONTENT_DIR / "curriculum"
ILLUSTRATIONS_DIR = CONTENT_DIR / "illustrations"

KEY_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
COLOURS = ("sun", "leaf", "sky", "berry")
CALLOUT_KINDS = ("tip", "warning", "remember")
BLOCK_TYPES = ("heading", "paragraph", "image", "callout", "scenario", "takeaways", "help", "video")
QUESTION_TYPES = ("single_choice", "multiple_choice", "true_false", "ordering", "scenario")
MAX_FILE_BYTES = 512 * 1024


class CurriculumError(Exception):
    """A problem in one curriculum file, with where it is."""

    def __init__(self, path: Path | str, where: str, message: str):
        self.path = str(path)
        self.where = where
        self.message = message
        location = f"{self.path}: {where}" if where else self.path
        super().__init__(f"{location}: {message}")


@dataclass
class Band:
    band: int
    title: str
    slug: str
    description: str
    colour: str
    illustration: str | None


@dataclass
class Lesson:
    key: str
    slug: str
    title: str
    estimated_minutes: int
    summary: str
    body: list[dict[str, Any]]  # [{"type": ..., "value": ...}] in Wagtail's stream format


@dataclass
class Quiz:
    title: str
    slug: str
    pass_mark: int
    shuffle: bool
    intro: str
    questions: list[dict[str, Any]]  # [{"type": ..., "value": ...}]


@dataclass
class Module:
    path: Path
    band: int
    order: int
    key: str
    title: str
    slug: str
    summary: str
    skill_areas: list[str]
    estimated_minutes: int
    illustration: str | None
    objectives: list[str]
    lessons: list[Lesson]
    quiz: Quiz | None
    guide: TeacherGuide | None = None  # from the sidecar NN-slug.guide.yaml (see below)


@dataclass
class Curriculum:
    home_title: str
    home_intro: str
    bands: list[Band]
    modules: list[Module] = field(default_factory=list)
    glossaries: dict[int, Glossary] = field(default_factory=dict)  # band -> its glossary

    def modules_of(self, band: int) -> list[Module]:
        return sorted((m for m in self.modules if m.band == band), key=lambda m: m.order)


class _Reader:
    """Field access on one file's YAML with precise error locations."""

    def __init__(self, path: Path, illustrations: set[str]):
        self.path = path
        self.illustrations = illustrations

    def fail(self, where: str, message: str):
        raise CurriculumError(self.path, where, message)

    def mapping(self, value: Any, where: str) -> dict:
        if not isinstance(value, dict):
            self.fail(where, "must be a mapping (key: value)")
        return value

    def items(
        self, value: Any, where: str, *, minimum: int = 0, maximum: int | None = None
    ) -> list:
        if not isinstance(value, list):
            self.fail(where, "must be a list")
        if len(value) < minimum:
            self.fail(where, f"needs at least {minimum} item(s), has {len(value)}")
        if maximum is not None and len(value) > maximum:
            self.fail(where, f"allows at most {maximum} item(s), has {len(value)}")
        return value

    def text(
        self, data: dict, name: str, where: str, *, required: bool = True, max_len: int = 5000
    ) -> str:
        value = data.get(name)
        path = f"{where}.{name}" if where else name
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(path, "is missing")
            return ""
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.fail(path, "must be text")
        value = str(value).strip()
        if len(value) > max_len:
            self.fail(path, f"is longer than {max_len} characters")
        return value

    def key(self, data: dict, name: str, where: str) -> str:
        value = self.text(data, name, where, max_len=80)
        if not KEY_RE.match(value):
            self.fail(
                f"{where}.{name}" if where else name,
                f"'{value}' must be lowercase letters, digits and hyphens",
            )
        return value

    def number(
        self, data: dict, name: str, where: str, *, low: int, high: int, default: int | None = None
    ) -> int:
        value = data.get(name, default)
        path = f"{where}.{name}" if where else name
        if value is None:
            self.fail(path, "is missing")
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(path, "must be a whole number")
        if not low <= value <= high:
            self.fail(path, f"must be between {low} and {high}, is {value}")
        return value

    def flag(self, data: dict, name: str, where: str, *, default: bool | None = None) -> bool:
        value = data.get(name, default)
        path = f"{where}.{name}" if where else name
        if not isinstance(value, bool):
            self.fail(path, "must be true or false")
        return value

    def illustration(
        self, data: dict, name: str, where: str, *, required: bool = False
    ) -> str | None:
        value = self.text(data, name, where, required=required, max_len=80) or None
        if value is not None and value not in self.illustrations:
            self.fail(
                f"{where}.{name}" if where else name,
                f"unknown illustration '{value}' (no content/illustrations/{value}.svg)",
            )
        return value

    def one_of(
        self, raw: Any, where: str, kinds, *, item: str, kind_name: str
    ) -> tuple[str, Any, str]:
        """A one-entry mapping {kind: value} whose kind is one of ``kinds`` (a block, a step):
        (kind, value, the path of its fields)."""
        data = self.mapping(raw, where)
        if len(data) != 1:
            self.fail(where, f"each {item} is one mapping {{{kind_name}: value}}")
        ((kind, value),) = data.items()
        if kind not in kinds:
            self.fail(where, f"unknown {kind_name} '{kind}' (use one of: {', '.join(kinds)})")
        return kind, value, f"{where}.{kind}"

    def only(self, data: dict, allowed: set[str], where: str) -> None:
        unknown = sorted(set(data) - allowed)
        if unknown:
            self.fail(where or "(top level)", f"unknown field(s): {', '.join(unknown)}")


def _rich_text(text: str) -> str:
    """Plain text as Wagtail rich text: a blank line starts a paragraph, lines starting with
    "- " are bullet items (an intro line may stand right above them), **two stars** is bold."""
    from html import escape
    from itertools import groupby

    def inline(line: str) -> str:
        line = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", escape(line.strip(), quote=False))
        return _glossary_markup(line)

    html: list[str] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        lines = [ln.strip() for ln in chunk.splitlines() if ln.strip()]
        for is_item, group in groupby(lines, key=lambda ln: ln.startswith("- ")):
            group = list(group)
            if is_item:
                html.append(
                    "<ul>" + "".join(f"<li>{inline(ln[2:])}</li>" for ln in group) + "</ul>"
                )
            else:
                html.append("<p>" + inline(" ".join(group)) + "</p>")
    return "".join(html)


def _image(r: _Reader, value: Any, where: str) -> dict:
    data = r.mapping(value, where)
    r.only(data, {"illustration", "alt", "caption"}, where)
    return {
        "illustration": r.illustration(data, "illustration", where, required=True),
        "alt": r.text(data, "alt", where, max_len=300),
        "caption": r.text(data, "caption", where, required=False, max_len=300),
    }


def _block(r: _Reader, raw: Any, where: str) -> dict:
    kind, value, here = r.one_of(raw, where, BLOCK_TYPES, item="block", kind_name="block type")
    if kind == "heading":
        value = r.text({"heading": value}, "heading", where, max_len=200)
    elif kind == "paragraph":
        value = _rich_text(r.text({"paragraph": value}, "paragraph", where))
    elif kind == "image":
        value = _image(r, value, here)
    elif kind == "callout":
        data = r.mapping(value, here)
        r.only(data, {"kind", "text"}, here)
        callout_kind = r.text(data, "kind", here)
        if callout_kind not in CALLOUT_KINDS:
            r.fail(f"{here}.kind", f"'{callout_kind}' must be one of {', '.join(CALLOUT_KINDS)}")
        value = {"kind": callout_kind, "text": r.text(data, "text", here, max_len=1000)}
    elif kind == "scenario":
        data = r.mapping(value, here)
        r.only(data, {"prompt", "image", "choices"}, here)
        choices = []
        for i, raw_choice in enumerate(
            r.items(data.get("choices"), f"{here}.choices", minimum=2, maximum=4)
        ):
            cw = f"{here}.choices[{i}]"
            choice = r.mapping(raw_choice, cw)
            r.only(choice, {"text", "best", "explanation"}, cw)
            choices.append(
                {
                    "text": r.text(choice, "text", cw, max_len=300),
                    "best": r.flag(choice, "best", cw),
                    "explanation": r.text(choice, "explanation", cw, max_len=600),
                }
            )
        if not any(c["best"] for c in choices):
            r.fail(f"{here}.choices", "needs one choice with best: true")
        value = {
            "prompt": r.text(data, "prompt", here, max_len=1000),
            "image": _image(r, data["image"], f"{here}.image") if data.get("image") else None,
            "choices": choices,
        }
    elif kind == "takeaways":
        lines = r.items(value, here, minimum=1, maximum=5)
        value = [
            r.text({"item": line}, "item", f"{here}[{i}]", max_len=300)
            for i, line in enumerate(lines)
        ]
    elif kind == "help":
        if value not in (None, {}):
            r.fail(here, "takes no fields: write help: {}")
        value = {}
    elif kind == "video":
        data = r.mapping(value, here)
        r.only(data, {"document", "transcript", "caption"}, here)
        value = {
            "document": r.text(data, "document", here, max_len=200),
            "transcript": r.text(data, "transcript", here, max_len=20000),
            "caption": r.text(data, "caption", here, required=False, max_len=300),
        }
    return {"type": kind, "value": value}


def _choices(
    r: _Reader, data: dict, where: str, *, minimum: int, maximum: int, exactly_one: bool
) -> list[dict]:
    out = []
    for i, raw in enumerate(
        r.items(data.get("choices"), f"{where}.choices", minimum=minimum, maximum=maximum)
    ):
        cw = f"{where}.choices[{i}]"
        choice = r.mapping(raw, cw)
        r.only(choice, {"text", "correct", "feedback"}, cw)
        out.append(
            {
                "text": r.text(choice, "text", cw, max_len=300),
                "correct": r.flag(choice, "correct", cw),
                "feedback": r.text(choice, "feedback", cw, max_len=600),
            }
        )
    correct = sum(c["correct"] for c in out)
    if exactly_one and correct != 1:
        r.fail(f"{where}.choices", f"needs exactly one correct choice, has {correct}")
    if not exactly_one and correct < 1:
        r.fail(f"{where}.choices", "needs at least one correct choice")
    return out


def _question(r: _Reader, raw: Any, where: str) -> dict:
    data = r.mapping(raw, where)
    kind = r.text(data, "type", where)
    if kind not in QUESTION_TYPES:
        r.fail(
            f"{where}.type",
            f"unknown question type '{kind}' (use one of: {', '.join(QUESTION_TYPES)})",
        )
    common = {"key", "type", "prompt", "image"}
    allowed = {
        "single_choice": common | {"choices"},
        "multiple_choice": common | {"choices"},
        "true_false": common | {"answer", "feedback_true", "feedback_false"},
        "ordering": common | {"items", "feedback_correct", "feedback_incorrect"},
        "scenario": common | {"situation", "choices"},
    }[kind]
    r.only(data, allowed, where)
    value: dict[str, Any] = {
        "key": r.key(data, "key", where),
        "prompt": r.text(data, "prompt", where, max_len=1000),
        "image": _image(r, data["image"], f"{where}.image") if data.get("image") else None,
    }
    if kind in ("single_choice", "scenario"):
        value["choices"] = _choices(r, data, where, minimum=2, maximum=4, exactly_one=True)
    if kind == "scenario":
        value["situation"] = r.text(data, "situation", where, max_len=2000)
    if kind == "multiple_choice":
        value["choices"] = _choices(r, data, where, minimum=3, maximum=5, exactly_one=False)
    if kind == "true_false":
        value["answer"] = r.flag(data, "answer", where)
        value["feedback_true"] = r.text(data, "feedback_true", where, max_len=600)
        value["feedback_false"] = r.text(data, "feedback_false", where, max_len=600)
    if kind == "ordering":
        items = r.items(data.get("items"), f"{where}.items", minimum=3, maximum=5)
        value["items"] = [
            r.text({"item": it}, "item", f"{where}.items[{i}]", max_len=300)
            for i, it in enumerate(items)
        ]
        if len(set(value["items"])) != len(value["items"]):
            r.fail(f"{where}.items", "items must all differ")
        value["feedback_correct"] = r.text(data, "feedback_correct", where, max_len=600)
        value["feedback_incorrect"] = r.text(data, "feedback_incorrect", where, max_len=600)
    return {"type": kind, "value": value}


def _quiz(r: _Reader, raw: Any) -> Quiz:
    data = r.mapping(raw, "quiz")
    r.only(data, {"title", "slug", "pass_mark", "shuffle", "intro", "questions"}, "quiz")
    questions = [
        _question(r, q, f"quiz.questions[{i}]")
        for i, q in enumerate(
            r.items(data.get("questions"), "quiz.questions", minimum=1, maximum=15)
        )
    ]
    seen: set[str] = set()
    for i, q in enumerate(questions):
        if q["value"]["key"] in seen:
            r.fail(f"quiz.questions[{i}].key", f"duplicate question key '{q['value']['key']}'")
        seen.add(q["value"]["key"])
    return Quiz(
        title=r.text(data, "title", "quiz", max_len=200),
        slug=r.key(data, "slug", "quiz") if data.get("slug") else "bai-kiem-tra",
        pass_mark=r.number(data, "pass_mark", "quiz", low=1, high=100, default=70),
        shuffle=r.flag(data, "shuffle", "quiz", default=True),
        intro=r.text(data, "intro", "quiz", required=False, max_len=1000),
        questions=questions,
    )


def _load_yaml(path: Path) -> Any:
    if path.stat().st_size > MAX_FILE_BYTES:
        raise CurriculumError(path, "", f"file is larger than {MAX_FILE_BYTES // 1024} KB")
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise CurriculumError(path, "", f"not UTF-8 text ({exc.reason})") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else ""
        raise CurriculumError(
            path, where, f"not valid YAML: {getattr(exc, 'problem', exc)}"
        ) from exc


def read_module(path: Path, band: int, illustrations: set[str]) -> Module:
    r = _Reader(path, illustrations)
    data = r.mapping(_load_yaml(path), "")
    r.only(
        data,
        {
            "key",
            "title",
            "slug",
            "summary",
            "skill_areas",
            "estimated_minutes",
            "illustration",
            "objectives",
            "lessons",
            "quiz",
        },
        "",
    )
    match = re.match(r"^(\d+)-", path.name)
    if not match:
        r.fail("", "file name must start with its order number, like 01-name.yaml")
    areas = r.items(data.get("skill_areas"), "skill_areas", minimum=1, maximum=5)
    for i, area in enumerate(areas):
        if area not in SKILL_AREAS:
            r.fail(
                f"skill_areas[{i}]", f"unknown skill area '{area}' (use: {', '.join(SKILL_AREAS)})"
            )
    lessons = []
    for i, raw in enumerate(r.items(data.get("lessons"), "lessons", minimum=1, maximum=6)):
        where = f"lessons[{i}]"
        lesson = r.mapping(raw, where)
        r.only(lesson, {"key", "slug", "title", "estimated_minutes", "summary", "body"}, where)
        lessons.append(
            Lesson(
                key=r.key(lesson, "key", where),
                slug=r.key(lesson, "slug", where),
                title=r.text(lesson, "title", where, max_len=200),
                estimated_minutes=r.number(lesson, "estimated_minutes", where, low=1, high=30),
                summary=r.text(lesson, "summary", where, max_len=500),
                body=[
                    _block(r, b, f"{where}.body[{j}]")
                    for j, b in enumerate(r.items(lesson.get("body"), f"{where}.body", minimum=1))
                ],
            )
        )
    slugs = [lesson.slug for lesson in lessons]
    for i, slug in enumerate(slugs):
        if slugs.index(slug) != i:
            r.fail(f"lessons[{i}].slug", f"duplicate slug '{slug}' in this module")
    quiz = _quiz(r, data["quiz"]) if data.get("quiz") is not None else None
    if quiz and quiz.slug in slugs:
        r.fail("quiz.slug", f"duplicate slug '{quiz.slug}': a lesson of this module has it")
    return Module(
        path=path,
        band=band,
        order=int(match.group(1)),
        key=r.key(data, "key", ""),
        title=r.text(data, "title", "", max_len=200),
        slug=r.key(data, "slug", ""),
        summary=r.text(data, "summary", "", max_len=500),
        skill_areas=list(dict.fromkeys(areas)),
        estimated_minutes=r.number(data, "estimated_minutes", "", low=1, high=120),
        illustration=r.illustration(data, "illustration", ""),
        objectives=[
            r.text({"o": o}, "o", f"objectives[{i}]", max_len=300)
            for i, o in enumerate(
                r.items(data.get("objectives"), "objectives", minimum=1, maximum=6)
            )
        ],
        lessons=lessons,
        quiz=quiz,
    )


def read_curriculum(
    root: Path = CURRICULUM_DIR,
    illustrations_dir: Path = ILLUSTRATIONS_DIR,
    *,
    only_band: int | None = None,
) -> Curriculum:
    """Read and check the whole tree (or bands.yaml and one band's folder); raise
    CurriculumError at the first problem."""
    illustrations = (
        {p.stem for p in illustrations_dir.glob("*.svg")} if illustrations_dir.exists() else set()
    )
    bands_path = root / "bands.yaml"
    if not bands_path.exists():
        raise CurriculumError(bands_path, "", "file is missing")
    r = _Reader(bands_path, illustrations)
    data = r.mapping(_load_yaml(bands_path), "")
    r.only(data, {"home", "bands"}, "")
    home = r.mapping(data.get("home"), "home")
    bands = []
    for i, raw in enumerate(
        r.items(data.get("bands"), "bands", minimum=len(AGE_BANDS), maximum=len(AGE_BANDS))
    ):
        where = f"bands[{i}]"
        b = r.mapping(raw, where)
        r.only(b, {"band", "title", "slug", "description", "colour", "illustration"}, where)
        colour = r.text(b, "colour", where)
        if colour not in COLOURS:
            r.fail(f"{where}.colour", f"'{colour}' must be one of {', '.join(COLOURS)}")
        bands.append(
            Band(
                band=r.number(b, "band", where, low=1, high=len(AGE_BANDS)),
                title=r.text(b, "title", where, max_len=100),
                slug=r.key(b, "slug", where),
                description=r.text(b, "description", where, max_len=500),
                colour=colour,
                illustration=r.illustration(b, "illustration", where),
            )
        )
    for field_name in ("band", "slug"):
        values = [getattr(b, field_name) for b in bands]
        for i, value in enumerate(values):
            if values.index(value) != i:
                r.fail(f"bands[{i}].{field_name}", f"duplicate {field_name} '{value}'")
    curriculum = Curriculum(
        home_title=r.text(home, "title", "home", max_len=200),
        home_intro=r.text(home, "intro", "home", max_len=1000),
        bands=sorted(bands, key=lambda b: b.band),
    )

    keys: dict[str, Path] = {}
    for band in curriculum.bands:
        if only_band is not None and band.band != only_band:
            continue
        folder = root / f"band-{band.band}"
        module_slugs: dict[str, Path] = {}
        orders: dict[int, Path] = {}
        if folder.exists():
            glossary_path = folder / GLOSSARY_FILE
            if glossary_path.exists():
                curriculum.glossaries[band.band] = read_glossary(glossary_path, band.band)
        for path in _module_files(folder):
            module = read_module(path, band.band, illustrations)
            module.guide = read_guide_for(module)
            _check_glossary_links(module, curriculum.glossaries.get(band.band))
            if module.slug in module_slugs:
                raise CurriculumError(
                    path,
                    "slug",
                    f"duplicate slug '{module.slug}': {module_slugs[module.slug].name} has it",
                )
            if module.order in orders:
                raise CurriculumError(
                    path,
                    "",
                    f"order number {module.order} is used by {orders[module.order].name} too",
                )
            module_slugs[module.slug] = path
            orders[module.order] = path
            for where, key in [("key", module.key)] + [
                (f"lessons[{i}].key", le.key) for i, le in enumerate(module.lessons)
            ]:
                if key in keys:
                    raise CurriculumError(path, where, f"duplicate key '{key}': {keys[key]} has it")
                keys[key] = path
            curriculum.modules.append(module)
    return curriculum


# --- Teachers' guides and glossaries (issue 14) ------------------------------------------
#
# A module's teacher's guide is a sidecar file beside it, NN-slug.guide.yaml, so the module
# file stays what children see and the guide what teachers read (docs/curriculum-format.md).
# Each band folder may hold one glossary.yaml; lessons link to its terms with [[...]].

GUIDE_SUFFIX = ".guide.yaml"
GLOSSARY_FILE = "glossary.yaml"
GLOSSARY_ANCHOR = "tu-"  # a term's id on a page: #tu-otp ("từ" = word)
GUIDE_MINUTES = (35, 45)  # one school period, with the quiz
GUIDE_STEPS = ("warm_up", "lessons", "discussion", "activity", "quiz", "wrap_up")
GUIDE_REQUIRED_STEPS = ("warm_up", "lessons", "discussion", "activity", "quiz")
GUIDE_STEP_COUNTS = {"activity": (1, 2)}  # every other step: exactly once if required, else ≤ 1
GUIDE_STEP_FIELDS = {
    # step -> (required fields, optional fields); text fields are rich text like paragraphs
    "warm_up": ({"minutes", "text"}, {"title"}),
    "lessons": ({"minutes", "text", "offline"}, {"title"}),
    "discussion": ({"minutes", "text", "prompts"}, {"title"}),
    "activity": ({"minutes", "title", "text"}, {"materials"}),
    "quiz": ({"minutes", "text", "offline"}, {"title"}),
    "wrap_up": ({"minutes", "text"}, {"title"}),
}
GUIDE_RICH_FIELDS = {"text", "offline"}
_GLOSSARY_MARKUP = re.compile(r"\[\[([^\[\]|]+?)(?:\|([^\[\]|]+?))?\]\]")
_GLOSSARY_HREF = re.compile(r'href="#' + GLOSSARY_ANCHOR + r'([^"]*)"')


@dataclass
class TeacherGuide:
    path: Path
    objectives: list[str]
    preparation: list[str]
    plan: list[dict[str, Any]]  # [{"type": step, "value": {...}}] in Wagtail's stream format
    answer_notes: dict[str, str]  # question key -> note (rich text)

    @property
    def minutes(self) -> int:
        return sum(step["value"]["minutes"] for step in self.plan)


@dataclass
class Glossary:
    path: Path
    band: int
    title: str
    slug: str
    intro: str
    terms: list[dict[str, str]]  # {"key", "term", "definition", "example"}

    def term_keys(self) -> set[str]:
        return {t["key"] for t in self.terms}


def glossary_key(text: str) -> str:
    """The key a [[term]] link points at when it names none: "Mã OTP" -> "ma-otp"."""
    from anyascii import anyascii

    return re.sub(r"[^a-z0-9]+", "-", anyascii(text).lower()).strip("-")


def _glossary_markup(html: str) -> str:
    """[[OTP]] or [[mã OTP|otp]] -> a link to the term's entry (#tu-otp). The lesson page lists
    the terms it links to, and the band's glossary page has them all."""

    def link(match: re.Match) -> str:
        text, key = match.group(1).strip(), (match.group(2) or "").strip()
        return f'<a href="#{GLOSSARY_ANCHOR}{key or glossary_key(text)}">{text}</a>'

    return _GLOSSARY_MARKUP.sub(link, html)


def glossary_links(html: str) -> list[str]:
    """The term keys a rich-text value links to, in order, each once."""
    return list(dict.fromkeys(_GLOSSARY_HREF.findall(html)))


def _module_files(folder: Path) -> list[Path]:
    """A band folder's module files: NN-slug.yaml; guides and the glossary are read beside
    them, and any other file is a mistake worth naming."""
    if not folder.exists():
        return []
    modules = []
    for path in sorted(folder.glob("*.yaml")):
        if path.name == GLOSSARY_FILE:
            continue
        if path.name.endswith(GUIDE_SUFFIX):
            if not path.with_name(path.name[: -len(GUIDE_SUFFIX)] + ".yaml").exists():
                raise CurriculumError(
                    path, "", "a teacher's guide without its module file (NN-slug.yaml)"
                )
            continue
        modules.append(path)
    return modules


def guide_path(module_path: Path) -> Path:
    return module_path.with_name(module_path.stem + GUIDE_SUFFIX)


def read_guide_for(module: Module) -> TeacherGuide | None:
    path = guide_path(module.path)
    if not path.exists():
        return None
    question_keys = [q["value"]["key"] for q in module.quiz.questions] if module.quiz else []
    return read_guide(path, question_keys=question_keys)


def read_guide(path: Path, *, question_keys: list[str]) -> TeacherGuide:
    r = _Reader(path, set())
    data = r.mapping(_load_yaml(path), "")
    r.only(data, {"objectives", "preparation", "plan", "answer_notes"}, "")

    def lines(name: str, *, minimum: int, maximum: int) -> list[str]:
        raw = data.get(name)
        if raw is None and minimum == 0:
            return []
        return [
            r.text({"line": line}, "line", f"{name}[{i}]", max_len=400)
            for i, line in enumerate(r.items(raw, name, minimum=minimum, maximum=maximum))
        ]

    objectives = lines("objectives", minimum=2, maximum=5)
    preparation = lines("preparation", minimum=0, maximum=8)
    plan = []
    counts: dict[str, int] = {}
    for i, raw in enumerate(r.items(data.get("plan"), "plan", minimum=len(GUIDE_REQUIRED_STEPS))):
        kind, value, here = r.one_of(raw, f"plan[{i}]", GUIDE_STEPS, item="step", kind_name="step")
        fields = r.mapping(value, here)
        required, optional = GUIDE_STEP_FIELDS[kind]
        r.only(fields, required | optional, here)
        step: dict[str, Any] = {"minutes": r.number(fields, "minutes", here, low=1, high=30)}
        for name in sorted((required | optional) - {"minutes", "prompts"}):
            text = r.text(fields, name, here, required=name in required, max_len=4000)
            step[name] = _rich_text(text) if name in GUIDE_RICH_FIELDS and text else text
        if "prompts" in required:
            step["prompts"] = [
                r.text({"p": p}, "p", f"{here}.prompts[{j}]", max_len=400)
                for j, p in enumerate(
                    r.items(fields.get("prompts"), f"{here}.prompts", minimum=2, maximum=6)
                )
            ]
        counts[kind] = counts.get(kind, 0) + 1
        plan.append({"type": kind, "value": step})
    for kind in GUIDE_STEPS:
        low, high = GUIDE_STEP_COUNTS.get(kind, (1 if kind in GUIDE_REQUIRED_STEPS else 0, 1))
        if not low <= counts.get(kind, 0) <= high:
            r.fail(
                "plan",
                f"needs {low}–{high} '{kind}' step(s), has {counts.get(kind, 0)}"
                if low != high
                else f"needs exactly one '{kind}' step, has {counts.get(kind, 0)}",
            )
    minutes = sum(step["value"]["minutes"] for step in plan)
    if not GUIDE_MINUTES[0] <= minutes <= GUIDE_MINUTES[1]:
        r.fail(
            "plan",
            f"the steps take {minutes} minutes; a plan fits one period of "
            f"{GUIDE_MINUTES[0]}–{GUIDE_MINUTES[1]} minutes",
        )
    notes_raw = data.get("answer_notes") or {}
    notes = {}
    for key in r.mapping(notes_raw, "answer_notes"):
        if key not in question_keys:
            r.fail(
                f"answer_notes.{key}",
                f"no question '{key}' in this module's quiz ({', '.join(question_keys) or 'none'})",
            )
        notes[key] = _rich_text(r.text(notes_raw, key, "answer_notes", max_len=2000))
    return TeacherGuide(
        path=path, objectives=objectives, preparation=preparation, plan=plan, answer_notes=notes
    )


def read_glossary(path: Path, band: int) -> Glossary:
    r = _Reader(path, set())
    data = r.mapping(_load_yaml(path), "")
    r.only(data, {"title", "slug", "intro", "terms"}, "")
    terms = []
    for i, raw in enumerate(r.items(data.get("terms"), "terms", minimum=1, maximum=200)):
        where = f"terms[{i}]"
        term = r.mapping(raw, where)
        r.only(term, {"key", "term", "definition", "example"}, where)
        terms.append(
            {
                "key": r.key(term, "key", where),
                "term": r.text(term, "term", where, max_len=100),
                "definition": r.text(term, "definition", where, max_len=1000),
                "example": r.text(term, "example", where, required=False, max_len=500),
            }
        )
    keys = [t["key"] for t in terms]
    for i, key in enumerate(keys):
        if keys.index(key) != i:
            r.fail(f"terms[{i}].key", f"duplicate key '{key}'")
    return Glossary(
        path=path,
        band=band,
        title=r.text(data, "title", "", max_len=200),
        slug=r.key(data, "slug", "") if data.get("slug") else "tu-dien",
        intro=r.text(data, "intro", "", required=False, max_len=1000),
        terms=terms,
    )


def _walk_text(value: Any, where: str):
    """(field path, text) for every string in a block value."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for name, item in value.items():
            yield from _walk_text(item, f"{where}.{name}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk_text(item, f"{where}[{i}]")


def _check_glossary_links(module: Module, glossary: Glossary | None) -> None:
    """Every [[term]] in a lesson names a term of its band's glossary, and stands in a
    paragraph (the only blocks that carry links)."""
    band_file = f"band-{module.band}/{GLOSSARY_FILE}"
    for i, lesson in enumerate(module.lessons):
        for j, block in enumerate(lesson.body):
            where = f"lessons[{i}].body[{j}].{block['type']}"
            if block["type"] == "paragraph":
                if "[[" in block["value"] or "]]" in block["value"]:
                    raise CurriculumError(
                        module.path, where, "a glossary link is written [[term]] or [[text|key]]"
                    )
                for key in glossary_links(block["value"]):
                    if glossary is None:
                        raise CurriculumError(
                            module.path, where, f"links to '{key}' but {band_file} is missing"
                        )
                    if key not in glossary.term_keys():
                        raise CurriculumError(
                            module.path,
                            where,
                            f"glossary link '{key}' is not a term of {band_file} "
                            f"(write [[text|key]] with one of its keys)",
                        )
                continue
            for field_where, text in _walk_text(block["value"], where):
                if "[[" in text:
                    raise CurriculumError(
                        module.path, field_where, "glossary links [[...]] work in paragraphs only"
                    )
