"""`zongjie serve`: the production WSGI server.

One worker: waitress (threads). Several workers (`--workers N`): gunicorn's pre-fork
server on Linux and other POSIX systems, each worker with `--threads` threads; where
gunicorn cannot run (Windows) waitress serves with threads alone. Behind a reverse proxy
the forwarded headers count only from ZONGJIE_TRUSTED_PROXIES (zongjie.security.proxy).
"""

from __future__ import annotations

import importlib.util
import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from zongjie.conf import env_str


def gunicorn_available() -> bool:
    return os.name == "posix" and importlib.util.find_spec("gunicorn") is not None


class Command(BaseCommand):
    help = "以生产 WSGI 服务器提供服务（单进程用 waitress，--workers N 时在 Linux 上用 gunicorn 多进程）"

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8, help="每个进程的线程数")
        parser.add_argument("--workers", type=int, default=1, help="工作进程数（>1 时用 gunicorn）")
        parser.add_argument(
            "--server",
            choices=["auto", "waitress", "gunicorn"],
            default="auto",
            help="auto：一个进程用 waitress，多个进程且 gunicorn 可用时用 gunicorn",
        )

    def handle(self, *args, host, port, threads, workers, server, **options):
        if settings.PRODUCTION and not env_str("ZONGJIE_SECRET_KEY"):
            raise CommandError(
                "生产模式（ZONGJIE_PRODUCTION=1）必须设置环境变量 ZONGJIE_SECRET_KEY（50 位以上随机字符），"
                '服务未启动。生成方法：python3 -c "import secrets;print(secrets.token_urlsafe(60))"'
            )
        if workers < 1 or threads < 1:
            raise CommandError("--workers 和 --threads 至少为 1。")
        if server == "auto":
            server = "gunicorn" if workers > 1 and gunicorn_available() else "waitress"
        if server == "gunicorn" and not gunicorn_available():
            raise CommandError(
                "本机无法运行 gunicorn（需要 Linux 等 POSIX 系统并已安装 gunicorn），请改用 --server waitress。"
            )
        if settings.PRODUCTION:
            call_command("collectstatic", interactive=False, verbosity=0)
        if server == "waitress" and workers > 1:
            self.stderr.write(f"gunicorn 不可用：改用 waitress 单进程 {threads * workers} 个线程。")
            threads *= workers
            workers = 1
        self.stdout.write(
            f"zongjie 已启动：http://{host}:{port}/  （{server}，{workers} 个进程 × {threads} 个线程；Ctrl+C 停止）"
        )
        self.stdout.flush()
        if server == "gunicorn":
            from zongjie.web.gunicorn import run

            run(host=host, port=port, workers=workers, threads=threads)
        else:
            from waitress import serve

            from zongjie.wsgi import application

            # zongjie.wsgi applies the trusted proxies itself: waitress passes every header on.
            serve(
                application,
                host=host,
                port=port,
                threads=threads,
                ident="zongjie",
                clear_untrusted_proxy_headers=False,
            )
