"""``fupin monitor`` (interchange.md §4): the alert rules' table, the run stored and its 系统预警
leads opened, as the monitoring office's run does it."""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from fupin.rules.command_line import table_command, write_run_table

if TYPE_CHECKING:
    from fupin.alerts.rows import AlertRow


def register(subparsers: argparse._SubParsersAction) -> None:
    monitor = table_command(
        subparsers, "monitor", "返贫预警：对非未脱贫户逐条规则 M01–M10 预警", sheet="返贫预警"
    )
    monitor.set_defaults(handler=run_monitor)


def run_monitor(args: argparse.Namespace) -> int:
    """Writes the alerts and stores the run (replacing a run with the same inputs)."""
    from fupin.alerts.rules import MONITOR_COLUMNS, alert_row

    from .leads import store_run_opening_leads

    def rows(households: Any, run: Any) -> Iterable[AlertRow]:
        stored, found = store_run_opening_leads(None, households, run, region=args.region)
        print(f"已保存本次运行：{stored.households_alerted} 户预警（同样参数的上一次结果已被替换）")
        return (alert_row(alert) for alert in found)

    return write_run_table(args, MONITOR_COLUMNS, rows, "返贫预警")
