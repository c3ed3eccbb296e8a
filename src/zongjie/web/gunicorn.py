"""gunicorn, started from `zongjie serve --workers N` (no config file, no command line of its own)."""

from __future__ import annotations

from gunicorn.app.base import BaseApplication


class ZongjieApplication(BaseApplication):
    def __init__(self, options: dict) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from zongjie.wsgi import application

        return application


def run(*, host: str, port: int, workers: int, threads: int) -> None:
    ZongjieApplication(
        {
            "bind": f"{host}:{port}",
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            "timeout": 120,  # a city's summary (docx) takes seconds
            "graceful_timeout": 20,
            # zongjie.wsgi applies ZONGJIE_TRUSTED_PROXIES itself: gunicorn trusts no peer's scheme headers
            "forwarded_allow_ips": "",
            "proc_name": "zongjie",
            # one control socket per user in ~/.gunicorn: two servers on one host would share it
            "control_socket_disable": True,
            "accesslog": None,
            "errorlog": "-",
        }
    ).run()
