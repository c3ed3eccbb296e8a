"""Entry.adoption_counts / instruction_counts: the packed per-level counts the scoring engine groups by."""

from datetime import date

from zongjie.ledger.models import Adoption, Entry, Instruction
from zongjie.ledger.summaries import COUNT_BASE, pack, refresh_annotation_summaries, unpack
from zongjie.testing.factories import make_entry


def _counts(entry: Entry) -> tuple[tuple[int, ...], tuple[int, ...]]:
    entry.refresh_from_db()
    return unpack(entry.adoption_counts), unpack(entry.instruction_counts)


def test_pack_and_unpack_are_inverse():
    value = pack({"central": 1, "provincial": 2, "county": 3})
    assert value == 1 + 2 * COUNT_BASE + 3 * COUNT_BASE**3
    assert unpack(value) == (1, 2, 0, 3)
    assert unpack(0) == (0, 0, 0, 0)


def test_saving_and_deleting_related_rows_keeps_the_counts(org):
    entry = make_entry(org.county_a)
    day = date(2026, 3, 1)
    first = Adoption.objects.create(entry=entry, level="provincial", adopted_by="省委宣传部", adopted_on=day)
    Adoption.objects.create(entry=entry, level="provincial", adopted_by="省报", adopted_on=day)
    Adoption.objects.create(entry=entry, level="central", adopted_by="新华社", adopted_on=day)
    Instruction.objects.create(entry=entry, level="municipal", leader="市委书记", given_on=day)
    assert _counts(entry) == ((1, 2, 0, 0), (0, 0, 1, 0))

    first.level = "county"
    first.save()
    assert _counts(entry) == ((1, 1, 0, 1), (0, 0, 1, 0))

    first.delete()
    entry.instructions.all().delete()
    assert _counts(entry) == ((1, 1, 0, 0), (0, 0, 0, 0))


def test_a_full_save_of_a_stale_entry_does_not_lose_the_counts(org):
    entry = make_entry(org.county_a)
    stale = Entry.objects.get(pk=entry.pk)
    Adoption.objects.create(
        entry=entry, level="municipal", adopted_by="市委宣传部", adopted_on=date(2026, 3, 1)
    )
    stale.title = "改过的标题"
    stale.save()  # writes adoption_counts = 0 from the stale instance; the receiver puts it back
    assert _counts(entry) == ((0, 0, 1, 0), (0, 0, 0, 0))


def test_refresh_after_bulk_create(org):
    a = make_entry(org.county_a)
    b = make_entry(org.county_b)
    day = date(2026, 4, 1)
    Adoption.objects.bulk_create(
        [Adoption(entry=a, level="central", adopted_by=f"媒体{i}", adopted_on=day) for i in range(3)]
    )
    Instruction.objects.bulk_create([Instruction(entry=b, level="provincial", leader="副省长", given_on=day)])
    assert _counts(a) == ((0, 0, 0, 0), (0, 0, 0, 0))  # bulk_create sends no signals

    refresh_annotation_summaries([a.pk])
    assert _counts(a) == ((3, 0, 0, 0), (0, 0, 0, 0))
    assert _counts(b) == ((0, 0, 0, 0), (0, 0, 0, 0))

    Entry.objects.filter(pk=a.pk).update(instruction_counts=5)  # a stale summary is reset too
    refresh_annotation_summaries()
    assert _counts(a) == ((3, 0, 0, 0), (0, 0, 0, 0))
    assert _counts(b) == ((0, 0, 0, 0), (0, 1, 0, 0))
