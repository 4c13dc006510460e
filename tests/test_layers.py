"""The layers of ARCHITECTURE.md hold: a lower layer never imports a higher one, not even
inside a function. A lower layer tells a higher one what happened through lms/hooks.py.

Every import in the project's own code is read from its source (ast), so a lazy import
inside a function counts like any other."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Bottom to top. A module belongs to the longest prefix listed.
LAYERS = [
    # people, places, classes; and the project's small shared tools
    [
        "lms.accounts",
        "lms.schools",
        "lms.bands",
        "lms.collation",
        "lms.hooks",
        "lms.i18n_build",
        "lms.csp",
        "lms.middleware",
        "lms.context_processors",
    ],
    # pages and files of the curriculum; what is given to a class
    ["curriculum", "content", "lms.assignments"],
    ["assessments"],  # quizzes, surveys, scoring
    ["analytics.xapi"],  # the statement store and the LRS
    ["analytics"],  # rollups, practice, dashboards, exports, the worker's tasks
    # pages, and the project itself (settings, urls, demo data, commands)
    ["teacher_portal", "lms.learn", "lms.families", "lms"],
]

# Known exceptions, each with its reason. Keep this list short.
ALLOWED = {
    # The one place every view asks who may see what: it reads the models of every layer
    # it rules on. It is called by views (the top layer) only.
    ("lms.schools.access", "lms.assignments.models"),
    # The curriculum loader (content/curriculum/*.yaml → Wagtail) builds a module's quiz page
    # with its lessons, in one transaction.
    ("curriculum.services", "assessments.models"),
}


def layer_of(module: str) -> int | None:
    best, best_len = None, -1
    for index, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best_len:
                best, best_len = index, len(prefix)
    return best


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def imports(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path).rsplit(".", 1)[0] if path.name != "__init__.py" else module_name(path)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            # "from analytics import rollups" imports analytics.rollups; "from lms import
            # hooks" is lms.hooks (layer 0), not the project package.
            for alias in node.names:
                found.append((f"{target}.{alias.name}", node.lineno))
    return found


def project_files():
    for top in ("lms", "curriculum", "content", "assessments", "analytics", "teacher_portal"):
        for path in (ROOT / top).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            yield path


def violations() -> list[str]:
    found = []
    for path in project_files():
        source = module_name(path)
        own = layer_of(source)
        if own is None:
            continue
        for target, line in imports(path):
            other = layer_of(target)
            if other is None or other <= own:
                continue
            if any(
                (source == a or source.startswith(a + ".")) and target.startswith(b)
                for a, b in ALLOWED
            ):
                continue
            found.append(f"{path.relative_to(ROOT)}:{line}: {source} (layer {own}) imports {target} (layer {other})")
    return sorted(set(found))


def test_no_lower_layer_imports_a_higher_one():
    assert violations() == []


@pytest.mark.parametrize(
    "source, target, upward",
    [
        ("analytics.rollups", "lms.learn.models", True),
        ("analytics.xapi.services", "analytics.rollups", True),
        ("assessments.services", "analytics.services", True),
        ("lms.schools.services", "analytics.rollups", True),
        ("analytics.rollups", "assessments.models", False),
        ("teacher_portal.views", "analytics.selectors", False),
    ],
)
def test_the_layer_rule_itself(source, target, upward):
    """The checker would catch the circles issue 10 found (and allows what flows down)."""
    assert (layer_of(target) > layer_of(source)) is upward
