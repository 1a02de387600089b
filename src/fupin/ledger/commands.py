"""``fupin ledger import``, ``export``, ``template`` and ``from-quality``: the problem ledger in
bulk (docs/ledger-interchange.md).

Every problem names the account that registered it, so the commands that register problems need
``--user``; exporting without it is the operator's, unscoped and unmasked.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from fupin.accounts.commands import acting_user, user_option
from fupin.cli import CommandError, report_import

if TYPE_CHECKING:
    from fupin.accounts.models import User
    from fupin.regions.models import Region


def register(subparsers: argparse._SubParsersAction) -> None:
    ledger = subparsers.add_parser("ledger", help="问题台账：导入督导组交办问题清单、导出台账")
    actions = ledger.add_subparsers(dest="action", metavar="操作", required=True)
    command = actions.add_parser(
        "import",
        help="导入督导组交办问题清单（.xlsx 或 .csv）",
        description="导入督导组交办问题清单。要么全部写入，要么一行不写；所有错误一次列出。"
        "同一清单重复导入不会产生重复的问题。",
    )
    command.add_argument("path", type=Path, metavar="FILE", help="工作簿或 CSV 文件")
    user_option(command, "以该账号的身份登记（按其角色和管辖范围检查；必填）")
    command.set_defaults(handler=run_import)
    command = actions.add_parser(
        "export",
        help="按台账格式导出问题（.xlsx）",
        description="导出问题台账：序号、问题来源、问题描述、整改措施、责任单位、责任人、"
        "整改时限、整改进展、销号情况，及区划、问题类别等列。",
    )
    command.add_argument("--out", type=Path, required=True, metavar="FILE", help="以 .xlsx 结尾")
    command.add_argument("--region", metavar="CODE", help="只导出该区划（2、4、6、9 或 12 位代码）")
    user_option(command, "只导出该账号可见的问题，无权查看证件号码的账号导出脱敏数据")
    command.set_defaults(handler=run_export)
    command = actions.add_parser(
        "template",
        help="生成督导组交办问题清单的空白模板（.xlsx）",
        description="生成导入模板：表头和一行示例。",
    )
    command.add_argument("--out", type=Path, required=True, metavar="FILE", help="以 .xlsx 结尾")
    command.set_defaults(handler=run_template)
    command = actions.add_parser(
        "from-quality",
        help="把数据质量检查（Q01–Q16）发现的问题转为问题台账，每户一个问题",
        description="对该区划运行数据质量检查，为每户有问题的农户登记一个问题；"
        "已在台账中且未销号的户不重复登记。",
    )
    command.add_argument("--region", required=True, metavar="CODE", help="区划代码")
    command.add_argument("--year", type=int, required=True, metavar="Y", help="检查年度")
    user_option(command, "以该账号的身份登记（按其角色和管辖范围检查；必填）")
    command.set_defaults(handler=run_from_quality)


def _registrar(username: str | None) -> User:
    if username is None:
        raise CommandError("登记问题须指明登记人：请用 --user 指定账号")
    return acting_user(username)


def _region(code: str) -> Region:
    from fupin.regions.models import Region

    region = Region.objects.filter(code=code).first()
    if region is None:
        raise CommandError(f"没有区划代码 {code}")
    return region


def run_import(args: argparse.Namespace) -> int:
    from .inspection_import import import_problems

    return report_import(import_problems(_registrar(args.user), args.path))


def run_export(args: argparse.Namespace) -> int:
    from fupin.core.tables import TableFormatError

    from .exporting import export_ledger
    from .models import Problem

    problems = Problem.objects.all()
    user = acting_user(args.user) if args.user else None
    if user is not None:
        problems = Problem.objects.visible_to(user)
    if args.region:
        problems = problems.within(_region(args.region).code)
    try:
        count = export_ledger(args.out, problems, mask=user is not None and not user.sees_identity)
    except TableFormatError as error:
        raise CommandError(str(error)) from error
    print(f"已导出：问题台账 {count} 行")
    return 0


def run_template(args: argparse.Namespace) -> int:
    from fupin.core.tables import TableFormatError

    from .inspection_import import write_template

    try:
        write_template(args.out)
    except TableFormatError as error:
        raise CommandError(str(error)) from error
    print(f"已生成模板：{args.out}")
    return 0


def run_from_quality(args: argparse.Namespace) -> int:
    from .errors import LedgerError
    from .from_quality import problems_from_quality

    actor = _registrar(args.user)
    try:
        outcome = problems_from_quality(actor, _region(args.region), year=args.year)
    except LedgerError as error:
        raise CommandError(error.message) from error
    print(outcome.summary())
    return 0
