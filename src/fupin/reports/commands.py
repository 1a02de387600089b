"""``fupin stats`` (interchange.md §4): the statistics of a region as one JSON object."""

from __future__ import annotations

import argparse
import json

from fupin.cli import CommandError
from fupin.rules.command_line import add_run_options, households_in_scope


def register(subparsers: argparse._SubParsersAction) -> None:
    stats = subparsers.add_parser("stats", help="统计：输出一个 JSON 对象（rules.md §7）")
    add_run_options(stats, region_help="区划代码（2、4、6、9 或 12 位）", region_required=True)
    stats.set_defaults(handler=run_stats)


def run_stats(args: argparse.Namespace) -> int:
    from fupin.regions.models import Region
    from fupin.rules.facts import RunInputs
    from fupin.standards.resolve import StandardMissing

    from .stats import statistics

    households_in_scope(args)  # checks the year and the region
    region = Region.objects.get(code=args.region)
    try:
        result = statistics(region, RunInputs.of(args.year, args.as_of))
    except StandardMissing as error:
        raise CommandError(str(error)) from error
    print(json.dumps(result, ensure_ascii=False, indent=2))
    return 0
