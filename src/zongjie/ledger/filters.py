"""One filter definition for entry lists: the list page, the API list and the Excel export.

`EntryFilter.from_params(request.GET)` reads the query string the same way everywhere,
and `.apply(queryset)` narrows an already permission-scoped queryset (callers start from
`Entry.objects.visible_to(user)`), so an export always holds exactly what the page showed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from urllib.parse import urlencode

from django.db.models import Q, QuerySet

from zongjie.ledger.models import EntryKind, EntryStatus
from zongjie.ledger.periods import PeriodCodeError, parse_period
from zongjie.org.models import PATH_SEPARATOR

PARAMS = ("period", "unit", "kind", "status", "category", "q", "starred")


@dataclass(frozen=True)
class EntryFilter:
    period: str = ""  # a period code; entries whose own period lies within it
    unit: str = ""  # a unit code; that unit's whole subtree
    kind: str = ""
    status: str = ""
    category: str = ""  # a category code; a top-level code takes its children too
    q: str = ""  # words in the title or summary
    starred: bool = False
    problems: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def from_params(cls, params: Mapping[str, str]) -> EntryFilter:
        """Read a query string; unknown values are dropped and explained in `problems`."""
        values = {name: (params.get(name) or "").strip() for name in PARAMS}
        problems: list[str] = []
        if values["period"]:
            try:
                values["period"] = parse_period(values["period"]).code
            except PeriodCodeError as exc:
                problems.append(str(exc))
                values["period"] = ""
        if values["kind"] and values["kind"] not in EntryKind.values:
            problems.append(f"未知的条目类型“{values['kind']}”，已忽略。")
            values["kind"] = ""
        if values["status"] and values["status"] not in EntryStatus.values:
            problems.append(f"未知的状态“{values['status']}”，已忽略。")
            values["status"] = ""
        if PATH_SEPARATOR in values["unit"]:
            problems.append("单位编码无效，已忽略。")
            values["unit"] = ""
        starred = values.pop("starred").lower() in {"1", "true", "on", "yes"}
        return cls(**values, starred=starred, problems=tuple(problems))

    def apply(self, queryset: QuerySet) -> QuerySet:
        qs = queryset
        if self.period:
            qs = qs.within(parse_period(self.period))
        if self.unit:
            # Codes are unique and never contain "/", so the subtree is a path match:
            # no query to look the unit up first.
            code = self.unit + PATH_SEPARATOR
            qs = qs.filter(Q(unit__path__startswith=code) | Q(unit__path__contains=PATH_SEPARATOR + code))
        if self.kind:
            qs = qs.filter(kind=self.kind)
        if self.status:
            qs = qs.filter(status=self.status)
        if self.category:
            qs = qs.filter(Q(category__code=self.category) | Q(category__parent__code=self.category))
        if self.q:
            for word in self.q.split()[:5]:
                qs = qs.filter(Q(title__icontains=word) | Q(summary__icontains=word))
        if self.starred:
            qs = qs.filter(starred=True)
        return qs

    def params(self) -> dict[str, str]:
        """The non-empty parameters, to carry into links (export, paging)."""
        data = asdict(self)
        data.pop("problems")
        data["starred"] = "1" if self.starred else ""
        return {k: v for k, v in data.items() if v}

    def querystring(self) -> str:
        return urlencode(self.params())

    @property
    def is_empty(self) -> bool:
        return not self.params()
