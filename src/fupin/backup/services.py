"""Backup, restore and rotation of a fupin installation (docs/operations.md §5).

- ``create_backup(target)``: the database (a consistent copy, taken while the site runs) and every
  uploaded file, in one archive with a manifest.
- ``restore_backup(source, force=...)``: checks the whole archive first (vendor, schema version,
  checksums), refuses to overwrite data without ``force``, then puts the database and the uploads
  in place and checks the result against the manifest. A refusal writes nothing.
- ``rotate_backups(directory, keep=...)``: one new dated archive, and the oldest beyond ``keep``
  removed; the newest is never removed.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from .archive import (
    FORMAT,
    FORMAT_VERSION,
    MEDIA,
    TEMPORARY_PREFIX,
    TEMPORARY_SUFFIX,
    Archive,
    new_archive,
    temporary_path,
)
from .databases import (
    Database,
    SqliteDatabase,
    current_database,
    live_counts,
    live_migrations,
    tables_with_data,
)
from .errors import BackupError

VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}

# The figures shown after a backup and a restore, in this order (every table is counted and
# checked; these are the ones a person recognises).
KEY_MODELS = [
    "registry.Household",
    "registry.Member",
    "registry.Income",
    "registry.Grant",
    "monitoring.Case",
    "grid.Cadre",
    "grid.Assignment",
    "visits.Visit",
    "ledger.Problem",
    "projects.Project",
    "projects.Fund",
    "accounts.User",
    "regions.Region",
]

ROTATION_NAME = re.compile(r"^fupin-(\d{8}-\d{6})(?:-(\d+))?\.zip$")
# A temporary file or directory older than this was left by a backup that was killed.
STALE_TEMPORARY = timedelta(days=1)


@dataclass(frozen=True)
class Figure:
    label: str
    rows: int


def key_figures(counts: dict[str, int]) -> list[Figure]:
    figures = []
    for label in KEY_MODELS:
        model = apps.get_model(label)
        table = model._meta.db_table
        if table in counts:
            figures.append(Figure(str(model._meta.verbose_name_plural), counts[table]))
    return figures


def describe(figures: list[Figure]) -> str:
    return "，".join(f"{figure.label} {figure.rows:,}" for figure in figures)


# --- Backup ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BackupReport:
    path: Path
    size: int
    seconds: float
    vendor: str
    counts: dict[str, int]
    media_files: int

    def summary(self) -> str:
        return (
            f"已备份到 {self.path}（{self.size / 1024 / 1024:,.1f} MB，用时 {self.seconds:.1f} 秒）："
            f"{VENDOR_NAMES[self.vendor]} 数据库，{describe(key_figures(self.counts))}；"
            f"上传文件 {self.media_files:,} 个。"
        )


def create_backup(target: Path) -> BackupReport:
    """Write the archive ``target``: it appears under that name only once complete."""
    started = time.monotonic()
    target = target.resolve()
    if target.exists():
        raise BackupError(f"已有同名文件 {target}：请换一个文件名，或先删除它")
    if not target.parent.is_dir():
        raise BackupError(f"目录 {target.parent} 不存在")
    database = current_database()
    dump = temporary_path(target, ".database")
    try:
        snapshot = database.dump(dump)
        with new_archive(target) as archive:
            archive.add(database.dump_name, dump)
            dump.unlink()
            archive.add_tree(Path(settings.MEDIA_ROOT), MEDIA)
            media_files = sum(1 for name in archive.files if name.startswith(f"{MEDIA}/"))
            archive.finish(
                {
                    "format": FORMAT,
                    "format_version": FORMAT_VERSION,
                    "fupin_version": fupin_version(),
                    "created_at": timezone.localtime().isoformat(timespec="seconds"),
                    "database": {"vendor": database.vendor, "file": database.dump_name},
                    "migrations": snapshot.migrations,
                    "counts": snapshot.counts,
                    "media_files": media_files,
                }
            )
    finally:
        dump.unlink(missing_ok=True)
    return BackupReport(
        path=target,
        size=target.stat().st_size,
        seconds=time.monotonic() - started,
        vendor=database.vendor,
        counts=snapshot.counts,
        media_files=media_files,
    )


def fupin_version() -> str:
    try:
        return version("fupin")
    except PackageNotFoundError:
        return "unknown"


# --- Restore -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RestoreReport:
    path: Path
    seconds: float
    manifest: dict[str, Any]
    counts: dict[str, int]
    checks: list[str]
    pending_migrations: int

    def lines(self) -> list[str]:
        manifest = self.manifest
        lines = [
            f"已从 {self.path} 恢复（备份时间 {manifest['created_at']}，fupin {manifest['fupin_version']}，"
            f"{VENDOR_NAMES[manifest['database']['vendor']]}，用时 {self.seconds:.1f} 秒）。",
            *self.checks,
            f"恢复后的数据：{describe(key_figures(self.counts))}；上传文件 {manifest['media_files']:,} 个。",
        ]
        if self.pending_migrations:
            lines.append(
                f"备份来自较早的 fupin 版本，数据库结构还差 {self.pending_migrations} 步升级："
                "请运行 fupin init。"
            )
        return lines


def restore_backup(source: Path, *, force: bool = False) -> RestoreReport:
    """Replace the database and the uploaded files with those of the archive ``source``."""
    started = time.monotonic()
    database = current_database()
    with Archive(source) as archive:
        manifest = archive.manifest
        vendor = manifest.get("database", {}).get("vendor")
        if vendor != database.vendor:
            raise BackupError(
                f"这是 {VENDOR_NAMES.get(vendor, str(vendor))} 数据库的备份，当前使用的是 "
                f"{VENDOR_NAMES[database.vendor]} 数据库：不能跨数据库恢复，未做任何修改。"
            )
        pending = _check_migrations(manifest)
        if not force:
            _refuse_if_holding_data(database)
        staged_database, staged_media = _stage(archive, database)
        try:
            if problems := database.check_integrity(staged_database):
                raise BackupError(
                    "备份中的数据库未通过完整性检查，未做任何修改：\n" + "\n".join(problems[:20])
                )
            database.replace_with(staged_database)
            _replace_media(staged_media)
        finally:
            staged_database.unlink(missing_ok=True)
            shutil.rmtree(staged_media.parent, ignore_errors=True)
    counts = live_counts()
    checks = _verify(database, manifest, counts)
    return RestoreReport(
        path=source,
        seconds=time.monotonic() - started,
        manifest=manifest,
        counts=counts,
        checks=checks,
        pending_migrations=pending,
    )


def _check_migrations(manifest: dict[str, Any]) -> int:
    """Refuse an archive from a newer fupin (its schema has migrations this code does not
    know); return how many migrations an older archive still lacks."""
    known = {f"{app}.{name}" for app, name in MigrationLoader(None).disk_migrations}
    archived = set(manifest.get("migrations", []))
    unknown = sorted(archived - known)
    if unknown:
        raise BackupError(
            f"备份来自较新的 fupin（{manifest.get('fupin_version')}），数据库结构含本版本没有的"
            f"迁移（{'、'.join(unknown[:3])} 等 {len(unknown)} 项）：请先升级 fupin 再恢复，"
            "未做任何修改。"
        )
    return len(known - archived)


def _refuse_if_holding_data(database: Database) -> None:
    # A database file that does not exist yet holds nothing; opening it would create it.
    if isinstance(database, SqliteDatabase) and not database.exists():
        return
    held = tables_with_data(live_counts())
    if not held:
        return
    listing = describe([figure for figure in key_figures(held) if figure.rows]) or "、".join(
        sorted(held)[:5]
    )
    raise BackupError(
        f"当前数据库中已有数据（{listing}）。恢复会用备份覆盖全部数据和上传文件；"
        "确认要覆盖，请加 --force 再运行。未做任何修改。"
    )


def _stage(archive: Archive, database: Database) -> tuple[Path, Path]:
    """Unpack and check every member beside where it will go (same file system, so that
    putting it in place is a rename). On any failure nothing staged is left behind."""
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    staging = temporary_path(media_root, ".restore")
    shutil.rmtree(staging, ignore_errors=True)
    staged_media = staging / MEDIA
    if isinstance(database, SqliteDatabase):
        staged_database = temporary_path(database.path, ".restore")
    else:
        staged_database = staging / database.dump_name
    try:
        staged_media.mkdir(parents=True)
        archive.extract(archive.manifest["database"]["file"], staged_database)
        for name in archive.media_names():
            archive.extract(name, staging / name)
    except BaseException:
        staged_database.unlink(missing_ok=True)
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staged_database, staged_media


def _replace_media(staged: Path) -> None:
    """The uploads become exactly those of the archive: two renames, then the old tree goes."""
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.is_symlink() or os.path.ismount(media_root):
        _replace_contents(media_root, staged)
        return
    old = temporary_path(media_root, ".old")
    shutil.rmtree(old, ignore_errors=True)
    if media_root.exists():
        os.replace(media_root, old)
    os.replace(staged, media_root)
    shutil.rmtree(old, ignore_errors=True)


def _replace_contents(media_root: Path, staged: Path) -> None:
    """A media directory that is a link or a mount point of its own stays where it is: what it
    holds is replaced instead."""
    for child in list(media_root.iterdir()):
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    for child in list(staged.iterdir()):
        shutil.move(child, media_root / child.name)


def _verify(database: Database, manifest: dict[str, Any], counts: dict[str, int]) -> list[str]:
    """The restored database against the manifest: every table's rows and the migrations."""
    expected: dict[str, int] = manifest.get("counts", {})
    differing = [
        f"{table}：备份 {rows:,}，恢复后 {counts.get(table, 0):,}"
        for table, rows in expected.items()
        if counts.get(table, 0) != rows
    ]
    if live_migrations() != sorted(manifest.get("migrations", [])):
        differing.append("数据库结构（已执行的迁移）与备份不同")
    if differing:
        raise BackupError("恢复后的数据与备份清单不一致：\n" + "\n".join(differing[:20]))
    checks = [f"{len(expected)} 张表的行数与备份清单一致，数据库结构版本一致。"]
    if database.vendor == "sqlite":
        checks.append("完整性检查（PRAGMA integrity_check、PRAGMA foreign_key_check）：通过。")
    else:
        checks.append("PostgreSQL 载入时已校验全部约束和外键：通过。")
    return checks


# --- Rotation ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RotationReport:
    backup: BackupReport
    kept: list[Path]
    removed: list[Path] = field(default_factory=list)

    def lines(self) -> list[str]:
        lines = [self.backup.summary()]
        if self.removed:
            lines.append(f"已删除超出保留份数的旧备份：{'、'.join(p.name for p in self.removed)}")
        lines.append(f"保留 {len(self.kept)} 份：{'、'.join(p.name for p in self.kept)}")
        return lines


def rotate_backups(directory: Path, *, keep: int) -> RotationReport:
    """A new archive ``fupin-YYYYMMDD-HHMMSS.zip`` in ``directory``, then the archives of that
    name beyond the newest ``keep`` are removed. Old ones are removed only after the new one is
    complete, and the new one is never removed."""
    if keep < 1:
        raise BackupError("保留份数（--keep）至少为 1：最新的备份总是保留")
    directory = directory.resolve()
    directory.mkdir(parents=True, exist_ok=True)
    report = create_backup(_rotation_name(directory))
    others = sorted(
        (p for p in directory.iterdir() if ROTATION_NAME.match(p.name) and p != report.path),
        key=_rotation_order,
        reverse=True,
    )
    kept, removed = [report.path, *others[: keep - 1]], others[keep - 1 :]
    for path in removed:
        path.unlink(missing_ok=True)
    _remove_stale_temporaries(directory)
    return RotationReport(backup=report, kept=kept, removed=removed)


def _rotation_name(directory: Path) -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    path = directory / f"fupin-{stamp}.zip"
    number = 2
    while path.exists():
        path = directory / f"fupin-{stamp}-{number}.zip"
        number += 1
    return path


def _rotation_order(path: Path) -> tuple[str, int]:
    match = ROTATION_NAME.match(path.name)
    assert match is not None
    return match.group(1), int(match.group(2) or 1)


def _remove_stale_temporaries(directory: Path) -> None:
    limit = datetime.now().timestamp() - STALE_TEMPORARY.total_seconds()
    for path in directory.iterdir():
        if not (
            path.name.startswith(f"{TEMPORARY_PREFIX}fupin-")
            and path.name.endswith(TEMPORARY_SUFFIX)
        ):
            continue
        if path.lstat().st_mtime < limit:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
