"""The normalised title key duplicate detection compares (kept on the entry, indexed).

Two articles are "the same" when, among other things, their titles agree once case and the
characters below (spaces, brackets, quotes, common punctuation) are ignored. Keeping the key
on the row lets the assessment find duplicates with an index scan instead of normalising
every title of a half-year in SQL.
"""

from __future__ import annotations

# Characters dropped before comparing titles.
TITLE_NOISE = " \u3000《》“”\"'，,。.：:！!？?、"
_DROP = str.maketrans("", "", TITLE_NOISE)
TITLE_KEY_LENGTH = 300  # Entry.title's max_length: the key is never longer than the title


def title_key(title: str | None) -> str:
    """Lower-case `title` without TITLE_NOISE (the same rule for every database)."""
    return (title or "").lower().translate(_DROP)[:TITLE_KEY_LENGTH]
