"""The ``fupin`` command line (spec/interchange.md §4).

Each app that contributes commands has a ``commands`` module with ``register(subparsers)``; the
list below is where every command is registered. Handlers return an exit code: 0 on success, 1 on
bad input, with the reasons on standard error in Chinese. The command line acts as the server's
operator: no region scope and no masking.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib import import_module

COMMAND_MODULES = [
    "fupin.commands",
    "fupin.regions.commands",
    "fupin.accounts.commands",
    "fupin.registry.commands",
    "fupin.grid.commands",
    "fupin.ledger.commands",
    "fupin.standards.commands",
    "fupin.assessment.commands",
    "fupin.monitoring.commands",
    "fupin.benefits.commands",
    "fupin.reports.commands",
    "fupin.demo.commands",
    "fupin.backup.commands",
]


class CommandError(Exception):
    """Bad input to a command: each line of the message goes to standard error."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fupin",
        description="扶贫：精准扶贫与防止返贫动态监测帮扶信息系统",
    )
    subparsers = parser.add_subparsers(dest="command", metavar="命令", required=True)
    for module in COMMAND_MODULES:
        import_module(module).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fupin.settings")
    import django

    django.setup()
    args = build_parser().parse_args(argv)
    try:
        code = args.handler(args)
    except CommandError as error:
        for line in str(error).splitlines():
            print(f"错误：{line}", file=sys.stderr)
        code = 1
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        code = 130
    sys.exit(code or 0)
