import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.table import Table

from zongjie.assessment.models import Metric
from zongjie.assessment.services import fresh_ranking, ranking, to_json_rows
from zongjie.ledger.models import Period
from zongjie.ledger.periods import PeriodCodeError, parse_period
from zongjie.org.models import Unit

# The metrics shown as table columns (the JSON has all of them).
TABLE_METRICS = ["articles", "articles_municipal_plus", "info_sent", "info_adopted", "instructions", "events"]


class Command(BaseCommand):
    help = "计算考核排名：--period 2026H1 [--unit CODE 只排该单位的下级] [--json]"

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="期间编码，如 2026H1、2026")
        parser.add_argument("--unit", help="单位编码：对其下级单位排名（默认：最上级单位的下级）")
        parser.add_argument("--json", action="store_true", help="以 JSON 列表输出")
        parser.add_argument("--today", help="按此日期计算进度与扣分（YYYY-MM-DD，默认今天）")
        parser.add_argument("--fresh", action="store_true", help="不读已保存的结果，重新计算（也不保存）")
        parser.add_argument(
            "--full", action="store_true", help="与 --json 一起：输出完整得分卡（与 API 相同）"
        )

    def handle(self, *args, **options):
        try:
            span = parse_period(options["period"])
        except PeriodCodeError as exc:
            raise CommandError(str(exc)) from exc
        period = Period.objects.filter(code=span.code).first()
        if period is None:
            raise CommandError(f"期间“{span.code}”不存在。")
        if options["unit"]:
            parent = Unit.objects.filter(code=options["unit"], is_active=True).first()
            if parent is None:
                raise CommandError(f"单位编码“{options['unit']}”不存在或已停用。")
        else:
            roots = list(Unit.objects.filter(parent__isnull=True, is_active=True))
            if not roots:
                raise CommandError("还没有单位。")
            # One root: rank its children (the usual case); several roots: rank the roots.
            parent = roots[0] if len(roots) == 1 else None
        today = date.fromisoformat(options["today"]) if options["today"] else None
        cards = (
            fresh_ranking(period, parent, today) if options["fresh"] else ranking(period, parent, today=today)
        )
        if options["json"]:
            rows = [c.to_dict() for c in cards] if options["full"] else to_json_rows(cards)
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1))
            return
        title = f"{period.name}考核排名" + (f" · {parent.name}下级单位" if parent else "")
        version = cards[0].rule_version if cards else None
        table = Table(title=title, caption=f"考核办法：{version or '无'}")
        table.add_column("名次", justify="right")
        table.add_column("单位")
        table.add_column("编码")
        table.add_column("总分", justify="right")
        names = dict(Metric.objects.filter(code__in=TABLE_METRICS).values_list("code", "name"))
        for code in TABLE_METRICS:
            table.add_column(names.get(code, code), justify="right")
        table.add_column("扣分", justify="right")
        for card in cards:
            table.add_row(
                str(card.rank),
                card.unit.name,
                card.unit.code,
                str(card.points_total),
                *[str(card.metrics.get(code, "")) for code in TABLE_METRICS],
                str(card.deductions or ""),
            )
        Console(file=self.stdout, width=160).print(table)
