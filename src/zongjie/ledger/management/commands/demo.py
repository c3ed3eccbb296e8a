import socket

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from zongjie.ledger.demo import DEMO_PASSWORD, build_demo
from zongjie.org.models import Membership, Role, Unit

# The accounts README names, in the order it names them; the township reporter follows xian_shenhe.
DEMO_USERS = ["admin", "shi_shenhe", "shi_lingdao", "xian_shenhe", "xian_guanli"]


def port_problem(host: str, port: int) -> str:
    """Why the server could not listen on host:port (empty when it can)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((host, port))
        except OSError as exc:
            return (
                f"端口 {port} 已被占用或无法使用（{host}:{port}，{exc.strerror or exc}）："
                f"可能已有一个 zongjie 在运行。请先停止它，或换一个端口：make run PORT={port + 1}"
                f"（或 zongjie demo --port {port + 1}）。"
            )
    return ""


def demo_logins() -> list[tuple[str, str, str]]:
    """(username, role, unit) of the demo accounts, read from the database: the same on every run."""
    rows: list[tuple[str, str, str]] = []
    members = Membership.objects.filter(user__username__in=DEMO_USERS).select_related("user", "unit")
    by_name = {m.user.username: m for m in members}
    admin = get_user_model().objects.filter(username="admin", is_superuser=True).exists()
    for name in DEMO_USERS:
        if name == "admin" and admin:
            rows.append(("admin", Role.ADMIN.label, "全部单位"))
        elif name in by_name:
            m = by_name[name]
            rows.append((name, Role(m.role).label, m.unit.name))
    if "xian_shenhe" in by_name:
        county = by_name["xian_shenhe"].unit
        reporter = (
            Membership.objects.filter(role=Role.REPORTER, unit__parent=county)
            .select_related("user", "unit")
            .order_by("unit__path", "user__username")
            .first()
        )
        if reporter is not None:
            rows.append((reporter.user.username, Role.REPORTER.label, reporter.unit.name))
    return rows


class Command(BaseCommand):
    help = "建立演示数据（空库时）并启动服务；--no-serve 只建数据"

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="只建立数据，不启动服务")
        parser.add_argument("--seed", type=int, default=2026, help="随机种子：同一种子得到相同数据")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, no_serve, seed, host, port, **options):
        if not no_serve:
            problem = port_problem(host, port)  # before minutes of set-up, not after
            if problem:
                raise CommandError(problem)
        call_command("migrate", interactive=False, verbosity=0)
        if Unit.objects.exists():
            self.stdout.write("数据库中已有数据，跳过演示数据生成。")
        else:
            try:
                ctx = build_demo(seed=seed)
            except RuntimeError as exc:
                raise CommandError(str(exc)) from exc
            self.stdout.write(f"演示数据已建立（种子 {seed}）：{len(ctx.units)} 个单位。")
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for username, role, unit in demo_logins():
            self.stdout.write(f"  {username:<14} {role:<6} {unit}")
        if not no_serve:
            call_command("serve", host=host, port=port)
