"""What the rule commands of interchange.md §4 share (``fupin assess``, ``monitor``, ``gaps``,
``villages``, ``stats``): the --year, --as-of and --region options, the households in scope, and
writing --out (.csv or .xlsx). Each app registers its own commands with these."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from fupin.cli import CommandError


def table_command(
    subparsers: argparse._SubParsersAction, name: str, help_text: str, *, sheet: str
) -> argparse.ArgumentParser:
    """A command writing one table of the run to --out."""
    command = subparsers.add_parser(name, help=help_text, description=help_text)
    add_run_options(command, region_help="只计算该区划（2、4、6、9 或 12 位代码）")
    command.add_argument(
        "--out", type=Path, required=True, metavar="PATH", help="输出文件（.csv 或 .xlsx）"
    )
    command.set_defaults(sheet=sheet)
    return command


def add_run_options(
    command: argparse.ArgumentParser, *, region_help: str, region_required: bool = False
) -> None:
    command.add_argument("--year", type=int, required=True, help="收入年度 Y")
    command.add_argument(
        "--as-of",
        type=_date,
        default=None,
        metavar="DATE",
        help="参照日期 D（默认 Y 年 12 月 31 日）",
    )
    command.add_argument("--region", metavar="CODE", required=region_required, help=region_help)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应为 2020-12-31 的形式：{text}") from None


def households_in_scope(args: argparse.Namespace) -> Any:
    """The households of --region (all without it), after checking --year and --region."""
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


def _write(args: argparse.Namespace, columns: list[str], rows: Iterable[Sequence[Any]]) -> int:
    from fupin.core.tables import TableFormatError, write_table

    try:
        return write_table(args.out, columns, rows, sheet=args.sheet)
    except TableFormatError as error:
        raise CommandError(str(error)) from error


def write_run_table(
    args: argparse.Namespace,
    columns: list[str],
    rows: Callable[[Any, Any], Iterable[Sequence[Any]]],
    what: str,
) -> int:
    """Write ``rows(households, run)`` to --out and say how many were written."""
    from fupin.standards.resolve import StandardMissing

    from .facts import RunInputs

    run = RunInputs.of(args.year, args.as_of)
    try:
        count = _write(args, columns, rows(households_in_scope(args), run))
    except StandardMissing as error:
        raise CommandError(str(error)) from error
    print(f"{what}（{run.year}年，参照日 {run.as_of:%Y-%m-%d}）：{count} 行，已写入 {args.out}")
    return 0
