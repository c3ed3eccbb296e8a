from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from zongjie.ledger.demo import DEMO_PASSWORD, build_demo
from zongjie.org.models import Unit


class Command(BaseCommand):
    help = "建立演示数据（空库时）并启动服务；--no-serve 只建数据"

    def add_arguments(self, parser):
        parser.add_argument("--no-serve", action="store_true", help="只建立数据，不启动服务")
        parser.add_argument("--seed", type=int, default=2026, help="随机种子：同一种子得到相同数据")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, no_serve, seed, host, port, **options):
        call_command("migrate", interactive=False, verbosity=0)
        if Unit.objects.exists():
            self.stdout.write("数据库中已有数据，跳过演示数据生成。")
            logins = None
        else:
            try:
                ctx = build_demo(seed=seed)
            except RuntimeError as exc:
                raise CommandError(str(exc)) from exc
            logins = ctx.logins
            self.stdout.write(f"演示数据已建立（种子 {seed}）：{len(ctx.units)} 个单位。")
        self._print_logins(logins)
        if not no_serve:
            call_command("serve", host=host, port=port)

    def _print_logins(self, logins):
        from django.contrib.auth import get_user_model

        if logins is None:
            names = ["admin", "shi_shenhe", "shi_lingdao", "xian_shenhe", "xian_guanli"]
            users = get_user_model().objects.filter(username__in=names)
            logins = [(u.username, "", "") for u in users]
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for username, role, unit in logins:
            self.stdout.write(f"  {username:<14} {role} {unit}")
