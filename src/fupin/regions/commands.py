"""``fupin regions load`` and ``fupin regions show``."""

from __future__ import annotations

import argparse

from fupin.cli import CommandError


def register(subparsers: argparse._SubParsersAction) -> None:
    regions = subparsers.add_parser("regions", help="行政区划代码")
    actions = regions.add_subparsers(dest="action", metavar="操作", required=True)

    load = actions.add_parser("load", help="载入国家行政区划代码（默认全国）")
    load.add_argument(
        "--province",
        action="append",
        default=[],
        metavar="CODE",
        help="只载入该省（两位代码，可多次）",
    )
    load.set_defaults(handler=run_load)

    show = actions.add_parser("show", help="显示区划及其上级，如 吉林省 / 白城市 / 洮北区")
    show.add_argument("code", metavar="CODE", help="2、4、6、9 或 12 位区划代码")
    show.set_defaults(handler=run_show)


def run_load(args: argparse.Namespace) -> int:
    from .loading import RegionLoadError, load_regions

    try:
        report = load_regions(args.province)
    except RegionLoadError as error:
        raise CommandError(str(error)) from error
    print(report.summary())
    return 0


def run_show(args: argparse.Namespace) -> int:
    from .models import Region

    region = Region.objects.filter(code=args.code.strip()).first()
    if region is None:
        raise CommandError(f"没有区划代码 {args.code}（先运行 fupin init 载入区划代码）")
    print(region.full_name())
    return 0
