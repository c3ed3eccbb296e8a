"""ledger_entry_rollup (ledger.rollup): after every kind of write it equals a recount of the entries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection, transaction

from zongjie.assessment.cube import load_cube
from zongjie.assessment.rules import with_level_expression
from zongjie.ledger import rollup
from zongjie.ledger.models import Adoption, Entry, EntryKind, EntryStatus, Instruction
from zongjie.ledger.normalise import title_key
from zongjie.testing.factories import category, make_entry, period

pytestmark = pytest.mark.postgres


def _rows(sql: str) -> set[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        # Decimal('3.50') == Decimal('3.5'): compare numbers, not their printed scale.
        return {tuple(Decimal(v) if isinstance(v, Decimal) else v for v in row) for row in cursor.fetchall()}


def _stored() -> set[tuple]:
    keys = ", ".join((*rollup.KEYS, "n", *rollup.SUMS))
    return _rows(f"SELECT {keys} FROM {rollup.TABLE}")


def assert_equals_recount() -> set[tuple]:
    recount = _rows(rollup.RECOUNT)
    assert _stored() == recount
    titles = _rows(f"SELECT period_id, title_key, n FROM {rollup.TITLES}")
    assert titles == _rows(rollup.TITLE_RECOUNT)
    return recount


def test_every_kind_of_write_keeps_the_rollup_equal_to_a_recount(org):
    assert rollup.available(connection)
    a = make_entry(
        org.county_a, kind=EntryKind.EVENT, category=category("other_misc"), sessions=3, participants=40
    )
    b = make_entry(org.county_a, amount=Decimal("12.30"))
    make_entry(org.county_b, status=EntryStatus.SUBMITTED)
    assert len(assert_equals_recount()) == 2  # submitted entries are not counted

    # bulk_create, raw INSERT
    Entry.objects.bulk_create(
        [
            Entry(
                unit=org.town_a1,
                period=period(),
                kind=EntryKind.ARTICLE,
                category=category(),
                title=f"批量{i}",
                title_key=title_key(f"批量{i}"),
                occurred_on=date(2026, 2, 1),
                status=EntryStatus.APPROVED,
                media_level="county",
                amount=i,
            )
            for i in range(4)
        ]
    )
    assert_equals_recount()

    # the title counts take every status; a title changed by a full save, then by update()
    b.title = "批量0"
    b.save()
    assert_equals_recount()
    assert _rows(f"SELECT title_key, n FROM {rollup.TITLES} WHERE n > 1") == {(b.title_key, 2)}
    Entry.objects.filter(title="批量1").update(title_key=b.title_key, kind=EntryKind.ARTICLE)
    assert_equals_recount()

    # full save changing keys and sums; queryset.update of status, of category, of the period
    b.media_level = "central"
    b.amount = Decimal("7.05")
    b.save()
    assert_equals_recount()
    Entry.objects.filter(status=EntryStatus.SUBMITTED).update(status=EntryStatus.APPROVED)
    assert_equals_recount()
    Entry.objects.filter(unit=org.town_a1).update(placement="front_page")
    assert_equals_recount()
    Entry.objects.filter(pk=a.pk).update(period=period("2025H2"), sessions=None)
    assert_equals_recount()
    Entry.objects.filter(unit=org.county_a).update(status=EntryStatus.RETURNED)
    assert_equals_recount()

    # adoptions and instructions rewrite the entry's packed counts (signals)
    c = make_entry(
        org.county_b, kind=EntryKind.INFO_REPORT, category=category("other_misc"), sent_level="provincial"
    )
    adoption = Adoption.objects.create(
        entry=c, level="provincial", adopted_by="省委", adopted_on=date(2026, 3, 1)
    )
    Instruction.objects.create(entry=c, level="municipal", leader="书记", given_on=date(2026, 3, 2))
    assert_equals_recount()
    adoption.delete()
    assert_equals_recount()

    # raw SQL, deletes (one, bulk), a rolled-back write
    with connection.cursor() as cursor:
        cursor.execute("UPDATE ledger_entry SET participants = 9 WHERE kind = 'event'")
    assert_equals_recount()
    Entry.objects.filter(pk=c.pk).delete()
    assert_equals_recount()
    with pytest.raises(RuntimeError), transaction.atomic():
        Entry.objects.all().delete()
        raise RuntimeError
    assert len(assert_equals_recount()) > 0
    Entry.objects.filter(unit=org.town_a1).delete()
    assert_equals_recount()
    Entry.objects.all().delete()
    assert assert_equals_recount() == set() and _stored() == set()


def test_an_unchanged_update_nets_to_zero(org):
    make_entry(org.county_a, amount=Decimal("1.10"))
    before = assert_equals_recount()
    Entry.objects.all().update(title="同一标题")
    assert assert_equals_recount() == before


def test_the_engine_reads_the_same_cube_from_the_rollup_as_from_a_scan(org):
    for i in range(6):
        make_entry(
            org.town_a1 if i % 2 else org.county_b,
            amount=Decimal(i) / 4,
            media_level=("county", "central")[i % 2],
        )
    make_entry(
        org.county_a, kind=EntryKind.EVENT, category=category("other_misc"), sessions=2, participants=5
    )
    ids = [period().pk, period("2025H2").pk]
    qs = with_level_expression(
        Entry.objects.filter(status=EntryStatus.APPROVED, period_id__in=ids)
    ).order_by()
    fields = ("kind", "category_id", "lvl", "placement", "adoption_counts", "instruction_counts")
    summed = ["sessions", "participants", "amount"]
    for scope in (None, org.county_a):
        scoped = qs if scope is None else qs.filter(unit__path__startswith=scope.path)
        scanned = load_cube(scoped, fields, summed)
        stored = load_cube(scoped, fields, summed, ids, scope.path if scope else None)

        def as_set(cube):
            return {
                (p, u, cube.classes[c], n, *(s[k] for s in cube.sums))
                for k, (p, u, c, n) in enumerate(
                    zip(cube.period_ids, cube.unit_ids, cube.cls, cube.n, strict=True)
                )
            }

        assert as_set(stored) == as_set(scanned)
        assert len(as_set(stored)) == (3 if scope is None else 2)


def test_duplicate_claims_are_the_same_from_the_title_counts_as_from_a_scan(org):
    from zongjie.assessment.duplicates import find_claims

    day = date(2026, 3, 5)
    for unit in (org.county_a, org.county_b, org.town_a1):
        make_entry(unit, title="同一篇报道", occurred_on=day)
    make_entry(org.county_b, title="另一篇", occurred_on=day)
    make_entry(org.county_a, title="另一篇", occurred_on=day, period=period("2025H2"))
    for ids in ([period().pk], [period().pk, period("2025H2").pk]):
        stored = find_claims(ids, "split", stored=True)
        assert stored == find_claims(ids, "split", stored=False)
        assert len(stored) == (3 if len(ids) == 1 else 5)  # "另一篇" is in both periods
