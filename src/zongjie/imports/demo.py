"""Demo history: the seed's five summaries imported (and confirmed) for five demo counties.

They go in as 2024H1: the demo ledger starts in 2025H1 (locked, and full of entries), so
history from before the ledger is what an adopting office has — and the 2025H1
scorecards then compare against these imported figures, each with its file and line.
"""

from __future__ import annotations

from pathlib import Path

from zongjie.progress import say

SEED_NAME = "000_774f85108288457a.txt"
HISTORY_PERIOD = "2024H1"


def seed_file() -> Path | None:
    """The seed, shipped inside the package (imports/seed/)."""
    candidate = Path(__file__).resolve().parent / "seed" / SEED_NAME
    return candidate if candidate.exists() else None


def extend_demo(ctx) -> None:
    try:
        from zongjie.assessment.models import BaselineFigure  # noqa: F401
        from zongjie.extraction import extract_bytes  # noqa: F401
    except ImportError as exc:
        say(f"跳过历史总结导入演示：缺少 {exc.name}（提取模块或考核模块未安装）。")
        return
    path = seed_file()
    if path is None:
        say(f"跳过历史总结导入演示：找不到示例文件 {SEED_NAME}（应在 zongjie/imports/seed/ 目录）。")
        return
    from zongjie.imports.services import import_path

    admin = ctx.users.get("admin")
    for number, unit in enumerate(ctx.counties[:5], start=1):
        outcome = import_path(
            path, unit=unit, period=HISTORY_PERIOD, user=admin, article=number, confirm=True
        )
        if not outcome.ok:
            say(f"历史总结导入演示：{outcome.message}")
    say(
        f"已导入示例旧总结 5 篇，作为 {HISTORY_PERIOD} 的历史基数（{', '.join(u.name for u in ctx.counties[:5])}）。"
    )
