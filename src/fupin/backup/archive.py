"""The backup archive: one zip file holding the database copy, the uploaded files under
``media/`` and ``manifest.json`` (what, from where, when, and the SHA-256 of every other member).

Zip rather than tar because its directory sits at the end: a truncated file is recognised at once,
and the manifest is read without unpacking the rest. An archive is written to a hidden file beside
its name and renamed into place only when complete, so an interrupted backup never leaves a half
archive under the name."""

from __future__ import annotations

import hashlib
import json
import os
import time
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import IO, Any

from .errors import BackupError

FORMAT = "fupin-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA = "media"
CHUNK = 1024 * 1024
# Files that are compressed already: deflating them again costs time and saves nothing.
STORED_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".zip", ".xlsx", ".docx"})
REQUIRED_KEYS = ("fupin_version", "created_at", "database", "migrations", "counts", "files")
TEMPORARY_PREFIX = "."
TEMPORARY_SUFFIX = ".tmp"


def damaged(detail: str) -> BackupError:
    return BackupError(f"备份文件已损坏或不完整（{detail}），未做任何修改。")


class ArchiveWriter:
    """Adds members to an archive being written, keeping the size and SHA-256 of each."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self._archive = archive
        self.files: dict[str, dict[str, Any]] = {}

    def add(self, name: str, source: Path) -> None:
        """Add ``source`` as member ``name``. A file that vanished meanwhile (an upload replaced
        while the backup ran) is left out, since the database copy no longer points to it."""
        try:
            handle = source.open("rb")
        except FileNotFoundError:
            return
        with handle:
            modified = time.localtime(os.fstat(handle.fileno()).st_mtime)[:6]
            info = zipfile.ZipInfo(name, date_time=max(modified, (1980, 1, 1, 0, 0, 0)))
            info.compress_type = (
                zipfile.ZIP_STORED
                if source.suffix.lower() in STORED_SUFFIXES
                else zipfile.ZIP_DEFLATED
            )
            digest = hashlib.sha256()
            size = 0
            with self._archive.open(info, "w", force_zip64=True) as member:
                while chunk := handle.read(CHUNK):
                    digest.update(chunk)
                    member.write(chunk)
                    size += len(chunk)
        self.files[name] = {"size": size, "sha256": digest.hexdigest()}

    def add_tree(self, root: Path, prefix: str) -> None:
        """Every file under ``root`` as ``prefix/relative/path``, in a stable order."""
        if not root.is_dir():
            return
        root = root.resolve()  # the media directory may be a link to another disk
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.is_symlink():
                self.add(f"{prefix}/{path.relative_to(root).as_posix()}", path)

    def finish(self, manifest: dict[str, Any]) -> None:
        """The manifest goes last, with the checksums of everything written before it."""
        manifest = {**manifest, "files": self.files}
        text = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=False)
        self._archive.writestr(MANIFEST, text, compress_type=zipfile.ZIP_DEFLATED)


@contextmanager
def new_archive(target: Path) -> Iterator[ArchiveWriter]:
    """Write an archive to a hidden temporary file beside ``target`` and rename it to ``target``
    once it is complete and on disk; on any failure the temporary file is removed."""
    temporary = temporary_path(target)
    try:
        with zipfile.ZipFile(temporary, "w", allowZip64=True) as archive:
            yield ArchiveWriter(archive)
        with temporary.open("rb+") as written:
            os.fsync(written.fileno())
        os.replace(temporary, target)
        sync_directory(target.parent)
    finally:
        temporary.unlink(missing_ok=True)


def temporary_path(target: Path, kind: str = "") -> Path:
    """A hidden name beside ``target`` that no other process uses and rotation never counts."""
    return target.with_name(
        f"{TEMPORARY_PREFIX}{target.name}{kind}.{os.getpid()}{TEMPORARY_SUFFIX}"
    )


def sync_directory(directory: Path) -> None:
    """A rename is durable once its directory is written to disk."""
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


class Archive:
    """An archive opened for restoring: the manifest is read and checked at once; members are
    checked against their SHA-256 as they are unpacked."""

    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise BackupError(f"找不到备份文件 {path}")
        try:
            self._zip = zipfile.ZipFile(path)
            self.manifest = json.loads(self._zip.read(MANIFEST).decode("utf-8"))
        except KeyError as error:
            raise BackupError(f"{path} 不是 fupin 的备份文件（没有 {MANIFEST}）") from error
        except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError) as error:
            raise damaged(str(error) or type(error).__name__) from error
        if not isinstance(self.manifest, dict) or self.manifest.get("format") != FORMAT:
            raise BackupError(f"{path} 不是 fupin 的备份文件")
        if self.manifest.get("format_version") != FORMAT_VERSION:
            raise BackupError(
                f"备份文件的格式版本 {self.manifest.get('format_version')} 不是本版本 fupin 能读的"
                f"（{FORMAT_VERSION}），请用生成它的 fupin 版本恢复"
            )
        missing_keys = [key for key in REQUIRED_KEYS if key not in self.manifest]
        database = self.manifest.get("database")
        if missing_keys or not isinstance(database, dict) or "file" not in database:
            raise damaged(f"清单 {MANIFEST} 不完整，缺少 {'、'.join(missing_keys) or 'database'}")
        self.files: dict[str, dict[str, Any]] = self.manifest.get("files") or {}
        if database["file"] not in self.files:
            raise damaged(f"没有数据库文件 {database['file']}")
        listed = set(self.files)
        present = set(self._zip.namelist()) - {MANIFEST}
        if listed != present:
            missing = sorted(listed - present)[:3]
            extra = sorted(present - listed)[:3]
            raise damaged(
                "内容与清单不符"
                + (f"，缺少 {'、'.join(missing)}" if missing else "")
                + (f"，多出 {'、'.join(extra)}" if extra else "")
            )
        for name in present:
            _check_member_name(name)

    def close(self) -> None:
        self._zip.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def media_names(self) -> list[str]:
        return sorted(name for name in self.files if name.startswith(f"{MEDIA}/"))

    def extract(self, name: str, target: Path) -> None:
        """Unpack member ``name`` to ``target``, refusing it when its bytes are not those the
        manifest records."""
        expected = self.files.get(name)
        if expected is None:
            raise damaged(f"清单中没有 {name}")
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        try:
            with self._zip.open(name) as member, target.open("wb") as out:
                size = _copy(member, out, digest)
                out.flush()
                os.fsync(out.fileno())
        except (zipfile.BadZipFile, zlib.error, EOFError) as error:
            raise damaged(f"{name}：{error}") from error
        if size != expected.get("size") or digest.hexdigest() != expected.get("sha256"):
            raise damaged(f"{name} 的校验和与清单不符")


def _copy(source: IO[bytes], target: IO[bytes], digest: Any) -> int:
    size = 0
    while chunk := source.read(CHUNK):
        digest.update(chunk)
        target.write(chunk)
        size += len(chunk)
    return size


def _check_member_name(name: str) -> None:
    """Members unpack inside the staging directory only: no absolute path, no ``..``."""
    path = PurePosixPath(name)
    if "\\" in name or path.is_absolute() or any(part in ("", ".", "..") for part in path.parts):
        raise damaged(f"成员名 {name} 不安全")
