"""Quotas (任务数): set by a unit strictly above the unit (or a system admin)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction

from zongjie.assessment.models import Metric, Quota
from zongjie.ledger.models import Period
from zongjie.org.models import Unit
from zongjie.org.permissions import Action, ScopeDenied, can, is_system_admin


@transaction.atomic
def set_quota(user, unit: Unit, period: Period, metric: Metric | str, target, note: str = "") -> Quota:
    """Create or change the unit's target for the metric in the period.

    The setter must be able to REVIEW the unit — i.e. hold a reviewer or admin role strictly
    above it — or be a system admin: a unit never sets its own quota.
    """
    if not (is_system_admin(user) or can(user, Action.REVIEW, unit)):
        raise ScopeDenied(f"只有上级单位可以给“{unit.name}”下达任务数。")
    if isinstance(metric, str):
        found = Metric.objects.filter(code=metric).first()
        if found is None:
            raise ValidationError({"metric": [f"未知的指标编码“{metric}”。"]})
        metric = found
    try:
        value = Decimal(str(target))
    except InvalidOperation as exc:
        raise ValidationError({"target": [f"目标值“{target}”不是数字。"]}) from exc
    if value <= 0:
        raise ValidationError({"target": ["目标值须大于 0。"]})
    quota, _ = Quota.objects.update_or_create(
        unit=unit,
        period=period,
        metric=metric,
        defaults={"target": value, "note": note, "set_by": user if getattr(user, "pk", None) else None},
    )
    return quota
