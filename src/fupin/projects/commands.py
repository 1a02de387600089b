"""``fupin projects import``, ``export`` and ``template``: the project library and the expense
lines in bulk (docs/projects-interchange.md).

A declared project and an expense name the account that registered them, so ``import`` needs
``--user``; exporting without it is the operator's, the whole library.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from pathlib import Path

from fupin.accounts.commands import acting_user, user_option
from fupin.cli import CommandError, report_import


def register(subparsers: argparse._SubParsersAction) -> None:
    projects = subparsers.add_parser("projects", help="项目资金：导入导出项目库和支出明细")
    actions = projects.add_subparsers(dest="action", metavar="操作", required=True)
    command = actions.add_parser(
        "import",
        help="导入项目库（申报项目）和支出明细（.xlsx 或 .csv）",
        description="导入项目库和支出明细。要么全部写入，要么一行不写；所有错误一次列出。",
    )
    command.add_argument("path", type=Path, metavar="FILE", help="工作簿或 CSV 文件")
    user_option(command, "以该账号的身份申报项目、登记支出（按其角色和管辖范围检查；必填）")
    command.set_defaults(handler=run_import)
    command = actions.add_parser(
        "export",
        help="导出项目库（含状态、已安排和已支出资金）和支出明细",
        description="导出项目库和支出明细：.xlsx 为一个工作簿两张表，.zip 或文件夹为两个 CSV。",
    )
    command.add_argument(
        "--out", type=Path, required=True, metavar="FILE", help="以 .xlsx、.zip 结尾，或文件夹"
    )
    command.add_argument("--region", metavar="CODE", help="只导出该区划（2、4、6、9 或 12 位代码）")
    user_option(command, "只导出该账号可见的项目和支出")
    command.set_defaults(handler=run_export)
    command = actions.add_parser(
        "template",
        help="生成项目库和支出明细的空白模板（.xlsx）",
        description="生成导入模板：两张表的表头和各一行示例。",
    )
    command.add_argument("--out", type=Path, required=True, metavar="FILE", help="以 .xlsx 结尾")
    command.set_defaults(handler=run_template)


def run_import(args: argparse.Namespace) -> int:
    from .exchange import import_projects

    if args.user is None:
        raise CommandError("导入须指明申报人和登记人：请用 --user 指定账号")
    return report_import(import_projects(acting_user(args.user), args.path))


def _written(write: Callable[[Path], Mapping[str, int]], path: Path) -> Mapping[str, int]:
    """The tables written by ``write``; a name no writer handles is the command's error."""
    from fupin.core.tables import TableFormatError

    try:
        return write(path)
    except TableFormatError as error:
        raise CommandError(str(error)) from error


def run_export(args: argparse.Namespace) -> int:
    from fupin.regions.models import Region

    from .exporting import export_projects
    from .models import Expense, Project

    projects, expenses = Project.objects.all(), Expense.objects.all()
    if args.user:
        user = acting_user(args.user)
        projects, expenses = Project.objects.visible_to(user), Expense.objects.visible_to(user)
    if args.region:
        if not Region.objects.filter(code=args.region).exists():
            raise CommandError(f"没有区划代码 {args.region}")
        projects, expenses = projects.within(args.region), expenses.within(args.region)
    counts = _written(lambda path: export_projects(path, projects, expenses), args.out)
    print("已导出：" + "，".join(f"{name} {count} 行" for name, count in counts.items()))
    return 0


def run_template(args: argparse.Namespace) -> int:
    from .exchange import write_template

    _written(write_template, args.out)
    print(f"已生成模板：{args.out}")
    return 0
