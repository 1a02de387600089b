"""``fupin gaps`` (interchange.md §4)."""

from __future__ import annotations

import argparse

from fupin.rules.command_line import table_command, write_run_table


def register(subparsers: argparse._SubParsersAction) -> None:
    gaps = table_command(
        subparsers, "gaps", "应享未享：逐人列出应享而未享受的政策", sheet="应享未享"
    )
    gaps.set_defaults(handler=run_gaps)


def run_gaps(args: argparse.Namespace) -> int:
    from .gaps import GAP_COLUMNS, gaps

    return write_run_table(args, GAP_COLUMNS, gaps, "应享未享")
