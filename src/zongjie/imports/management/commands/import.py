"""`zongjie import FILE... --unit CODE --period 2025H1`: old summaries become history figures."""

from __future__ import annotations

import json
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from zongjie.imports.services import import_path
from zongjie.org.models import Unit
from zongjie.progress import progress_bar


def _number(value) -> str:
    if value is None:
        return "—"
    d = Decimal(str(value))
    return f"{d.normalize():f}"


class Command(BaseCommand):
    help = "导入旧工作总结（txt/docx）：提取提纲和数字，对应到指标，确认后作为历史基数"

    def add_arguments(self, parser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--unit", required=True, help="单位编码")
        parser.add_argument("--period", required=True, help="期间，如 2025H1")
        parser.add_argument("--article", type=int, help="只导入文件中的第 N 篇总结")
        parser.add_argument("--user", help="以该用户身份导入（检查其权限，记为导入人和确认人）")
        parser.add_argument(
            "--dry-run", action="store_true", help="不写入数据库，逐个列出提取的数字及其对应的指标"
        )
        parser.add_argument("--json", action="store_true", help="以 JSON 输出结果（含每个数字）")
        parser.add_argument("--confirm", action="store_true", help="直接确认高置信度的数字（须 --user）")
        parser.add_argument("--replace", action="store_true", help="同名文件内容有更正时，确认替换")

    def handle(self, *args, **opts) -> None:
        unit = Unit.objects.filter(code=opts["unit"]).first()
        if unit is None:
            raise CommandError(f"没有编码为“{opts['unit']}”的单位（zongjie units 可列出全部单位）。")
        user = None
        if opts["user"]:
            user = get_user_model().objects.filter(username=opts["user"], is_active=True).first()
            if user is None:
                raise CommandError(f"没有用户“{opts['user']}”，或该用户已停用。")
        if opts["article"] is not None and opts["article"] < 1:
            raise CommandError("--article 应为从 1 开始的篇号。")
        files = opts["files"]
        failed = 0
        results = []
        with progress_bar(None if len(files) > 1 and not opts["json"] else False) as bar:
            task = bar.add_task("导入", total=len(files))
            for name in files:
                outcome = import_path(
                    name,
                    unit=unit,
                    period=opts["period"],
                    user=user,
                    article=opts["article"],
                    dry_run=opts["dry_run"],
                    replace=opts["replace"],
                    confirm=opts["confirm"],
                )
                bar.advance(task)
                failed += not outcome.ok
                if opts["json"]:
                    results.append(outcome.as_dict())
                    continue
                if not outcome.ok:
                    self.stderr.write(f"{name}：{outcome.message}")
                    continue
                self._report(outcome, figures=opts["dry_run"])
        if opts["json"]:
            self.stdout.write(json.dumps(results, ensure_ascii=False, indent=2))
        if failed:
            self.stderr.write(f"{failed} 个文件未能导入，其余 {len(files) - failed} 个已处理。")
            raise SystemExit(1)

    def _report(self, outcome, *, figures: bool) -> None:
        self.stdout.write(outcome.message)
        for warning in outcome.warnings:
            self.stderr.write(f"注意：{warning}")
        for row in outcome.diff:
            old, new = _number(row.confirmed), _number(row.extracted)
            self.stdout.write(f"  {row.label}（{row.metric}）：已确认 {old} → 新提取 {new}")
        if not figures or not outcome.figures:
            return
        self.stdout.write("  行号\t原文\t数值\t单位\t指标\t状态\t依据")
        for f in outcome.figures:
            metric = f"{f.metric_label}（{f.metric}）" if f.metric else "（未对应指标）"
            self.stdout.write(
                f"  第{f.line}行\t{f.text}\t{_number(f.value)}\t{f.unit or '—'}\t{metric}\t{f.status_label}\t{f.reason}"
            )
