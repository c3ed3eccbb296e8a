"""A realistic, reproducible demo office: a city publicity department, 8 counties,
45 townships and bureaus, and a ledger from 2025H1 to 2026H2 shaped like the seed
summaries (articles by media level, information reports with adoption, events with
participants, study sessions, civilisation campaigns).

Other apps extend the demo with a module `zongjie.<app>.demo` that defines
`extend_demo(ctx: DemoContext)`; they run in INSTALLED_APPS order after this one.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from importlib import import_module

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

# The rows the demo writes in bulk, by their module; the choices it draws from, by name.
from zongjie.ledger import models as ledger
from zongjie.ledger.models import (
    Category,
    Entry,
    EntryKind,
    EntryStatus,
    MediaLevel,
    Outlet,
    Period,
    Placement,
)
from zongjie.ledger.normalise import title_key
from zongjie.ledger.signals import scores_changed
from zongjie.ledger.summaries import refresh_annotation_summaries
from zongjie.org.models import Membership, Role, Unit, UnitKind
from zongjie.progress import progress_bar

DEMO_PASSWORD = "zongjie2026"
CITY = ("QH", "清河市委宣传部")
COUNTIES = [
    ("QY", "清源区"),
    ("HD", "河东区"),
    ("AP", "安平县"),
    ("YN", "永宁县"),
    ("QS", "青山县"),
    ("LJ", "临江县"),
    ("SQ", "石桥县"),
    ("LX", "梨乡县"),
]
TOWN_SUFFIXES = ["城关镇", "东关镇", "西河乡", "南庄镇", "北山乡"]
CITY_BUREAUS = [
    ("WJW", "市卫生健康委员会"),
    ("JYJ", "市教育局"),
    ("WLJ", "市文化广电和旅游局"),
    ("RMT", "市融媒体中心"),
    ("WMB", "市文明办"),
]
PERIODS = ["2025H1", "2025H2", "2026H1", "2026H2"]
# The current half-year is filled up to here (fixed, so a seed always gives the same data).
DEMO_CUTOFF = date(2026, 11, 15)

ARTICLE_TOPICS = [
    "工业强县战略稳步推进",
    "小麦丰收在望",
    "优化营商环境力促工业发展",
    "乡村振兴绘新景",
    "文明创建走深走实",
    "志愿服务温暖人心",
    "非遗传承焕发新活力",
    "重点项目建设跑出加速度",
    "基层理论宣讲进村入户",
    "新时代文明实践中心建设",
    "城乡人居环境整治",
    "全民阅读活动启动",
    "安全生产专项整治",
]
INFO_TOPICS = [
    "基层干部群众对近期工作的反映",
    "网络舆情动态",
    "群众关注的民生热点",
    "宣传思想文化工作建议",
    "社会各界对重大政策的反响",
    "农村精神文明建设情况调研",
]
EVENT_TOPICS = [
    ("culture_show", "“彩色周末”专场文艺演出"),
    ("culture_show", "红色经典歌曲传唱活动"),
    ("civility_volunteer", "学雷锋志愿服务活动"),
    ("civility_minor", "“我们的节日”主题活动"),
    ("culture_heritage", "非遗展演进社区"),
    ("civility_creation", "文明村镇创建推进会"),
]
STUDY_TOPICS = [
    ("theory_group", "党委（党组）理论学习中心组集体学习"),
    ("theory_lecture", "理论宣讲报告会"),
    ("theory_seminar", "理论研讨会"),
    ("theory_training", "理论骨干培训班"),
]
HONOUR_TOPICS = [
    ("civility_creation", "被推荐为省级文明单位"),
    ("civility_model", "道德模范评选推荐"),
    ("civility_creation", "文明村镇复查通过"),
]
RETURN_REASONS = ["佐证材料缺失，请补充刊发截图。", "媒体级别填写有误，请核实。", "日期与刊发日期不一致。"]


@dataclass
class DemoContext:
    rng: random.Random
    city: Unit
    counties: list[Unit]
    units: list[Unit]
    periods: dict[str, Period]
    users: dict[str, object] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (username, role label, unit name)


@lru_cache(maxsize=1)
def _demo_password_hash() -> str:
    # Hashing is deliberately slow; one hash serves all demo users.
    return make_password(DEMO_PASSWORD)


def _user(ctx: DemoContext, username: str, full_name: str, unit: Unit | None, role: str, superuser=False):
    User = get_user_model()
    user = User(username=username, first_name=full_name, is_staff=superuser, is_superuser=superuser)
    user.password = _demo_password_hash()
    user.save()
    if unit is not None:
        Membership.objects.create(user=user, unit=unit, role=role)
    ctx.users[username] = user
    return user


def _build_org() -> tuple[Unit, list[Unit], list[Unit]]:
    city = Unit.objects.create(code=CITY[0], name=CITY[1], kind=UnitKind.DEPARTMENT)
    counties, units = [], [city]
    for order, (code, name) in enumerate(COUNTIES, start=1):
        county = Unit.objects.create(
            code=code, name=f"{name}委宣传部", kind=UnitKind.COUNTY, parent=city, sort_order=order
        )
        counties.append(county)
        units.append(county)
        for n, suffix in enumerate(TOWN_SUFFIXES, start=1):
            town_name = f"{name[:2]}{suffix}"
            units.append(
                Unit.objects.create(
                    code=f"{code}{n:02d}", name=town_name, kind=UnitKind.TOWNSHIP, parent=county, sort_order=n
                )
            )
    for order, (code, name) in enumerate(CITY_BUREAUS, start=100):
        units.append(
            Unit.objects.create(code=code, name=name, kind=UnitKind.BUREAU, parent=city, sort_order=order)
        )
    return city, counties, units


def _day_in(rng: random.Random, period: Period) -> date:
    last = min(period.end, DEMO_CUTOFF)
    return period.start + timedelta(days=rng.randrange((last - period.start).days + 1))


def _status(rng: random.Random, period_code: str) -> str:
    roll = rng.random()
    if period_code in ("2025H1", "2025H2"):
        return EntryStatus.APPROVED
    if period_code == "2026H1":
        table = [(0.85, EntryStatus.APPROVED), (0.93, EntryStatus.SUBMITTED), (0.97, EntryStatus.RETURNED)]
    else:
        table = [(0.40, EntryStatus.APPROVED), (0.75, EntryStatus.SUBMITTED), (0.85, EntryStatus.RETURNED)]
    for threshold, status in table:
        if roll < threshold:
            return status
    return EntryStatus.DRAFT


def _weight(unit: Unit) -> float:
    """How active a unit is: counties most, the city a lot, townships and bureaus less."""
    return {UnitKind.DEPARTMENT: 1.4, UnitKind.COUNTY: 1.0, UnitKind.BUREAU: 0.5}.get(unit.kind, 0.35)


def _growth(period_code: str) -> float:
    return {"2025H1": 0.9, "2025H2": 0.95, "2026H1": 1.0, "2026H2": 0.8}[period_code]


def _entries_for(
    ctx: DemoContext, unit: Unit, period: Period, cats: dict[str, Category], outlets: dict
) -> list[dict]:
    rng = ctx.rng
    scale = _weight(unit) * _growth(period.code) * rng.uniform(0.6, 1.4)
    specs: list[dict] = []
    article_counts = {
        MediaLevel.CENTRAL: rng.choice([0, 0, 1, 1, 2])
        if unit.kind != UnitKind.TOWNSHIP
        else rng.choice([0, 0, 0, 1]),
        MediaLevel.PROVINCIAL: int(rng.randint(4, 16) * scale),
        MediaLevel.MUNICIPAL: int(rng.randint(10, 30) * scale),
        MediaLevel.COUNTY: int(rng.randint(5, 20) * scale),
    }
    for level, count in article_counts.items():
        for _ in range(count):
            outlet = rng.choice(outlets[level])
            placement = rng.choices(
                [Placement.NORMAL, Placement.PROMINENT, Placement.FRONT_PAGE, Placement.FRONT_PAGE_HEADLINE],
                [80, 8, 7, 5],
            )[0]
            specs.append(
                {
                    "kind": EntryKind.ARTICLE,
                    "category": cats["news_article"],
                    "outlet": outlet,
                    "media_level": level,
                    "placement": placement,
                    "title": f"《{unit.name[:4]}{rng.choice(ARTICLE_TOPICS)}》在{outlet.name}刊发",
                    "instruction": level in (MediaLevel.PROVINCIAL, MediaLevel.MUNICIPAL)
                    and rng.random() < 0.04,
                }
            )
    for _ in range(int(rng.randint(6, 20) * scale)):
        sent_level = rng.choices(
            [MediaLevel.CENTRAL, MediaLevel.PROVINCIAL, MediaLevel.MUNICIPAL], [15, 35, 50]
        )[0]
        specs.append(
            {
                "kind": EntryKind.INFO_REPORT,
                "category": cats["info_report"],
                "sent_level": sent_level,
                "sent_to": {"central": "中宣部", "provincial": "省委宣传部", "municipal": "市委宣传部"}[
                    sent_level
                ],
                "title": f"关于{rng.choice(INFO_TOPICS)}的信息",
                "adopted": rng.random() < 0.3,
            }
        )
    for _ in range(int(rng.randint(1, 4) * scale) + 1):
        cat, topic = rng.choice(EVENT_TOPICS)
        specs.append(
            {
                "kind": EntryKind.EVENT,
                "category": cats[cat],
                "title": topic,
                "sessions": rng.randint(1, 6),
                "participants": rng.randrange(50, 3000, 10),
            }
        )
    for _ in range(int(rng.randint(2, 5) * scale) + 1):
        cat, topic = rng.choice(STUDY_TOPICS)
        specs.append(
            {
                "kind": EntryKind.STUDY,
                "category": cats[cat],
                "title": topic,
                "sessions": 1,
                "participants": rng.randrange(15, 120, 5),
            }
        )
    if rng.random() < 0.5 * scale:
        cat, topic = rng.choice(HONOUR_TOPICS)
        specs.append(
            {
                "kind": EntryKind.HONOUR,
                "category": cats[cat],
                "title": f"{unit.name}{topic}",
                "honour_level": rng.choice([MediaLevel.PROVINCIAL, MediaLevel.MUNICIPAL]),
            }
        )
    if rng.random() < 0.4:
        specs.append(
            {
                "kind": EntryKind.OTHER,
                "category": cats["culture_project"],
                "title": "文化项目招商签约",
                "amount": rng.randrange(500, 20000, 100),
            }
        )
    return specs


@transaction.atomic
def build_demo(seed: int = 2026, progress: bool | None = None) -> DemoContext:
    if Unit.objects.exists():
        raise RuntimeError("数据库中已有单位，演示数据只能装入空库。")
    rng = random.Random(seed)
    city, counties, units = _build_org()
    periods = {code: Period.objects.get_or_create_code(code) for code in [*PERIODS, "2025", "2026"]}
    Period.objects.filter(code="2025H1").update(locked=True, locked_reason="2025年上半年考核已完成")
    ctx = DemoContext(rng=rng, city=city, counties=counties, units=units, periods=periods)

    admin = _user(ctx, "admin", "系统管理员", None, Role.ADMIN, superuser=True)
    ctx.logins.append(("admin", "系统管理员", "全部单位"))
    for username, full_name, unit, role in [
        ("shi_shenhe", "市委宣传部审核员", city, Role.REVIEWER),
        ("shi_lingdao", "市委宣传部领导", city, Role.VIEWER),
        ("xian_shenhe", f"{counties[2].name}审核员", counties[2], Role.REVIEWER),
        ("xian_guanli", f"{counties[2].name}管理员", counties[2], Role.UNIT_ADMIN),
    ]:
        _user(ctx, username, full_name, unit, role)
        ctx.logins.append((username, Role(role).label, unit.name))
    reporters = {}
    for unit in units:
        reporters[unit.pk] = _user(ctx, f"tx_{unit.code.lower()}", f"{unit.name}通讯员", unit, Role.REPORTER)
    # Every county has its own reviewer, so every township's work has someone to review it.
    reviewers = {
        c.pk: _user(ctx, f"sh_{c.code.lower()}", f"{c.name}审核员", c, Role.REVIEWER) for c in counties
    }
    reviewers[counties[2].pk] = ctx.users["xian_shenhe"]
    township = next(u for u in units if u.parent_id == counties[2].pk)
    ctx.logins.append((f"tx_{township.code.lower()}", Role.REPORTER.label, township.name))

    cats = {c.code: c for c in Category.objects.all()}
    outlets: dict[str, list[Outlet]] = {}
    for outlet in Outlet.objects.exclude(kind="office"):
        outlets.setdefault(outlet.level, []).append(outlet)

    entries: list[Entry] = []
    extras: list[tuple[int, dict]] = []
    now = timezone.now()
    with progress_bar(progress) as bar:
        task = bar.add_task("生成台账条目", total=len(units) * len(PERIODS))
        for unit in units:
            reviewer = reviewers.get(unit.parent_id, ctx.users["shi_shenhe"]) if unit.parent_id else admin
            for code in PERIODS:
                period = periods[code]
                for spec in _entries_for(ctx, unit, period, cats, outlets):
                    status = _status(rng, code)
                    day = _day_in(rng, period)
                    reviewed = status in (EntryStatus.APPROVED, EntryStatus.RETURNED)
                    extra = {k: spec.pop(k) for k in ("instruction", "adopted") if k in spec}
                    entries.append(
                        Entry(
                            unit=unit,
                            period=period,
                            occurred_on=day,
                            status=status,
                            starred=rng.random() < 0.04,
                            created_by=reporters[unit.pk],
                            submitted_at=now if status != EntryStatus.DRAFT else None,
                            reviewed_at=now if reviewed else None,
                            reviewed_by=reviewer if reviewed else None,
                            return_reason=rng.choice(RETURN_REASONS)
                            if status == EntryStatus.RETURNED
                            else "",
                            summary="",
                            **spec,
                        )
                    )
                    extras.append((len(entries) - 1, extra))
                bar.advance(task)
        for entry in entries:  # bulk_create skips Entry.save(), which sets the key
            entry.title_key = title_key(entry.title)
        created = Entry.objects.bulk_create(entries, batch_size=1000)
        bar.add_task("登记采用与批示", total=None)
        adoptions, instructions = [], []
        for index, extra in extras:
            entry = created[index]
            if extra.get("adopted"):
                adoptions.append(
                    ledger.Adoption(
                        entry=entry,
                        level=entry.sent_level,
                        adopted_by=entry.sent_to,
                        adopted_on=min(
                            entry.occurred_on + timedelta(days=rng.randint(1, 10)), entry.period.end
                        ),
                    )
                )
                if entry.sent_level != MediaLevel.MUNICIPAL and rng.random() < 0.3:
                    adoptions.append(
                        ledger.Adoption(
                            entry=entry,
                            level=MediaLevel.MUNICIPAL,
                            adopted_by="市委宣传部",
                            adopted_on=min(entry.occurred_on + timedelta(days=2), entry.period.end),
                        )
                    )
            if extra.get("instruction"):
                instructions.append(
                    ledger.Instruction(
                        entry=entry,
                        level=entry.media_level,
                        leader="市委书记" if entry.media_level == "municipal" else "副省长",
                        given_on=min(entry.occurred_on + timedelta(days=3), entry.period.end),
                        content="请认真总结推广。",
                    )
                )
        ledger.Adoption.objects.bulk_create(adoptions, batch_size=1000)
        ledger.Instruction.objects.bulk_create(instructions, batch_size=1000)
        refresh_annotation_summaries([e.pk for e in created])
        ledger.EntryChange.objects.bulk_create(
            [
                ledger.EntryChange(entry=e, user=e.created_by, action=ledger.EntryChange.Action.CREATE)
                for e in created
            ],
            batch_size=2000,
        )
    _plan_items(ctx, cats)
    for config in apps.get_app_configs():
        if config.name.startswith("zongjie.") and config.name != "zongjie.ledger":
            try:
                module = import_module(f"{config.name}.demo")
            except ModuleNotFoundError as exc:
                if exc.name != f"{config.name}.demo":
                    raise
                continue
            module.extend_demo(ctx)
    # bulk_create and update() send no model signals: every stored score is out of date (in the
    # same transaction as the rows).
    scores_changed.send(sender=Entry, entry_ids=None, unit_ids=None, period_ids=None)
    return ctx


# Each level plans its own work: the city leads and guides, a county organises, a township
# and a bureau carry out. (category code, title, description, metric code, target factor)
PLANS = {
    UnitKind.DEPARTMENT: [
        (
            "theory",
            "统筹推进全市理论武装工作",
            "抓好市委理论学习中心组学习，组建市委宣讲团深入各县（市、区）开展集中宣讲。",
            "",
            0,
        ),
        (
            "news",
            "组织好全市重大主题宣传",
            "统筹市属媒体和各县融媒体中心，在中央和省级媒体推出一批有分量的稿件。",
            "articles_municipal_plus",
            1.1,
        ),
        ("culture", "推进文化强市建设", "办好全市文化惠民工程，推进重点文化项目招商和建设。", "", 0),
        (
            "info",
            "加强对各县（市、区）信息工作的指导",
            "建立信息约稿和通报制度，提高全市信息被上级采用的数量和质量。",
            "info_adopted",
            1.1,
        ),
    ],
    UnitKind.COUNTY: [
        (
            "theory",
            "扎实推进学习型党组织建设",
            "坚持“一把手”抓学习，组织县乡干部开展理论学习和宣讲进村入户。",
            "",
            0,
        ),
        (
            "news",
            "突出重点，着力打造舆论强势",
            "围绕县委中心工作策划选题，在省市媒体显著位置推出重头稿件。",
            "articles_municipal_plus",
            1.1,
        ),
        (
            "civility",
            "深入开展精神文明创建工作",
            "扎实开展文明村镇创建，开展道德模范评选和志愿服务活动。",
            "",
            0,
        ),
        (
            "info",
            "提高信息报送质量",
            "围绕县委县政府中心工作及时报送信息，争取更多信息被上级采用。",
            "info_adopted",
            1.1,
        ),
    ],
    UnitKind.TOWNSHIP: [
        ("theory", "抓好乡镇干部理论学习", "落实党委理论学习中心组学习制度，组织宣讲员进村入户。", "", 0),
        ("news", "讲好本地故事", "及时向县融媒体中心和市级媒体报送本地新闻线索和稿件。", "", 0),
        ("civility", "推进文明村镇创建", "开展移风易俗和“我们的节日”主题活动。", "", 0),
    ],
    UnitKind.BUREAU: [
        ("news", "做好行业宣传", "围绕本部门重点工作，主动向市级以上媒体提供选题和稿件。", "", 0),
        ("info", "及时报送行业信息", "每月向市委宣传部报送行业动态信息。", "", 0),
    ],
}
PLAN_PERIODS = ["2025H2", "2026H1", "2026H2", "2027H1"]  # the plan of each demo half-year's report


def _plan_items(ctx: DemoContext, cats: dict[str, Category]) -> None:
    items = []
    for code in PLAN_PERIODS:
        period = Period.objects.get_or_create_code(code)
        for unit in ctx.units:
            for order, (cat, title, description, metric, _factor) in enumerate(PLANS.get(unit.kind, []), 1):
                items.append(
                    ledger.PlanItem(
                        unit=unit,
                        period=period,
                        category=cats[cat],
                        title=title,
                        description=description,
                        metric_code=metric,
                        target=None if not metric else 0,
                        order=order,
                    )
                )
    ledger.PlanItem.objects.bulk_create(items)
    _plan_targets(ctx)


def _plan_targets(ctx: DemoContext) -> None:
    """A plan's target: a little more than the unit reached in the half-year before (from the ledger)."""
    from zongjie.ledger.periods import parse_period

    for item in (
        ledger.PlanItem.objects.filter(unit__in=ctx.units)
        .exclude(metric_code="")
        .select_related("period", "unit")
    ):
        span = parse_period(item.period.code)
        before = Period.objects.filter(code=_previous(span.year, span.number)).first()
        qs = Entry.objects.approved().in_subtree(item.unit)
        qs = qs.filter(period=before) if before else qs.none()
        if item.metric_code == "info_adopted":
            n = qs.filter(kind=EntryKind.INFO_REPORT, adoptions__isnull=False).distinct().count()
        else:
            n = qs.filter(
                kind=EntryKind.ARTICLE, media_level__in=["central", "provincial", "municipal"]
            ).count()
        factor = next(f for c, _, _, m, f in PLANS[item.unit.kind] if m == item.metric_code)
        item.target = max(int(n * factor), 1)
        item.save(update_fields=["target"])


def _previous(year: int, half: int) -> str:
    return f"{year}H1" if half == 2 else f"{year - 1}H2"
