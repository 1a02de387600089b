"""``fupin import``: the registry template from a workbook, a CSV, a folder or a .zip."""

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
