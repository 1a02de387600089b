"""The rule commands of interchange.md §4: ``fupin assess`` (and, as they arrive, monitor, gaps,
villages, stats). Each takes --year, --as-of, --region and writes --out (.csv or .xlsx)."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from fupin.cli import CommandError


def register(subparsers: argparse._SubParsersAction) -> None:
    assess = _table_command(
        subparsers, "assess", "退出评估：逐户判断 E1–E7，写出是否可以退出", sheet="退出评估"
    )
    assess.set_defaults(handler=run_assess)
    monitor = _table_command(
        subparsers, "monitor", "返贫预警：对非未脱贫户逐条规则 M01–M10 预警", sheet="返贫预警"
    )
    monitor.set_defaults(handler=run_monitor)
    gaps = _table_command(
        subparsers, "gaps", "应享未享：逐人列出应享而未享受的政策", sheet="应享未享"
    )
    gaps.set_defaults(handler=run_gaps)
    villages = _table_command(
        subparsers, "villages", "贫困村出列：逐村计算贫困发生率", sheet="村出列"
    )
    villages.set_defaults(handler=run_villages)

    stats = subparsers.add_parser("stats", help="统计：输出一个 JSON 对象（rules.md §7）")
    stats.add_argument("--year", type=int, required=True, help="收入年度 Y")
    stats.add_argument(
        "--as-of",
        type=_date,
        default=None,
        metavar="DATE",
        help="参照日期 D（默认 Y 年 12 月 31 日）",
    )
    stats.add_argument(
        "--region", metavar="CODE", required=True, help="区划代码（2、4、6、9 或 12 位）"
    )
    stats.set_defaults(handler=run_stats)


def _table_command(
    subparsers: argparse._SubParsersAction, name: str, help_text: str, *, sheet: str
) -> argparse.ArgumentParser:
    command = subparsers.add_parser(name, help=help_text, description=help_text)
    command.add_argument("--year", type=int, required=True, help="收入年度 Y")
    command.add_argument(
        "--as-of",
        type=_date,
        default=None,
        metavar="DATE",
        help="参照日期 D（默认 Y 年 12 月 31 日）",
    )
    command.add_argument("--region", metavar="CODE", help="只计算该区划（2、4、6、9 或 12 位代码）")
    command.add_argument(
        "--out", type=Path, required=True, metavar="PATH", help="输出文件（.csv 或 .xlsx）"
    )
    command.set_defaults(sheet=sheet)
    return command


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应为 2020-12-31 的形式：{text}") from None


def _scope(args: argparse.Namespace) -> Any:
    from fupin.regions.models import Region
    from fupin.registry.models import Household

    if not 2000 <= args.year <= 2100:
        raise CommandError("--year 应在 2000–2100 之间")
    households = Household.objects.all()
    if args.region:
        if not Region.objects.filter(code=args.region).exists():
            raise CommandError(f"没有区划代码 {args.region}")
        households = households.within(args.region)
    return households


def _write(args: argparse.Namespace, columns: list[str], rows: Iterable[tuple[Any, ...]]) -> int:
    from fupin.core.tables import TableFormatError, write_table

    try:
        return write_table(args.out, columns, rows, sheet=args.sheet)
    except TableFormatError as error:
        raise CommandError(str(error)) from error


def _run(
    args: argparse.Namespace,
    columns: list[str],
    rows: Callable[[Any, Any], Iterable[tuple[Any, ...]]],
    what: str,
) -> int:
    from fupin.standards.resolve import StandardMissing

    from .facts import RunInputs

    run = RunInputs.of(args.year, args.as_of)
    try:
        count = _write(args, columns, rows(_scope(args), run))
    except StandardMissing as error:
        raise CommandError(str(error)) from error
    print(f"{what}（{run.year}年，参照日 {run.as_of:%Y-%m-%d}）：{count} 行，已写入 {args.out}")
    return 0


def run_assess(args: argparse.Namespace) -> int:
    from .exit import ASSESS_COLUMNS, assess_rows

    return _run(args, ASSESS_COLUMNS, assess_rows, "退出评估")


def run_monitor(args: argparse.Namespace) -> int:
    """Writes the alerts and stores the run (replacing a run with the same inputs)."""
    from .alerts import MONITOR_COLUMNS, alert_row
    from .rows import AlertRow
    from .runs import store_run

    def rows(households: Any, run: Any) -> Iterable[AlertRow]:
        stored, found = store_run(None, households, run, region=args.region)
        print(f"已保存本次运行：{stored.households_alerted} 户预警（同样参数的上一次结果已被替换）")
        return (alert_row(alert) for alert in found)

    return _run(args, MONITOR_COLUMNS, rows, "返贫预警")


def run_villages(args: argparse.Namespace) -> int:
    from fupin.registry.models import VillageInfo

    from .rows import VillageRow
    from .villages import VILLAGE_COLUMNS, village_rows

    def rows(households: Any, run: Any) -> Iterable[VillageRow]:
        villages = VillageInfo.objects.all()
        return village_rows(villages.within(args.region) if args.region else villages, run)

    return _run(args, VILLAGE_COLUMNS, rows, "村出列")


def run_gaps(args: argparse.Namespace) -> int:
    from .gaps import GAP_COLUMNS, gaps

    return _run(args, GAP_COLUMNS, gaps, "应享未享")


def run_stats(args: argparse.Namespace) -> int:
    import json

    from fupin.regions.models import Region
    from fupin.standards.resolve import StandardMissing

    from .facts import RunInputs
    from .stats import statistics

    _scope(args)  # checks the year and the region
    region = Region.objects.get(code=args.region)
    try:
        result = statistics(region, RunInputs.of(args.year, args.as_of))
    except StandardMissing as error:
        raise CommandError(str(error)) from error
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0
