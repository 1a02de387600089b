"""``fupin standards list`` and ``fupin standards set`` (interchange.md §4)."""

from __future__ import annotations

import argparse
from decimal import Decimal, InvalidOperation

from fupin.cli import CommandError

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
    setting.add_argument("--poverty-line", type=_amount, metavar="X", help="扶贫标准（元/人·年）")
    setting.add_argument(
        "--monitoring-line", type=_amount, metavar="X", help="防返贫监测范围（元/人·年）"
    )
    setting.set_defaults(handler=run_set)


def _amount(text: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"不是金额：{text}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"应为正数：{text}")
    return value


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

    values = {
        name: value
        for name, value in (
            ("poverty_line", args.poverty_line),
            ("monitoring_line", args.monitoring_line),
        )
        if value is not None
    }
    try:
        standard = set_standard(None, year=args.year, province=args.province, values=values)
    except StandardsError as error:
        raise CommandError(str(error)) from error
    print(f"已设置{standard}年标准：" + "，".join(f"{k} = {v}" for k, v in values.items()))
    return 0
