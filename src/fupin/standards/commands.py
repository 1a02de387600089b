"""``fupin standards list`` and ``fupin standards set`` (interchange.md §4)."""

from __future__ import annotations

import argparse
from typing import Any

from fupin.cli import CommandError

from .parameters import COUNT, PARAMETERS, PARAMETERS_BY_NAME

FIRST_YEAR = 2014


def register(subparsers: argparse._SubParsersAction) -> None:
    standards = subparsers.add_parser("standards", help="扶贫标准和防返贫监测范围")
    actions = standards.add_subparsers(dest="action", metavar="操作", required=True)

    listing = actions.add_parser("list", help="按年度列出在用的标准")
    listing.add_argument(
        "--province", metavar="CODE", help="省级区划代码（两位）；省未设置的年度用全国标准"
    )
    listing.set_defaults(handler=run_list)

    setting = actions.add_parser("set", help="设置某年度的标准（全国或某省）")
    setting.add_argument("--year", type=int, required=True, help="年度")
    setting.add_argument(
        "--province", metavar="CODE", help="省级区划代码（两位）；省略则为全国标准"
    )
    for parameter in PARAMETERS:
        setting.add_argument(
            parameter.flag,
            dest=parameter.name,
            metavar="N" if parameter.kind is COUNT else "X",
            help=f"{parameter.label}：{parameter.details}",
        )
    setting.add_argument(
        "--user",
        metavar="NAME",
        help="记为修改人的账号（须为全国范围的系统管理员）；不填则记为命令行操作",
    )
    setting.set_defaults(handler=run_set)


def run_list(args: argparse.Namespace) -> int:
    from django.utils import timezone

    from .resolve import StandardMissing, in_force

    last = max(timezone.localdate().year, FIRST_YEAR)
    print("年度\t扶贫标准\t来源\t防返贫监测范围\t来源")
    for year in range(FIRST_YEAR, last + 1):
        cells = [str(year)]
        for parameter in ("poverty_line", "monitoring_line"):
            try:
                value = in_force(parameter, year, args.province)
            except StandardMissing:
                cells += ["—", ""]
            else:
                cells += [f"{value.value:.2f}", value.source]
        print("\t".join(cells))
    return 0


def run_set(args: argparse.Namespace) -> int:
    from .services import StandardsError, set_standard

    values, problems = {}, []
    for parameter in PARAMETERS:
        text = getattr(args, parameter.name)
        if text is None:
            continue
        try:
            values[parameter.name] = parameter.parse(text)
        except ValueError as error:
            problems.append(str(error))
    if problems:
        raise CommandError("\n".join(problems))
    try:
        standard = set_standard(
            _named_user(args.user),
            year=args.year,
            province=args.province,
            values=values,
            reason="命令行 fupin standards set",
        )
    except StandardsError as error:
        raise CommandError(str(error)) from error
    print(
        f"已设置{standard}年标准："
        + "，".join(f"{PARAMETERS_BY_NAME[name].label} = {value}" for name, value in values.items())
    )
    return 0


def _named_user(username: str | None) -> Any:
    """The active account named on the command line, or None for the operator."""
    from fupin.accounts.models import User

    if username is None:
        return None
    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"--user：没有启用的账号“{username}”")
    return user
