"""Request and response schemas of the API (pydantic via django-ninja)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Schema
from pydantic import AfterValidator, Field

MAX_ID = 2**53  # ids beyond this are refused by the schema (they would overflow SQLite INTEGER)


def _clean_text(value: str) -> str:
    # NUL and lone surrogates cannot be stored (PostgreSQL refuses NUL; UTF-8 refuses surrogates).
    if "\x00" in value:
        raise ValueError("不能包含空字符（\\x00）。")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("包含无法编码的字符。") from exc
    return value


def text(max_length: int) -> type[str]:
    return Annotated[str, Field(max_length=max_length), AfterValidator(_clean_text)]  # type: ignore[return-value]


Code = text(32)
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Count = Annotated[int, Field(ge=0, le=2_000_000_000)]
Level = Literal["central", "provincial", "municipal", "county"]
LevelOrBlank = Literal["", "central", "provincial", "municipal", "county"]
Kind = Literal["article", "info_report", "event", "study", "honour", "other"]
Status = Literal["draft", "submitted", "approved", "returned"]
PlacementCode = Literal["normal", "prominent", "front_page", "front_headline"]
Amount = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2, allow_inf_nan=False)]
Day = Annotated[date, Field(ge=date(1900, 1, 1), le=date(2999, 12, 31))]


class ErrorOut(Schema):
    detail: str = Field(description="给人看的说明（简体中文）")
    errors: dict[str, list[str]] = Field(default_factory=dict, description="字段 → 错误说明")


class Page(Schema):
    count: int
    page: int
    page_size: int
    pages: int


class MeOut(Schema):
    username: str
    full_name: str
    is_superuser: bool
    roles: list[str]
    units: list[str]


class UnitOut(Schema):
    code: str
    name: str
    kind: str
    parent: str | None
    level: int


class UnitPage(Page):
    items: list[UnitOut]


class PeriodOut(Schema):
    code: str
    name: str
    kind: str
    start: date
    end: date
    due: date
    locked: bool


class OutletOut(Schema):
    id: int
    name: str
    level: str
    kind: str
    aliases: list[str]


class CategoryOut(Schema):
    code: str
    name: str
    parent: str | None


class ClaimOut(Schema):
    status: str = Field(description="pending 待上级确认（不计分）、confirmed 已确认（计分）、returned 已退回")
    return_reason: str


class AdoptionOut(ClaimOut):
    id: int
    level: str
    adopted_by: str
    adopted_on: date
    note: str


class InstructionOut(ClaimOut):
    id: int
    level: str
    leader: str
    given_on: date
    content: str


class PendingClaimOut(Schema):
    kind: str = Field(description="adoption 采用 或 instruction 领导批示")
    id: int
    entry: int
    unit: str
    description: str
    created_by: str
    created_at: datetime


class EntryOut(Schema):
    id: int
    unit: str
    unit_name: str
    period: str
    category: str
    kind: str
    title: str
    summary: str
    occurred_on: date
    status: str
    starred: bool
    outlet: int | None
    outlet_name: str
    media_level: str
    placement: str
    link: str
    sent_to: str
    sent_level: str
    sessions: int | None
    participants: int | None
    amount: float | None
    honour_level: str
    evidence_url: str
    evidence_file: str = Field(
        description="佐证材料的下载地址（按权限检查，登录会话或令牌均可；加 ?inline=1 预览图片和 PDF）；无则为空"
    )
    return_reason: str
    submitted_at: datetime | None
    reviewed_at: datetime | None
    version: int
    created_at: datetime
    updated_at: datetime
    adoptions: list[AdoptionOut]
    instructions: list[InstructionOut]


class EntryPage(Page):
    items: list[EntryOut]


class EntryFields(Schema):
    """Fields a reporter sets; the service validates them together (Chinese messages)."""

    category: Code | None = None
    kind: Kind | None = None
    title: text(300) | None = None
    summary: text(20000) | None = None
    occurred_on: Day | None = None
    starred: bool | None = None
    outlet: Id | None = Field(None, description="媒体编号（见 /api/outlets）")
    media_level: LevelOrBlank | None = None
    placement: PlacementCode | None = None
    link: text(500) | None = None
    sent_to: text(100) | None = None
    sent_level: LevelOrBlank | None = None
    sessions: Count | None = None
    participants: Count | None = None
    amount: Amount | None = None
    honour_level: LevelOrBlank | None = None
    evidence_url: text(500) | None = None


class EntryIn(EntryFields):
    unit: Code = Field(description="单位编码")
    period: text(8) = Field(description="期间编码，如 2026H1")
    category: Code
    kind: Kind
    title: text(300)
    occurred_on: Day


class EntryPatch(EntryFields):
    unit: Code | None = None
    period: text(8) | None = None
    version: Count | None = Field(
        None, description="读到的版本号，必填：缺少或已被他人修改时返回 409，不会覆盖他人的修改"
    )


class ReviewIn(Schema):
    approve: bool
    reason: text(500) = ""


class AdoptionIn(Schema):
    level: Level
    adopted_by: text(100)
    adopted_on: Day
    note: text(200) = ""


class InstructionIn(Schema):
    level: Level
    leader: text(100)
    given_on: Day
    content: text(5000) = ""


class ChangeOut(Schema):
    at: datetime
    user: str
    action: str
    changes: dict
    reason: str


# Every operation documents the one error body for the codes it can answer with.
ERROR_CODES = frozenset({400, 401, 403, 404, 409, 422})
ERRORS = {ERROR_CODES: ErrorOut}
