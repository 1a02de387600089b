"""``fupin import`` and ``fupin export``: the registry template as a workbook, CSVs, a folder or
a .zip."""

from __future__ import annotations

import argparse
from pathlib import Path

from fupin.cli import CommandError, report_import


def register(subparsers: argparse._SubParsersAction) -> None:
    command = subparsers.add_parser(
        "import",
        help="导入建档立卡数据（.xlsx、.csv、文件夹或 .zip）",
        description="导入建档立卡数据。要么全部写入，要么一行不写；所有错误一次列出。",
    )
    command.add_argument("path", type=Path, metavar="PATH", help="工作簿、CSV 文件、文件夹或 .zip")
    command.add_argument(
        "--update", action="store_true", help="按户编号、证件号码更新已有记录（保留修改记录）"
    )
    command.set_defaults(handler=run_import)
    register_export(subparsers)
    register_check(subparsers)


def run_import(args: argparse.Namespace) -> int:
    from .importing import import_file

    return report_import(import_file(None, args.path, update=args.update))


def register_export(subparsers: argparse._SubParsersAction) -> None:
    command = subparsers.add_parser(
        "export",
        help="按导入模板导出建档立卡数据（.xlsx、.zip 或文件夹）",
        description="按导入模板导出建档立卡数据；导出的文件可原样再导入。",
    )
    command.add_argument(
        "path", type=Path, metavar="PATH", help="以 .xlsx、.zip 结尾的文件，或文件夹"
    )
    command.add_argument("--region", metavar="CODE", help="只导出该区划（2、4、6、9 或 12 位代码）")
    command.set_defaults(handler=run_export)


def run_export(args: argparse.Namespace) -> int:
    from fupin.core.tables import TableFormatError

    from .exporting import export_registry

    _check_region(args.region)
    try:
        counts = export_registry(args.path, region=args.region)
    except TableFormatError as error:
        raise CommandError(str(error)) from error
    print("已导出：" + "，".join(f"{sheet} {count} 行" for sheet, count in counts.items()))
    return 0


def register_check(subparsers: argparse._SubParsersAction) -> None:
    command = subparsers.add_parser(
        "check",
        help="数据质量检查 Q01–Q16，结果写入 CSV 或 .xlsx",
        description="对已存数据做质量检查（rules.md §8），结果按户编号、证件号码、规则代码排序写出。",
    )
    command.add_argument("--year", type=int, default=None, help="年度（默认去年；Q11、Q12 使用）")
    command.add_argument("--region", metavar="CODE", help="只检查该区划（2、4、6、9 或 12 位代码）")
    command.add_argument(
        "--out", type=Path, required=True, metavar="PATH", help="输出文件（.csv 或 .xlsx）"
    )
    command.set_defaults(handler=run_check)


def run_check(args: argparse.Namespace) -> int:
    from django.utils import timezone

    from fupin.core.tables import TableFormatError, write_table

    from .quality import CHECK_COLUMNS, finding_rows, run_checks, scope_for

    year = args.year or timezone.localdate().year - 1
    _check_region(args.region)
    findings = run_checks(scope_for(year, region=args.region))
    try:
        count = write_table(args.out, CHECK_COLUMNS, finding_rows(findings), sheet="数据质量检查")
    except TableFormatError as error:
        raise CommandError(str(error)) from error
    print(f"数据质量检查（{year}年）：发现 {count} 处问题，已写入 {args.out}")
    return 0


def _check_region(code: str | None) -> None:
    from fupin.regions.models import Region

    if code and not Region.objects.filter(code=code).exists():
        raise CommandError(f"没有区划代码 {code}")
