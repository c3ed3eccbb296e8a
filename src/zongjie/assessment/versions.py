"""Score versions: whatever can change a score bumps its period's counter in the same transaction.

`bump_score_version(period_id)` is the one function; the receivers below call it for the ledger's
and the assessment's rows (the ledger sends `scores_changed` for its UPDATE/bulk paths, which send
no model signals; the ledger never imports assessment). Period id None bumps the global counter
(rules, metrics, categories, units), which every stored result depends on."""

from __future__ import annotations

import threading

from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone

from zongjie.assessment.models import (
    BaselineFigure,
    Metric,
    Quota,
    RequestedPiece,
    RuleSet,
    ScoreVersion,
    ScoringRule,
)
from zongjie.ledger.models import Adoption, Category, Entry, Instruction, Outlet, Period, PlanItem
from zongjie.ledger.signals import scores_changed
from zongjie.org.models import Unit

GLOBAL = 0

# Version keys read during the current request (store.version_key): the result lookup and the
# page's "数据截至" note share one read. Any bump forgets them, so a request that changes a score
# and then reads it sees its own change; outside a request nothing is remembered.
_request = threading.local()


def request_keys() -> dict | None:
    return getattr(_request, "keys", None)


@receiver(request_started, dispatch_uid="assessment_keys_start")
def _request_started(sender, **kwargs) -> None:
    _request.keys = {}


@receiver(request_finished, dispatch_uid="assessment_keys_end")
def _request_finished(sender, **kwargs) -> None:
    _request.keys = None


def bump_score_version(period_id: int | None) -> None:
    pid = period_id or GLOBAL
    if getattr(_request, "keys", None):
        _request.keys = {}
    now = timezone.now()
    if ScoreVersion.objects.filter(period_id=pid).update(n=F("n") + 1, changed_at=now):
        return
    try:
        with transaction.atomic():
            ScoreVersion.objects.create(period_id=pid, n=1, changed_at=now)
    except IntegrityError:  # created meanwhile by another transaction
        ScoreVersion.objects.filter(period_id=pid).update(n=F("n") + 1, changed_at=now)


def versions_of(period_ids: list[int]) -> dict[int, int]:
    return dict(
        ScoreVersion.objects.filter(period_id__in=[GLOBAL, *period_ids]).values_list("period_id", "n")
    )


@receiver(scores_changed, dispatch_uid="assessment_scores_changed")
def _ledger_changed(sender, period_ids=(), **kwargs) -> None:
    if period_ids is None:  # "all periods"
        bump_score_version(GLOBAL)
        return
    for pid in sorted(set(period_ids)):
        bump_score_version(pid)


@receiver(pre_save, sender=Entry, dispatch_uid="assessment_entry_moving")
def _entry_moving(sender, instance, raw=False, **kwargs) -> None:
    if raw or instance.pk is None:
        return
    old = Entry.objects.filter(pk=instance.pk).values_list("period_id", flat=True).first()
    if old is not None and old != instance.period_id:
        bump_score_version(old)


# The names the kept pages show of a person (who submitted, who claimed: web/fragments.py).
_SHOWN_NAME = ("username", "first_name", "last_name")


@receiver(pre_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="assessment_user_renamed")
def _user_renamed(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """A person renamed is a new global version; a login (it saves last_login alone) is not."""
    if (
        raw
        or instance.pk is None
        or (update_fields is not None and not set(update_fields) & set(_SHOWN_NAME))
    ):
        return
    old = sender.objects.filter(pk=instance.pk).values_list(*_SHOWN_NAME).first()
    if old is not None and old != tuple(getattr(instance, name) for name in _SHOWN_NAME):
        bump_score_version(None)


def _by_period(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        bump_score_version(instance.period_id)


def _by_entry(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        period_id = Entry.objects.filter(pk=instance.entry_id).values_list("period_id", flat=True).first()
        bump_score_version(period_id) if period_id else None


def _own_period(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        bump_score_version(instance.pk)


def _global(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        bump_score_version(None)


for _model, _receiver in (
    (Entry, _by_period),
    (Quota, _by_period),
    (RequestedPiece, _by_period),
    (BaselineFigure, _by_period),
    (PlanItem, _by_period),  # the stored report previews (reports/stored.py) show the plans
    (Adoption, _by_entry),
    (Instruction, _by_entry),
    (Period, _own_period),
    (Metric, _global),
    (RuleSet, _global),
    (ScoringRule, _global),
    (Category, _global),
    (Outlet, _global),  # its name and level are on the pages kept by version (web/fragments.py)
    (Unit, _global),
):
    for _signal in (post_save, post_delete):
        _signal.connect(
            _receiver, sender=_model, dispatch_uid=f"score_version_{_model.__name__}_{_signal is post_save}"
        )
