"""Changing scoring rules: every change is logged (who, when, old and new values), so the old
points can be recomputed at any time (`scorecards(..., as_of=...)`) and nothing is lost."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from zongjie.assessment.models import RULE_FIELDS, RULESET_FIELDS, RuleChange, RuleSet, ScoringRule
from zongjie.assessment.rules import _snapshot
from zongjie.org.models import Role
from zongjie.org.permissions import ScopeDenied, roles_of

FIELD_ALIASES = {"category": "category_id"}


def _require_rule_editor(user) -> None:
    if user is None or Role.ADMIN not in roles_of(user):
        raise ScopeDenied("只有系统管理员可以修改考核办法。")


def _diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [before[k], after[k]] for k in before if before[k] != after[k]}


def log_rule_change(
    user, rule: ScoringRule, before: dict[str, Any] | None, via: str = "service"
) -> RuleChange | None:
    """Record a rule's change (before=None: it was created). Returns None when nothing changed."""
    after = _snapshot(rule, RULE_FIELDS)
    if before is None:
        changes, action = {k: [None, v] for k, v in after.items()}, "create"
    else:
        changes, action = _diff(before, after), "update"
        if not changes:
            return None
    return RuleChange.objects.create(
        ruleset_id=rule.ruleset_id,
        rule=rule,
        rule_label=rule.name,
        action=action,
        changes=changes,
        user=user if getattr(user, "pk", None) else None,
        via=via,
    )


def log_ruleset_change(
    user, ruleset: RuleSet, before: dict[str, Any], via: str = "service"
) -> RuleChange | None:
    changes = _diff(before, _snapshot(ruleset, RULESET_FIELDS))
    if not changes:
        return None
    return RuleChange.objects.create(
        ruleset=ruleset,
        rule_label=str(ruleset),
        action="update",
        changes=changes,
        user=user if getattr(user, "pk", None) else None,
        via=via,
    )


def _apply(obj, changes: dict[str, Any], allowed: tuple[str, ...]) -> None:
    for name, value in changes.items():
        attr = FIELD_ALIASES.get(name, name)
        if attr not in allowed and name not in allowed:
            raise ValidationError(f"不能修改字段“{name}”。")
        setattr(obj, name, value)


@transaction.atomic
def update_rule(user, rule: ScoringRule, **changes: Any) -> ScoringRule:
    """Change a rule's fields (points, factor, level, …); the change is logged with old and new values."""
    _require_rule_editor(user)
    rule = ScoringRule.objects.select_for_update().get(pk=rule.pk)
    before = _snapshot(rule, RULE_FIELDS)
    _apply(rule, changes, RULE_FIELDS)
    rule.full_clean(exclude=["ruleset", "category"])
    rule.save()
    log_rule_change(user, rule, before)
    return rule


@transaction.atomic
def create_rule(user, ruleset: RuleSet, **fields: Any) -> ScoringRule:
    _require_rule_editor(user)
    rule = ScoringRule(ruleset=ruleset, **fields)
    rule.full_clean(exclude=["ruleset", "category"])
    rule.save()
    log_rule_change(user, rule, None)
    return rule


@transaction.atomic
def update_ruleset(user, ruleset: RuleSet, **changes: Any) -> RuleSet:
    """Change a version's settings (adoption mode, duplicate mode, active, …), logged likewise.
    Activating a version deactivates the other versions of its year."""
    _require_rule_editor(user)
    ruleset = RuleSet.objects.select_for_update().get(pk=ruleset.pk)
    before = _snapshot(ruleset, RULESET_FIELDS)
    _apply(ruleset, changes, RULESET_FIELDS)
    ruleset.full_clean(validate_constraints=False)
    if ruleset.is_active:
        for other in RuleSet.objects.filter(year=ruleset.year, is_active=True).exclude(pk=ruleset.pk):
            other_before = _snapshot(other, RULESET_FIELDS)
            other.is_active = False
            other.save(update_fields=["is_active"])
            log_ruleset_change(user, other, other_before)
    ruleset.save()
    log_ruleset_change(user, ruleset, before)
    return ruleset
