"""Shared fixtures: a small organisation with named users per role.

C (city)            alice_admin(unit_admin), rita_reviewer(reviewer), victor_viewer(viewer)
├── A (county)      carol_reviewer(reviewer)
│   └── A1 (town)   bob_reporter(reporter)
└── B (county)      olivia_outsider(reporter, the sibling county)
"""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from zongjie.org.models import Role, UnitKind
from zongjie.testing.factories import make_unit, make_user

STRICT = os.environ.get("ZONGJIE_STRICT") == "1"


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    for item in items:
        if "postgres" in item.keywords and "postgresql" not in engine:
            item.add_marker(skip_pg)
        marker = item.get_closest_marker("django_db")
        if marker and marker.kwargs.get("transaction") and not marker.kwargs.get("serialized_rollback"):
            # A transactional test without it flushes the seeded taxonomy and re-creates
            # content types, which breaks the next serialized test: keep them all alike.
            raise pytest.UsageError(
                f"{item.nodeid}: use django_db(transaction=True, serialized_rollback=True)"
            )


def pytest_sessionfinish(session, exitstatus):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    from django.conf import settings

    on_pg = "postgresql" in settings.DATABASES["default"]["ENGINE"]
    # The PostgreSQL-only tests are skipped by design on the SQLite run (they run in the PostgreSQL run).
    real_skips = [r for r in skipped if on_pg or "needs PostgreSQL" not in str(r.longrepr)]
    report_to = os.environ.get("ZONGJIE_SKIP_REPORT")
    if report_to:  # zongjie.testing.run lists them in its last lines
        with open(report_to, "a", encoding="utf-8") as fh:
            for r in real_skips:
                reason = r.longrepr[2] if isinstance(r.longrepr, tuple) else str(r.longrepr)
                fh.write(f"{r.nodeid} — {reason.removeprefix('Skipped: ')}\n")
    if STRICT and real_skips and exitstatus == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        if reporter:
            reporter.write_line(
                f"ZONGJIE_STRICT=1: {len(real_skips)} skipped test(s) count as failures", red=True
            )


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2 is slow by design; tests only need passwords to round-trip.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def org(db):
    city = make_unit("C", "市委宣传部", kind=UnitKind.DEPARTMENT)
    county_a = make_unit("A", "甲县委宣传部", city, kind=UnitKind.COUNTY)
    town_a1 = make_unit("A1", "甲县城关镇", county_a, kind=UnitKind.TOWNSHIP)
    county_b = make_unit("B", "乙县委宣传部", city, kind=UnitKind.COUNTY)
    town_b1 = make_unit("B1", "乙县东关镇", county_b, kind=UnitKind.TOWNSHIP)
    return SimpleNamespace(
        city=city,
        county_a=county_a,
        town_a1=town_a1,
        county_b=county_b,
        town_b1=town_b1,
        bob=make_user("bob_reporter", town_a1, Role.REPORTER),
        carol=make_user("carol_reviewer", county_a, Role.REVIEWER),
        rita=make_user("rita_reviewer", city, Role.REVIEWER),
        alice=make_user("alice_admin", city, Role.UNIT_ADMIN),
        victor=make_user("victor_viewer", city, Role.VIEWER),
        olivia=make_user("olivia_outsider", county_b, Role.REPORTER),
    )


@pytest.fixture(scope="session")
def shots(tmp_path_factory) -> Path:
    """Where screenshots go: docs/screenshots under `make screenshots`, else a temp dir."""
    target = os.environ.get("ZONGJIE_SCREENSHOTS")
    path = Path(target) if target else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path
