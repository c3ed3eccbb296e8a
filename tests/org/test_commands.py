import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from zongjie.org.models import Membership


def test_createuser_grants_a_role(org, capsys):
    call_command(
        "createuser",
        "dave",
        "--unit",
        "A1",
        "--role",
        "reporter",
        "--name",
        "戴维",
        "--password",
        "s3cret-pass",
    )
    user = get_user_model().objects.get(username="dave")
    assert user.check_password("s3cret-pass") and user.first_name == "戴维"
    assert list(Membership.objects.filter(user=user).values_list("unit__code", "role")) == [
        ("A1", "reporter")
    ]
    assert "已创建用户 dave（通讯员，甲县城关镇）" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["eve", "--unit", "NOPE", "--password", "x12345678"], "找不到单位编码“NOPE”"),
        (["eve", "--role", "reporter", "--password", "x12345678"], "必须用 --unit 指定单位"),
        (["bob_reporter", "--unit", "A1", "--password", "x12345678"], "用户名“bob_reporter”已存在"),
    ],
)
def test_createuser_errors_are_clear(org, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("createuser", *args)
    assert not get_user_model().objects.filter(username="eve").exists()
