"""The class of an entry as ONE integer, kept on the row by the database (Entry.class_code).

The scoring engine groups the entries by what its metric filters and rules can look at: kind,
category, level (an article's media level, an information report's sent level, an honour's
level) and placement. Grouping by one integer costs about what a hand-written GROUP BY of two
columns costs; computing it per row in the query (a CASE per row) cost ~0.3 s at 2M entries,
so the column is a stored generated column: the database computes it on every INSERT and
UPDATE, whatever path writes the row (save, bulk_create, queryset.update, raw SQL, COPY), and
it can never be stale.

    class_code = category_id × 4096 + kind slot × 256 + level slot × 16 + placement slot

A slot is the 1-based position of the value in the frozen tuples below (0: anything else).
The tuples only ever grow at the end (a test checks that they hold every choice); a value
outside them encodes as slot 0, and the engine then groups by the raw columns instead, so the
result never depends on the encoding. Changing a tuple changes the column's expression: that
needs a migration that drops and re-adds the column.
"""

from __future__ import annotations

from django.db.models import Case, F, IntegerField, Q, Value, When

# Frozen orders (append only). Kept apart from the TextChoices so that reordering a choice
# list never changes the meaning of stored codes.
KINDS: tuple[str, ...] = ("article", "info_report", "event", "study", "honour", "other")
LEVELS: tuple[str, ...] = ("", "central", "provincial", "municipal", "county")
PLACEMENTS: tuple[str, ...] = ("normal", "prominent", "front_page", "front_headline")
# The column holding an entry's level, per kind (other kinds have the level "").
LEVEL_FIELDS = {"article": "media_level", "info_report": "sent_level", "honour": "honour_level"}

SLOTS = 16  # per field: 0 (unknown) and 1..15
KIND_UNIT = SLOTS * SLOTS
CATEGORY_UNIT = SLOTS * KIND_UNIT  # the category id is the multiple of it


def _slot(field: str, values: tuple[str, ...]) -> Case:
    return Case(
        *[When(Q(**{field: v}), then=Value(i + 1)) for i, v in enumerate(values)],
        default=Value(0),
        output_field=IntegerField(),
    )


def class_code_expression():
    """The SQL expression of Entry.class_code (the GeneratedField's expression)."""
    by_kind = [
        When(
            Q(kind=kind),
            then=Value((k + 1) * KIND_UNIT)
            + (_slot(LEVEL_FIELDS[kind], LEVELS) if kind in LEVEL_FIELDS else Value(LEVELS.index("") + 1))
            * Value(SLOTS),
        )
        for k, kind in enumerate(KINDS)
    ]
    return (
        F("category_id") * Value(CATEGORY_UNIT)
        + Case(*by_kind, default=Value(0), output_field=IntegerField())
        + _slot("placement", PLACEMENTS)
    )


def decode(code: int) -> tuple[int | None, str, str, str] | None:
    """(category id, kind, lvl, placement) of a class code; None when a slot is not a known choice."""
    category_id, rest = divmod(int(code), CATEGORY_UNIT)
    k, rest = divmod(rest, KIND_UNIT)
    lv, p = divmod(rest, SLOTS)
    if not (k and lv and p) or k > len(KINDS) or lv > len(LEVELS) or p > len(PLACEMENTS):
        return None
    return category_id or None, KINDS[k - 1], LEVELS[lv - 1], PLACEMENTS[p - 1]
