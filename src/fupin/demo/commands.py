"""``fupin demo``: a synthetic county over real villages, with an account per role, its first
rule run, its responsibility grid, recent visits, its projects and funds and its problem
ledger."""

from __future__ import annotations

import argparse

from fupin.cli import CommandError


def register(subparsers: argparse._SubParsersAction) -> None:
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
    from fupin.registry.demo import DemoError, load_demo
    from fupin.registry.models import Household

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
        _demo_projects(args.county, args.seed)
        _demo_works(args.county, args.seed)
        _demo_ledger(args.county, args.seed)
    print(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
    for account in accounts:
        where = account.region.full_name() if account.region else "全国"
        print(f"  {account.username:<10} {account.display_name}（{where}）")
    return 0


def _first_rule_run(county: str) -> None:
    """The demo's offices start where a real one would after its first 预警规则 run: the alerts
    stored, each alerted household a 系统预警 lead in 我的待办."""
    from fupin.monitoring.leads import store_run_opening_leads
    from fupin.registry.demo import INCOME_YEARS
    from fupin.registry.models import Household
    from fupin.rules.facts import RunInputs

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


def _demo_projects(county: str, seed: int) -> None:
    """The county's funds of two years, its project library (光伏 stations among them) with funds
    allocated and spent, and the households that benefit."""
    from fupin.core.money import yuan
    from fupin.projects.demo import build_demo_projects

    report = build_demo_projects(county, seed=seed)
    states = "、".join(f"{state} {count}" for state, count in sorted(report.by_state.items()))
    print(
        f"项目资金：{report.funds} 笔资金共 {yuan(report.received)} 元，"
        f"已安排 {yuan(report.allocated)} 元、支出 {yuan(report.spent)} 元；"
        f"{sum(report.by_state.values())} 个项目（{states}），其中光伏电站 {report.photovoltaic} 座；"
        f"受益对象 {report.beneficiaries} 个；项目资产 {report.assets} 项，"
        f"收益分红 {report.dividends} 元发放到 {report.dividend_households} 户。"
    )


def _demo_works(county: str, seed: int) -> None:
    """Household works in every state (failed acceptances open ledger problems) and one audit
    with lines of every result."""
    from fupin.projects.demo_works import build_demo_works

    report = build_demo_works(county, seed=seed)
    states = "、".join(f"{state} {count}" for state, count in sorted(report.by_state.items()))
    lines = "、".join(f"{result} {count}" for result, count in sorted(report.audit_lines.items()))
    print(
        f"到户工程：{sum(report.by_state.values())} 户（{states}），费用 {report.expenses} 项，"
        f"验收未通过登记问题 {report.problems_from_works} 个；审计事项：{lines}。"
    )


def _demo_ledger(county: str, seed: int) -> None:
    """The problems of the county's ledger in every state, and two 整改专项行动."""
    from fupin.ledger.demo import build_demo_ledger

    report = build_demo_ledger(county, seed=seed)
    states = "、".join(f"{state} {count}" for state, count in sorted(report.by_state.items()))
    print(
        f"问题台账：{report.problems} 个问题（{states}），其中逾期未整改 {report.overdue} 个；"
        f"专项行动：{'、'.join(report.campaigns)}。"
    )
