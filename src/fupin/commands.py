"""``fupin init`` and ``fupin serve``: set up the database and serve the site with its worker.

They stand above every app (init loads the regions, serve runs the whole site), so they live
beside ``cli.py`` at the top rather than in ``core``."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
from typing import TypedDict

from django.conf import settings
from django.core.management import call_command

from fupin.cli import CommandError


def register(subparsers: argparse._SubParsersAction) -> None:
    init = subparsers.add_parser(
        "init",
        help="创建或升级数据库，载入行政区划代码（默认全国），可重复执行",
        description="创建或升级数据库，载入行政区划代码（默认全国）。可重复执行，已有数据不变。",
    )
    init.add_argument(
        "--province",
        action="append",
        default=[],
        metavar="CODE",
        help="只载入该省（两位代码，可多次）",
    )
    init.set_defaults(handler=run_init)

    serve = subparsers.add_parser("serve", help="启动网站和后台任务进程")
    serve.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1）")
    serve.add_argument("--port", type=int, default=8000, help="端口（默认 8000）")
    serve.add_argument("--threads", type=int, default=8, help="处理请求的线程数（默认 8）")
    serve.set_defaults(handler=run_serve)

    worker = subparsers.add_parser("worker", help="只启动后台任务进程（serve 已自带）")
    worker.set_defaults(handler=run_worker)


def run_init(args: argparse.Namespace) -> int:
    from fupin.regions.loading import RegionLoadError, load_regions

    print("升级数据库结构…", flush=True)
    call_command("migrate", interactive=False, verbosity=0)
    print("载入行政区划代码…", flush=True)
    try:
        report = load_regions(args.province)
    except RegionLoadError as error:
        raise CommandError(str(error)) from error
    print(report.summary())
    return 0


def run_serve(args: argparse.Namespace) -> int:
    from waitress import serve

    from fupin.wsgi import application

    worker = subprocess.Popen([sys.executable, "-m", "fupin", "worker"])
    # A service manager stops us with SIGTERM: leave through the finally below, taking the
    # worker with us, instead of dying at once.
    signal.signal(signal.SIGTERM, _exit_on_signal)
    try:
        print(f"fupin 已启动：http://{args.host}:{args.port}/ （按 Ctrl+C 停止）", flush=True)
        serve(
            application,
            host=args.host,
            port=args.port,
            threads=args.threads,
            ident="fupin",
            **_proxy_options(),
        )
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
    return 0


class _ProxyOptions(TypedDict, total=False):
    trusted_proxy: str
    trusted_proxy_headers: set[str]


def _proxy_options() -> _ProxyOptions:
    """Behind the office's TLS proxy (FUPIN_HTTPS=1), trust its X-Forwarded-Proto: waitress drops
    the header from untrusted peers, and Django would then refuse every form as cross-origin."""
    if not settings.HTTPS:
        return {}
    return {
        "trusted_proxy": os.environ.get("FUPIN_TRUSTED_PROXY", "127.0.0.1"),
        "trusted_proxy_headers": {"x-forwarded-proto"},
    }


def _exit_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(0)


def run_worker(args: argparse.Namespace) -> int:
    call_command("db_worker", interval=0.5, verbosity=0)
    return 0
