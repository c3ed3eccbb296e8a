"""`zongjie report --unit CODE --period 2026H1 -o FILE` — write a unit's half-year summary."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from zongjie.ledger.periods import PeriodCodeError, parse_period
from zongjie.org.models import Unit
from zongjie.reports.services import FORMATS, build_report, render


class Command(BaseCommand):
    help = "生成单位的半年工作总结及下半年工作计划（.docx、.html 或 .md，按输出文件后缀）"

    def add_arguments(self, parser):
        parser.add_argument("--unit", required=True, help="单位编码，如 AP")
        parser.add_argument("--period", required=True, help="期间编码，如 2026H1")
        parser.add_argument("-o", "--output", required=True, help="输出文件：.docx、.html 或 .md")
        parser.add_argument(
            "--date", help="落款日期 YYYY-MM-DD（默认期间结束后两天，如 2026H1 为 2026-07-02）"
        )

    def handle(self, *args, unit, period, output, date: str | None = None, **options):
        path = Path(output)
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in FORMATS:
            raise CommandError(
                f"不支持的输出格式“{path.suffix or '（无后缀）'}”：输出文件应以 .docx、.html 或 .md 结尾。"
            )
        found = Unit.objects.filter(code=unit).first() or Unit.objects.filter(code__iexact=unit).first()
        if found is None:
            raise CommandError(f"没有编码为“{unit}”的单位。可用 zongjie units 查看单位编码。")
        try:
            span = parse_period(period)
        except PeriodCodeError as exc:
            raise CommandError(str(exc)) from exc
        on = _parse_date(date) if date else None
        document = build_report(found, span.code, on=on)
        if not path.parent.exists():
            raise CommandError(f"输出目录“{path.parent}”不存在。")
        path.write_bytes(render(document, fmt))
        figures = len(document.figures())
        self.stdout.write(f"已生成：{path}（{document.title}，{figures} 个数字，落款 {document.date_text}）")


def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"日期“{text}”无法识别，应为 YYYY-MM-DD，例如 2026-07-02。") from exc
