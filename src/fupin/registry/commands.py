"""``fupin import`` and ``fupin export``: the registry template as a workbook, CSVs, a folder or
a .zip."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from fupin.cli import CommandError


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
    register_demo(subparsers)
    register_check(subparsers)


def run_import(args: argparse.Namespace) -> int:
    from .importing import import_file

    outcome = import_file(None, args.path, update=args.update)
    for warning in outcome.warnings:
        print(f"提示：{warning.line()}", file=sys.stderr)
    if not outcome.written:
        raise CommandError(
            "\n".join([*(error.line() for error in outcome.errors), outcome.summary()])
        )
    print(outcome.summary())
    return 0


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


def register_demo(subparsers: argparse._SubParsersAction) -> None:
    command = subparsers.add_parser(
        "demo",
        help="演示县：生成合成的建档立卡数据和各角色的演示账号",
        description="在真实的县级区划上生成合成的演示数据（姓名均为虚构），并创建各角色的演示账号。"
        "该县已有户信息时不重复生成。",
    )
    command.add_argument(
        "--county", default="220802", metavar="CODE", help="县级区划代码（默认 220802 洮北区）"
    )
    command.add_argument(
        "--scale", type=float, default=1.0, help="规模倍数（1 约为 7000 户建档立卡户、12700 人）"
    )
    command.add_argument("--seed", type=int, default=2020, help="随机种子：相同种子生成相同数据")
    command.set_defaults(handler=run_demo)


def run_demo(args: argparse.Namespace) -> int:
    from fupin.accounts.demo import DEMO_PASSWORD, ensure_demo_accounts

    from .demo import DemoError, load_demo
    from .models import Household

    if not 0 < args.scale <= 200:
        raise CommandError("--scale 应在 0 到 200 之间")
    try:
        accounts = ensure_demo_accounts(args.county)
    except ValueError as error:
        raise CommandError(str(error)) from error
    if Household.objects.within(args.county).exists():
        print(f"区划 {args.county} 已有户信息，演示数据不重复生成。")
    else:
        print("生成演示数据并导入…", flush=True)
        try:
            report = load_demo(args.county, scale=args.scale, seed=args.seed)
        except DemoError as error:
            raise CommandError(str(error)) from error
        if not report.outcome.written:
            raise CommandError("\n".join(e.line() for e in report.outcome.errors[:20]))
        print(f"演示县：{report.households} 户、{report.members} 人。{report.outcome.summary()}")
        _first_rule_run(args.county)
        _demo_grid(args.county, args.seed)
    print(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
    for account in accounts:
        where = account.region.full_name() if account.region else "全国"
        print(f"  {account.username:<10} {account.display_name}（{where}）")
    return 0


def _first_rule_run(county: str) -> None:
    """The demo's offices start where a real one would after its first 预警规则 run: the alerts
    stored, each alerted household a 系统预警 lead in 我的待办."""
    from fupin.monitoring.leads import store_run_opening_leads
    from fupin.rules.facts import RunInputs

    from .demo import INCOME_YEARS
    from .models import Household

    run = RunInputs.of(INCOME_YEARS[-1])
    stored, _ = store_run_opening_leads(None, Household.objects.within(county), run, region=county)
    print(
        f"已运行一次返贫预警规则（{run.year}年）：{stored.households_alerted} 户预警，"
        "均已成为监测线索（见“我的待办”）。"
    )


def _demo_grid(county: str, seed: int) -> None:
    """The demo's cadres, their villages, areas and households, and the visits of recent months."""
    from fupin.accounts.models import User
    from fupin.grid.demo import build_demo_grid
    from fupin.visits.demo import build_demo_visits

    helper = User.objects.filter(username="helper1").first()
    report = build_demo_grid(county, seed=seed, helper_user=helper)
    visits = build_demo_visits(county, seed=seed, recorded_by=User.objects.get(username="admin"))
    print(
        f"帮扶网格：{report.cadres} 名干部，{report.assignments} 项帮扶安排，"
        f"{report.households_covered} 户有帮扶责任人；近五个月走访 {visits} 次。"
    )


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
