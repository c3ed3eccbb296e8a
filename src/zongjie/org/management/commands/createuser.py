import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from zongjie.conf import env_str
from zongjie.org.models import Role, Unit
from zongjie.org.services import create_user


class Command(BaseCommand):
    help = "新建用户，并授予其在某单位的角色"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--unit", help="单位编码（系统管理员可省略）")
        parser.add_argument("--role", default=Role.REPORTER, choices=Role.values)
        parser.add_argument("--name", default="", help="姓名")
        parser.add_argument("--email", default="")
        parser.add_argument("--password", help="密码（省略则交互输入，或读取 ZONGJIE_NEW_PASSWORD）")

    def handle(self, *args, username, unit, role, name, email, password, **options):
        password = password or env_str("ZONGJIE_NEW_PASSWORD") or getpass.getpass("密码：")
        target = None
        if unit:
            target = Unit.objects.filter(code=unit).first()
            if target is None:
                raise CommandError(f"找不到单位编码“{unit}”。")
        elif role != Role.ADMIN:
            raise CommandError("除系统管理员外，必须用 --unit 指定单位。")
        try:
            create_user(
                None,
                username=username,
                password=password,
                unit=target,
                role=role,
                full_name=name,
                email=email,
            )
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc
        self.stdout.write(
            f"已创建用户 {username}（{Role(role).label}{'，' + target.name if target else ''}）"
        )
