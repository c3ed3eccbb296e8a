"""`zongjie backup` / `zongjie restore`: a round trip gives back every row of every table."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection

from zongjie.ledger import services
from zongjie.ledger.models import Adoption, Entry
from zongjie.security.backup import detect_format, table_checksums
from zongjie.testing.factories import make_entry

# serialized_rollback: the seeded taxonomy (a data migration) is back for every test
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _some_data(org) -> None:
    for n in range(30):
        entry = make_entry(org.town_a1 if n % 2 else org.town_b1, title=f"备份条目{n}", status="submitted")
        if n % 3 == 0:
            services.add_adoption(
                org.rita, entry, level="provincial", adopted_by="省委宣传部", adopted_on=date(2026, 2, 1)
            )


def _round_trip(org, tmp_path, fmt: str, expected_format: str) -> None:
    _some_data(org)
    before = table_checksums()
    assert before["ledger_entry"][0] == 30 and before["ledger_adoption"][0] == 10
    path = tmp_path / f"zongjie.{fmt}.bak"
    out = io.StringIO()
    call_command("backup", str(path), *(["--format", "json"] if fmt == "json" else []), stdout=out)
    assert detect_format(path) == expected_format
    assert "已备份到" in out.getvalue()
    # damage: rows deleted, changed and added after the backup
    Adoption.objects.all().delete()
    Entry.objects.filter(title="备份条目4").update(title="改坏了")
    make_entry(org.town_a1, title="备份之后")
    assert table_checksums() != before
    call_command("restore", str(path), "--yes", stdout=io.StringIO())
    after = table_checksums()
    assert after == before
    assert Entry.objects.filter(title="备份之后").count() == 0
    # the database still works after the restore: a new row gets a fresh key
    fresh = make_entry(org.town_a1, title="恢复之后")
    assert fresh.pk > max(Entry.objects.exclude(pk=fresh.pk).values_list("pk", flat=True))


def test_round_trip_native_format(org, tmp_path):
    native = "sqlite" if connection.vendor == "sqlite" else "pg_dump"
    _round_trip(org, tmp_path, "native", native)


def test_round_trip_json_format(org, tmp_path):
    _round_trip(org, tmp_path, "json", "json")


def test_restore_refuses_a_file_that_is_not_a_backup(org, tmp_path):
    from django.core.management.base import CommandError

    bogus = tmp_path / "bogus.bak"
    bogus.write_bytes(b"hello")
    with pytest.raises(CommandError, match="无法识别备份文件"):
        call_command("restore", str(bogus), "--yes")
    with pytest.raises(CommandError, match="不存在"):
        call_command("restore", str(tmp_path / "missing.bak"), "--yes")
