"""``fupin backup`` and ``fupin restore`` (docs/operations.md §5).

``fupin backup FILE`` writes one archive; ``fupin backup --rotate [DIR] --keep N`` is the daily
backup a cron job or systemd timer runs, with FUPIN_BACKUP_DIR and FUPIN_BACKUP_KEEP as its
defaults. ``fupin restore FILE`` refuses to overwrite a database holding data without
``--force``."""

from __future__ import annotations

import argparse
from pathlib import Path

from django.conf import settings

from fupin.cli import CommandError

_FROM_SETTINGS = ""


def register(subparsers: argparse._SubParsersAction) -> None:
    backup = subparsers.add_parser(
        "backup",
        help="备份数据库和上传文件（网站运行中也可备份）",
        description="把数据库（运行中取得的一致副本）和全部上传文件写入一个备份文件（.zip，内含"
        "清单 manifest.json 和每个文件的校验和）。写完才出现在目标文件名下，中断不会留下半个文件。",
    )
    target = backup.add_mutually_exclusive_group(required=True)
    target.add_argument("path", nargs="?", type=Path, metavar="FILE", help="备份文件，如 fupin.zip")
    target.add_argument(
        "--rotate",
        nargs="?",
        const=_FROM_SETTINGS,
        metavar="DIR",
        help="每日备份：在该目录写入 fupin-日期-时间.zip，并删除超出保留份数的旧备份"
        "（不写 DIR 时用 FUPIN_BACKUP_DIR）",
    )
    backup.add_argument(
        "--keep",
        type=int,
        metavar="N",
        help=f"和 --rotate 一起用：保留最新的 N 份（默认 FUPIN_BACKUP_KEEP，现为 {settings.BACKUP_KEEP}）",
    )
    backup.set_defaults(handler=run_backup)

    restore = subparsers.add_parser(
        "restore",
        help="从备份文件恢复数据库和上传文件（先停止网站）",
        description="先完整检查备份文件（数据库类型、版本、校验和），再恢复数据库和上传文件，"
        "最后核对完整性和各表行数。当前数据库已有数据时须加 --force。检查不通过时不做任何修改。",
    )
    restore.add_argument("path", type=Path, metavar="FILE", help="fupin backup 生成的备份文件")
    restore.add_argument(
        "--force", action="store_true", help="当前数据库已有数据时也恢复（覆盖全部数据和上传文件）"
    )
    restore.set_defaults(handler=run_restore)


def run_backup(args: argparse.Namespace) -> int:
    from .errors import BackupError
    from .services import create_backup, rotate_backups

    if args.keep is not None and args.rotate is None:
        raise CommandError("--keep 只能和 --rotate 一起用")
    try:
        if args.rotate is None:
            print(create_backup(args.path).summary())
            return 0
        directory = Path(args.rotate) if args.rotate else settings.BACKUP_DIR
        if directory is None:
            raise CommandError("请指明备份目录：fupin backup --rotate DIR，或设置 FUPIN_BACKUP_DIR")
        keep = settings.BACKUP_KEEP if args.keep is None else args.keep
        for line in rotate_backups(directory, keep=keep).lines():
            print(line)
    except BackupError as error:
        raise CommandError(error.message) from error
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from .errors import BackupError
    from .services import restore_backup

    print(f"检查备份文件 {args.path}…", flush=True)
    try:
        report = restore_backup(args.path, force=args.force)
    except BackupError as error:
        raise CommandError(error.message) from error
    for line in report.lines():
        print(line)
    return 0
