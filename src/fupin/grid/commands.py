"""``fupin grid import`` and ``fupin grid export``: the responsibility grid as a workbook, CSVs, a
folder or a .zip (docs/grid-interchange.md)."""

from __future__ import annotations

import argparse
from pathlib import Path

from fupin.accounts.commands import acting_user, user_option
from fupin.cli import CommandError, report_import


def register(subparsers: argparse._SubParsersAction) -> None:
    grid = subparsers.add_parser("grid", help="帮扶网格：导入、导出帮扶干部和帮扶关系")
    actions = grid.add_subparsers(dest="action", metavar="操作", required=True)
    command = actions.add_parser(
        "import",
        help="导入帮扶干部、帮扶关系和片区农户（.xlsx、.csv、文件夹或 .zip）",
        description="导入帮扶网格。要么全部写入，要么一行不写；所有错误一次列出。"
        "同一文件重复导入不会产生重复的记录。",
    )
    command.add_argument("path", type=Path, metavar="FILE", help="工作簿、CSV 文件、文件夹或 .zip")
    user_option(command, "以该账号的身份导入（按其角色和管辖范围检查；默认不限范围）")
    command.set_defaults(handler=run_import)
    command = actions.add_parser(
        "export",
        help="按导入格式导出帮扶网格（.xlsx、.zip 或文件夹）",
        description="按导入格式导出帮扶网格；导出的文件可原样再导入。",
    )
    command.add_argument("--region", metavar="CODE", help="只导出该区划（2、4、6、9 或 12 位代码）")
    command.add_argument(
        "--out",
        type=Path,
        required=True,
        metavar="PATH",
        help="以 .xlsx、.zip 结尾的文件，或文件夹",
    )
    user_option(command, "只导出该账号可见的数据，无权查看证件号码的账号导出脱敏数据")
    command.set_defaults(handler=run_export)
    command = actions.add_parser(
        "settings",
        help="查看或设置网格参数（帮扶户数上限、走访间隔），全国默认或按省",
        description="不带数值时列出参数；带数值时设置。--clear 清除该省的某项参数，恢复为全国默认。",
    )
    command.add_argument("--province", metavar="CODE", help="2 位省级代码；不填为全国默认")
    for name in ("helper_limit", "monitored_interval", "poor_interval", "exited_years"):
        command.add_argument(f"--{name.replace('_', '-')}", type=int, metavar="N")
    command.add_argument(
        "--clear", action="append", default=[], metavar="NAME", help="清除的参数名"
    )
    command.set_defaults(handler=run_settings)


def run_import(args: argparse.Namespace) -> int:
    from .exchange import import_grid

    return report_import(import_grid(acting_user(args.user), args.path))


def run_export(args: argparse.Namespace) -> int:
    from fupin.core.tables import TableFormatError
    from fupin.regions.models import Region

    from .exchange import export_grid

    if args.region and not Region.objects.filter(code=args.region).exists():
        raise CommandError(f"没有区划代码 {args.region}")
    user = acting_user(args.user) if args.user else None
    try:
        counts = export_grid(
            args.out,
            user=user,
            region=args.region,
            mask=user is not None and not user.sees_identity,
        )
    except TableFormatError as error:
        raise CommandError(str(error)) from error
    print("已导出：" + "，".join(f"{sheet} {count} 行" for sheet, count in counts.items()))
    return 0


def run_settings(args: argparse.Namespace) -> int:
    from .limits import LABELS, limits_for, set_limits

    values: dict[str, int | None] = {
        name: getattr(args, name) for name in LABELS if getattr(args, name) is not None
    }
    for name in args.clear:
        if name not in LABELS:
            raise CommandError(f"--clear：没有参数 {name}（可选 {'、'.join(LABELS)}）")
        values[name] = None
    if values:
        try:
            set_limits(args.province, values)
        except ValueError as error:
            raise CommandError(str(error)) from error
    in_force = limits_for(args.province)
    print(f"{args.province or '全国'}现行网格参数：")
    for name, label in LABELS.items():
        print(f"  {name:<20} {getattr(in_force, name):>5}  {label}")
    return 0
