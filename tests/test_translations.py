"""The Vietnamese catalogues: complete, and consistent with each other.

Django merges every app's catalogue into one; where two apps translate the same English
text differently, the app listed first in INSTALLED_APPS silently wins on every page. So a
text must mean the same everywhere, or carry a context (pgettext)."""

from collections import defaultdict

import polib

from lms.i18n_build import ROOT, catalogue_paths


def _vietnamese_catalogues():
    return [path for path in catalogue_paths() if path.parts[-3] == "vi"]


def test_every_project_text_is_translated():
    untranslated = []
    for path in _vietnamese_catalogues():
        for entry in polib.pofile(str(path)):
            if entry.obsolete:
                continue
            done = all(entry.msgstr_plural.values()) if entry.msgid_plural else bool(entry.msgstr)
            if not done or "fuzzy" in entry.flags:
                untranslated.append(f"{path.relative_to(ROOT)}: {entry.msgid[:60]!r}")
    assert untranslated == []


def test_the_same_text_is_translated_the_same_way_in_every_catalogue():
    translations = defaultdict(set)
    for path in _vietnamese_catalogues():
        for entry in polib.pofile(str(path)):
            if entry.obsolete or entry.msgid_plural:
                continue
            translations[(entry.msgctxt, entry.msgid)].add(
                (entry.msgstr, str(path.relative_to(ROOT)))
            )
    conflicts = {
        key: sorted(found)
        for key, found in translations.items()
        if len({text for text, _ in found}) > 1
    }
    assert conflicts == {}
