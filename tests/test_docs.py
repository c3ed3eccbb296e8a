"""Docs that cannot rot: every setting and every zongjie command is documented."""

from pathlib import Path

from django.core.management import get_commands

from zongjie.conf import SETTINGS

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_every_setting_is_documented():
    text = (DOCS / "settings.md").read_text(encoding="utf-8")
    missing = [name for name in SETTINGS if f"`{name}`" not in text]
    assert missing == []


def test_every_zongjie_command_is_documented():
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    ours = sorted(name for name, app in get_commands().items() if app.startswith("zongjie."))
    assert "demo" in ours and "units" in ours
    missing = [name for name in [*ours, "extract", "migrate"] if f"## zongjie {name}\n" not in text]
    assert missing == []
