"""Who may import, and into which period: the one check the import and its review share."""

from __future__ import annotations

from zongjie.imports.reading import ImportRefused
from zongjie.ledger.models import Period
from zongjie.org.models import Unit
from zongjie.org.permissions import Action, ScopeDenied, require


def check_allowed(user, unit: Unit, period: Period) -> None:
    """Who may import for this unit and period (user None: the operator at the console)."""
    if user is not None:
        try:
            require(user, Action.WRITE, unit)
        except ScopeDenied as exc:
            raise ImportRefused(str(exc)) from exc
    if period.locked:
        reason = f"（{period.locked_reason}）" if period.locked_reason else ""
        raise ImportRefused(f"期间“{period.name}”已锁定{reason}，不能导入或修改该期间的历史数据。")
