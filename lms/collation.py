"""Vietnamese alphabetical order, the same in Python, SQLite and PostgreSQL.

Sorting by code points puts "Đặng" after "Vũ" and "Ánh" after "Yến"; so do SQLite and a
PostgreSQL database created with the C collation. Lists sorted in Python use
``vietnamese_sort_key``; lists the database sorts (the paginated ones) order by
``vietnamese("field")``: the ICU collation ``vi-x-icu`` on PostgreSQL (docs/deployment.md) and,
on SQLite, a collation ``vi`` registered on every connection with the same key.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from django.db.models import F, Func

# a ă â b c d đ e ê ... (tones after the base letter).
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_SPACE, _OTHER = -1, 100  # a word ends before any letter follows: "An Bình" < "Anh"


@lru_cache(maxsize=65536)
def vietnamese_sort_key(text: str) -> tuple:
    """Letters in the Vietnamese alphabet's order, then tones (none, huyền, hỏi, ngã, sắc,
    nặng), case ignored; characters outside the alphabet after its letters."""
    letters, tones = [], []
    for char in unicodedata.normalize("NFD", text.lower()):
        if char in _TONES:
            tones.append(_TONES[char])
            continue
        if unicodedata.combining(char) and letters:
            # breve, circumflex, horn: rebuild the letter (ă, â, ê, ô, ơ, ư).
            base = unicodedata.normalize("NFC", letters[-1][1] + char)
            letters[-1] = (_ALPHABET.find(base), base)
            continue
        if char.isspace():
            letters.append((_SPACE, " "))
        else:
            letters.append((_ALPHABET.find(char), char))
    return (
        tuple((i if i != -1 or c == " " else _OTHER, c) for i, c in letters),
        tuple(tones),
    )


def _compare(a: str, b: str) -> int:
    ka, kb = vietnamese_sort_key(a), vietnamese_sort_key(b)
    return (ka > kb) - (ka < kb)


def sqlite_collation_register(sender, connection, **kwargs) -> None:
    """connection_created receiver (lms/apps.py): teach SQLite the ``vi`` collation."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation("vi", _compare)


class vietnamese(Func):  # noqa: N801  (used like a function in order_by)
    """A text column in Vietnamese alphabetical order, for ``order_by``:
    ``.order_by(vietnamese("name"))``, ``vietnamese("name").desc()``."""

    template = "%(expressions)s"

    def __init__(self, field: str):
        super().__init__(F(field))

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template='%(expressions)s COLLATE "vi-x-icu"', **extra
        )

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="%(expressions)s COLLATE vi", **extra)
