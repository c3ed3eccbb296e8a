"""What the assessment services return: plain dataclasses, each with `to_dict()` for JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

LEDGER = "台账"


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return value


@dataclass(slots=True)
class Comparison:
    """One figure beside the previous period and the same period a year before.

    `delta`/`pct`/`source` compare with the previous period; `last_year_*` with the same
    period a year before. A figure nobody recorded is None (never 0); so are its delta and %.
    `source` is "台账" (the ledger) or the imported file and line of a BaselineFigure.
    """

    current: float
    previous: float | None = None
    source: str | None = None
    delta: float | None = None
    pct: float | None = None
    last_year: float | None = None
    last_year_source: str | None = None
    last_year_delta: float | None = None
    last_year_pct: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class QuotaStatus:
    metric: str  # metric code
    metric_name: str
    target: float
    actual: float
    completion: float  # actual / target (1.0 = 100%)
    over: float  # how far above target (0 when below)
    met: bool
    expected_share: float  # share of the period elapsed at `today` (0..1)
    expected: float  # target * expected_share
    on_pace: bool  # actual >= expected
    missed: bool  # the period has ended and the target was not met (costs points)
    deduction: float  # points deducted for the miss (<= 0)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Scorecard:
    """A unit's figures and points for a period.

    metrics: the roll-up of the unit's whole subtree (the unit + all descendants) by metric code;
    own_metrics: the unit's own entries only. Points: `points_entries` are the subtree's entry
    points, `points_by_category` splits them by top-level category code; `points_total` =
    base + entry points + the unit's own deductions (missed quotas, 约稿未报). Rank is among
    the active siblings (same parent), competition ranking (1, 1, 3).
    """

    unit: Any  # zongjie.org.models.Unit
    period: Any  # zongjie.ledger.models.Period
    metrics: dict[str, float]
    own_metrics: dict[str, float]
    points_total: float
    points_entries: float
    points_own: float
    points_by_category: dict[str, float]
    base_points: float
    deductions: float
    deduction_reasons: list[str]
    rank: int
    rank_of: int
    quotas: list[QuotaStatus]
    comparison: dict[str, Comparison]
    rule_version: str | None
    rule_version_id: int | None
    duplicates: int = 0  # the unit's own entries flagged as claimed by several units
    requested_missing: int = 0  # the unit's 约稿 not sent by their due date
    today: date | None = None

    @property
    def subtree_metrics(self) -> dict[str, float]:
        return self.metrics

    def to_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit.code,
            "unit_name": self.unit.name,
            "parent": getattr(self.unit.parent, "code", None) if self.unit.parent_id else None,
            "period": self.period.code,
            "points": self.points_total,
            "points_entries": self.points_entries,
            "points_own": self.points_own,
            "points_by_category": self.points_by_category,
            "base_points": self.base_points,
            "deductions": self.deductions,
            "deduction_reasons": self.deduction_reasons,
            "rank": self.rank,
            "rank_of": self.rank_of,
            "metrics": self.metrics,
            "own_metrics": self.own_metrics,
            "quotas": [q.to_dict() for q in self.quotas],
            "comparison": {code: c.to_dict() for code, c in self.comparison.items()},
            "rule_version": self.rule_version,
            "duplicates": self.duplicates,
            "requested_missing": self.requested_missing,
            "today": _plain(self.today),
        }


@dataclass(slots=True)
class ScoreLine:
    """One reason for points: which entry, which rule, how many points, and why (in Chinese)."""

    unit_code: str
    points: float
    explanation: str
    rule_id: int | None = None
    rule_name: str = ""
    entry_id: int | None = None
    entry_title: str = ""
    category: str = ""  # top-level category code ("" for base points and deductions)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class DuplicateClaim:
    """Entries of several units that are the same article (same outlet, date and title, or link)."""

    entries: list[dict[str, Any]]  # {"id", "unit", "title", "share"}
    reason: str
    mode: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Reporting:
    """Reporting completeness and timeliness for a subtree (as DHIS2 reports them)."""

    period: str
    due: date
    expected: int
    submitted: int
    on_time: int
    completeness: float | None  # submitted / expected
    timeliness: float | None  # on_time / expected
    missing_units: list[str] = field(default_factory=list)  # codes of units with nothing submitted
    late_units: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["due"] = self.due.isoformat()
        return data
