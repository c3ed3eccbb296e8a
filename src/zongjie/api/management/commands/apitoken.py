"""zongjie apitoken USERNAME [--name N] | --list | --revoke ID: API tokens for machine clients."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from zongjie.api.models import ApiToken
from zongjie.api.tokens import create_token, revoke_token


class Command(BaseCommand):
    help = "为用户生成接口令牌（只显示一次），或列出、吊销令牌"

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", help="用户名")
        parser.add_argument("--name", default="", help="令牌用途，如“报表同步脚本”")
        parser.add_argument("--list", action="store_true", help="列出该用户（或全部用户）的令牌")
        parser.add_argument("--revoke", type=int, metavar="ID", help="吊销编号为 ID 的令牌")

    def handle(self, *args, username, name, list, revoke, **options):
        if revoke is not None:
            row = ApiToken.objects.select_related("user").filter(pk=revoke).first()
            if row is None:
                raise CommandError(f"令牌 {revoke} 不存在。")
            revoke_token(row)
            self.stdout.write(f"已吊销令牌 {row.pk}（{row.user.username} · {row.name or row.prefix}）。")
            return
        if list:
            rows = ApiToken.objects.select_related("user").order_by("user__username", "-created_at")
            if username:
                rows = rows.filter(user__username=username)
            for row in rows:
                state = "已吊销" if row.revoked_at else "有效"
                used = f"{row.last_used_at:%Y-%m-%d %H:%M}" if row.last_used_at else "未使用"
                self.stdout.write(
                    f"{row.pk}\t{row.user.username}\t{row.prefix}…\t{row.name}\t{state}\t最近使用：{used}"
                )
            return
        if not username:
            raise CommandError("请给出用户名：zongjie apitoken 用户名")
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户“{username}”不存在。")
        if not user.is_active:
            raise CommandError(f"用户“{username}”已停用，不能生成令牌。")
        _, token = create_token(user, name)
        # The token itself goes to stdout alone, so scripts can capture it; it is shown only once.
        self.stdout.write(token)
        self.stderr.write(f"已为 {username} 生成接口令牌（只显示这一次，请妥善保存）。")
