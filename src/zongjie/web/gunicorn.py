"""gunicorn, started from `zongjie serve --workers N` (no config file, no command line of its own)."""

from __future__ import annotations

from gunicorn.app.base import BaseApplication

# Seconds an idle keep-alive connection stays open. gunicorn's default (2 s) closes connections
# that a client (or nginx) is about to reuse: under load a client that waits more than 2 s
# between two requests sends its next one just as the server closes the socket, and gets
# "Connection reset by peer". Longer than nginx's upstream idle time (60 s) and as long as its
# client keepalive_timeout (75 s), so the side that closes an idle connection is never this one.
KEEPALIVE_SECONDS = 75


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
            "keepalive": KEEPALIVE_SECONDS,
            # zongjie.wsgi applies ZONGJIE_TRUSTED_PROXIES itself: gunicorn trusts no peer's scheme headers
            "forwarded_allow_ips": "",
            "proc_name": "zongjie",
            # one control socket per user in ~/.gunicorn: two servers on one host would share it
            "control_socket_disable": True,
            "accesslog": None,
            "errorlog": "-",
        }
    ).run()
