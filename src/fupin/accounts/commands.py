"""``fupin users add``: the first administrator of a real installation; and the account a
command acts as (``--user``)."""

from __future__ import annotations

import argparse
import getpass
from typing import TYPE_CHECKING

from fupin.cli import CommandError

if TYPE_CHECKING:
    from .models import User


def register(subparsers: argparse._SubParsersAction) -> None:
    users = subparsers.add_parser("users", help="账号")
    actions = users.add_subparsers(dest="action", metavar="操作", required=True)
    add = actions.add_parser("add", help="新建账号（密码从终端输入）")
    add.add_argument("username", help="用户名")
    add.add_argument("--role", default="system_admin", help="角色代码（默认 system_admin）")
    add.add_argument(
        "--region", default=None, metavar="CODE", help="管辖区域代码（系统管理员可省略）"
    )
    add.add_argument("--name", default="", help="姓名")
    add.set_defaults(handler=run_add_user)


def run_add_user(args: argparse.Namespace) -> int:
    from .choices import Role
    from .models import User
    from .services import AccountDetails, AccountsError, create_user

    password = getpass.getpass("密码：")
    if password != getpass.getpass("再次输入密码："):
        raise CommandError("两次输入的密码不一致。")
    # The operator acts with nationwide system-administrator rights, as for every command.
    operator = User(username="fupin-cli", role=Role.SYSTEM_ADMIN, is_active=True)
    try:
        user = create_user(
            operator,
            username=args.username,
            password=password,
            details=AccountDetails(display_name=args.name, role=args.role, region_code=args.region),
        )
    except AccountsError as error:
        raise CommandError(str(error)) from error
    if user.role == Role.SYSTEM_ADMIN:
        User.objects.filter(pk=user.pk).update(is_staff=True, is_superuser=True)
    print(f"已创建账号 {user.username}（{user.get_role_display()}）。")
    return 0


def user_option(command: argparse.ArgumentParser, text: str) -> None:
    """The ``--user NAME`` option of a command that acts as an account (see ``acting_user``)."""
    command.add_argument("--user", metavar="NAME", help=f"用户名：{text}")


def acting_user(username: str | None) -> User:
    """The named active account, or the operator: nationwide system-administrator rights."""
    from .choices import Role
    from .models import User

    if username is None:
        return User(username="fupin-cli", role=Role.SYSTEM_ADMIN, is_active=True)
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"--user：没有启用的账号“{username}”")
    return user
