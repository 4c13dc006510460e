"""Compile the project's .po files to .mo in pure Python (polib), without GNU gettext.

Used by `manage.py compile_translations` (make run, make test) and by the test suite's
conftest, so translations are in place however the tests are started. No Django imports.
"""

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def catalogue_paths(root: Path = ROOT) -> list[Path]:
    folders = [root / "locale", *root.glob("*/locale"), *root.glob("*/*/locale")]
    return sorted(
        po
        for folder in dict.fromkeys(folders)
        if ".venv" not in folder.parts and folder.is_dir()
        for po in folder.glob("*/LC_MESSAGES/*.po")
    )


def compile_catalogues(root: Path = ROOT) -> int:
    """Compile every .po newer than its .mo; return how many were compiled."""
    compiled = 0
    for po_path in catalogue_paths(root):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime_ns > po_path.stat().st_mtime_ns:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        compiled += 1
    return compiled
