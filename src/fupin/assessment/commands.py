"""``fupin assess`` and ``fupin villages`` (interchange.md §4)."""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from fupin.rules.command_line import table_command, write_run_table

if TYPE_CHECKING:
    from .rows import VillageRow


def register(subparsers: argparse._SubParsersAction) -> None:
    assess = table_command(
        subparsers, "assess", "退出评估：逐户判断 E1–E7，写出是否可以退出", sheet="退出评估"
    )
    assess.set_defaults(handler=run_assess)
    villages = table_command(
        subparsers, "villages", "贫困村出列：逐村计算贫困发生率", sheet="村出列"
    )
    villages.set_defaults(handler=run_villages)


def run_assess(args: argparse.Namespace) -> int:
    from .exit import ASSESS_COLUMNS, assess_rows

    return write_run_table(args, ASSESS_COLUMNS, assess_rows, "退出评估")


def run_villages(args: argparse.Namespace) -> int:
    from fupin.registry.models import VillageInfo

    from .villages import VILLAGE_COLUMNS, village_rows

    def rows(households: Any, run: Any) -> Iterable[VillageRow]:
        villages = VillageInfo.objects.all()
        return village_rows(villages.within(args.region) if args.region else villages, run)

    return write_run_table(args, VILLAGE_COLUMNS, rows, "村出列")
