"""Scorecards and rankings: thin over zongjie.assessment.services (same scoping as the pages).

The nested parts of a scorecard are the services' own result dataclasses: one definition
serves the engine, the pages and the API schema."""

from __future__ import annotations

from typing import get_type_hints

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field, create_model

from zongjie.api import schemas as s
from zongjie.api.filters import period_by_code, unit_by_code
from zongjie.assessment.results import Scorecard, ScoreLine

router = Router(tags=["考核"])


def available() -> bool:
    from zongjie.assessment import services

    return all(hasattr(services, name) for name in ("scorecard", "scorecards", "ranking", "score_lines"))


# The figures a scorecard carries as they are: the schema takes them from the services' own
# dataclass, so a field added there reaches the API without a second list to keep in step.
_AS_IS = {"unit", "period", "points_total", "rule_version_id"}
_FIGURES = {
    name: (kind, ...)
    for name, kind in get_type_hints(Scorecard).items()
    if name not in _AS_IS and not name.startswith("_")
}
ScorecardOut = create_model(
    "ScorecardOut",
    __base__=Schema,
    unit=(str, ...),
    unit_name=(str, ...),
    parent=(str | None, ...),
    period=(str, ...),
    points=(float, ...),
    **_FIGURES,
)


class ScorecardDetailOut(ScorecardOut):
    lines: list[ScoreLine] = Field(default_factory=list, description="每一分的来由（lines=true 时）")


class PeriodQuery(Schema):
    period: s.text(8) = Field(..., description="期间编码，如 2026H1、2026")


class ListQuery(PeriodQuery):
    parent: s.Code | None = Field(None, description="上级单位编码：列出其直属下级；留空为我能看到的全部单位")


class DetailQuery(PeriodQuery):
    lines: bool = Field(False, description="同时返回得分明细")


@router.get("/scorecards", response={200: list[ScorecardOut], **s.ERRORS}, summary="考核得分（按单位）")
def list_scorecards(request: HttpRequest, query: Query[ListQuery]):
    from zongjie.assessment import services

    parent = unit_by_code(request.auth, query.parent) if query.parent else None
    cards = services.scorecards(period_by_code(query.period), parent, user=request.auth)
    return [card.to_dict() for card in cards]


@router.get("/rankings", response={200: list[ScorecardOut], **s.ERRORS}, summary="排名（某单位的直属下级）")
def ranking(request: HttpRequest, query: Query[ListQuery]):
    from zongjie.assessment import services

    parent = unit_by_code(request.auth, query.parent) if query.parent else None
    cards = services.ranking(period_by_code(query.period), parent, user=request.auth)
    return [card.to_dict() for card in cards]


@router.get(
    "/scorecards/{code}", response={200: ScorecardDetailOut, **s.ERRORS}, summary="一个单位的考核得分与明细"
)
def get_scorecard(request: HttpRequest, code: str, query: Query[DetailQuery]):
    from zongjie.assessment import services

    unit = unit_by_code(request.auth, code)
    period = period_by_code(query.period)
    body = services.scorecard(unit, period, request.auth).to_dict()
    if query.lines:
        body["lines"] = [line.to_dict() for line in services.score_lines(unit, period)]
    return body
