"""The `zongjie` console script: a thin front over Django management commands.

`zongjie extract` runs without Django (the extraction package is pure Python);
every other sub-command is a management command (`zongjie demo` = `manage.py demo`).
"""

from __future__ import annotations

import os
import sys

USAGE = """用法: zongjie <命令> [参数]

常用命令:
  demo [--no-serve] [--seed N]   建立演示数据并在 http://127.0.0.1:8000 启动
  serve [--host H] [--port P]    以生产 WSGI 服务器启动
  migrate                        建立或升级数据库
  units [--json]                 列出单位树
  createuser                     新建用户并授予单位角色
  extract FILE... [--json]       从旧工作总结中提取结构与数字
  score --period P               计算考核排名
  import FILE... --unit U --period P   导入旧工作总结为历史数据
  report --unit U --period P -o FILE   生成半年工作总结
  backup FILE / restore FILE     备份与恢复数据库

其余 Django 管理命令同样可用（zongjie help 列出全部）。"""


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in {"-h", "--help"}:
        print(USAGE)
        return 0
    if argv[0] == "extract":
        # numpy (the extraction's class table) starts a BLAS thread per core at import and
        # never does linear algebra here: one thread spares the start-up (~25 ms CPU)
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
        from zongjie.extraction.cli import main as extract_main

        return extract_main(argv[1:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zongjie.settings")
    from django.core.management import execute_from_command_line
    from django.core.management.base import CommandError

    wanted_traceback = "--traceback" in argv
    _errors_in_chinese()
    try:
        execute_from_command_line(["zongjie", *argv])
    except KeyboardInterrupt:
        return 130
    except CommandError as exc:
        if wanted_traceback:
            raise
        # Django would print "CommandError: …"; the user reads only the Chinese message.
        print(f"错误：{exc}", file=sys.stderr)
        return exc.returncode
    return 0


def _errors_in_chinese() -> None:
    """Let a command's CommandError reach main() (which prints it plainly) instead of Django's printer."""
    from django.core.management.base import BaseCommand

    original = BaseCommand.run_from_argv
    if getattr(original, "_zongjie", False):
        return

    def run_from_argv(self, argv):
        return original(self, argv if "--traceback" in argv else [*argv, "--traceback"])

    run_from_argv._zongjie = True
    BaseCommand.run_from_argv = run_from_argv


if __name__ == "__main__":
    sys.exit(main())
