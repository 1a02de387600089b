"""``fupin backup`` and ``fupin restore`` through the real command line, on every database the
suite runs on: a county backed up and restored gives the same statistics and the same uploads;
every refusal leaves the site as it was."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import pytest

from .conftest import Bare, County, Site, Sites


def media_of(site: Site) -> dict[str, str]:
    """Every uploaded file with its SHA-256 (through the media directory, even when a link)."""
    media = site.media.resolve()
    return {
        f"media/{path.relative_to(media).as_posix()}": hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(media.rglob("*"))
        if path.is_file()
    }


def rewrite(archive: Path, target: Path, **changes: bytes) -> Path:
    """A copy of ``archive`` with some members' bytes replaced, the manifest kept as it was."""
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(target, "w") as copy:
        for info in source.infolist():
            copy.writestr(info, changes.get(info.filename, source.read(info.filename)))
    return target


def manifest_of(archive: Path) -> dict:  # type: ignore[type-arg]
    with zipfile.ZipFile(archive) as opened:
        return json.loads(opened.read("manifest.json"))


def test_a_county_restored_into_an_empty_site_has_the_same_statistics_and_uploads(
    county: County, sites: Sites
):
    target = sites.new("restored")
    result = target.run("restore", str(county.archive))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "行数与备份清单一致" in result.stdout and "户信息 190" in result.stdout
    assert target.stats() == county.stats
    assert media_of(target) == media_of(county.site)
    assert "media/cadres/2026/张三.png" in media_of(target)
    assert target.counts() == county.site.counts()


def test_the_manifest_records_the_vendor_the_schema_the_counts_and_a_checksum_per_file(
    county: County, sites: Sites
):
    manifest = manifest_of(county.archive)
    assert manifest["format"] == "fupin-backup" and manifest["fupin_version"]
    assert manifest["database"]["vendor"] == sites.vendor
    assert "registry.0001_initial" in manifest["migrations"]
    assert manifest["counts"]["registry_household"] == 190
    with zipfile.ZipFile(county.archive) as opened:
        members = set(opened.namelist()) - {"manifest.json"}
    assert set(manifest["files"]) == members
    assert manifest["media_files"] == len(media_of(county.site)) > 1


def test_restore_refuses_a_database_holding_data_without_force_and_writes_nothing(
    county: County, bare_archive: Path
):
    site = county.site
    listing, media, counts = site.listing(), media_of(site), site.counts()
    result = site.run("restore", str(bare_archive))
    assert result.returncode == 1
    assert "当前数据库中已有数据" in result.stderr and "--force" in result.stderr
    assert "户信息 190" in result.stderr
    assert site.listing() == listing and media_of(site) == media and site.counts() == counts
    assert site.stats() == county.stats


def test_a_database_that_only_ran_init_counts_as_empty(county: County, bare: Bare):
    out = bare.site.ok("restore", str(county.archive))
    assert "户信息 190" in out
    assert bare.site.stats() == county.stats


def test_restore_with_force_replaces_the_data_and_the_uploads(
    county: County, bare_archive: Path, sites: Sites
):
    target = sites.new("forced")
    target.ok("restore", str(county.archive))
    out = target.ok("restore", "--force", str(bare_archive))
    assert "户信息 0" in out
    assert target.households() == 0 and media_of(target) == {}
    # And back: the county again, as it was.
    target.ok("restore", "--force", str(county.archive))
    assert target.stats() == county.stats and media_of(target) == media_of(county.site)


def test_a_media_directory_that_is_a_link_stays_a_link(
    county: County, sites: Sites, tmp_path: Path
):
    uploads = tmp_path / "uploads"
    (uploads / "old").mkdir(parents=True)
    (uploads / "old" / "stray.jpg").write_bytes(b"not in the backup")
    target = sites.new("linked")
    target.media.symlink_to(uploads)
    target.ok("restore", str(county.archive))
    assert target.media.is_symlink() and not (uploads / "old").exists()
    assert media_of(target) == media_of(county.site)


@pytest.mark.parametrize("keep", [0.5, 0.98])
def test_a_truncated_archive_is_refused_and_nothing_is_written(
    county: County, empty_site: Site, tmp_path: Path, keep: float
):
    data = county.archive.read_bytes()
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(data[: int(len(data) * keep)])
    listing = empty_site.listing()
    result = empty_site.run("restore", str(truncated))
    assert result.returncode == 1 and "备份文件已损坏或不完整" in result.stderr
    assert empty_site.listing() == listing  # not even an empty database file


def test_a_damaged_database_copy_is_refused_and_nothing_is_written(
    county: County, sites: Sites, tmp_path: Path
):
    manifest = manifest_of(county.archive)
    name = manifest["database"]["file"]
    with zipfile.ZipFile(county.archive) as opened:
        original = bytearray(opened.read(name))
    original[len(original) // 2] ^= 0xFF
    damaged = rewrite(county.archive, tmp_path / "damaged.zip", **{name: bytes(original)})
    target = sites.new("damaged")
    target.ok("restore", str(county.archive))
    counts = target.counts()
    result = target.run("restore", "--force", str(damaged))
    assert result.returncode == 1
    assert f"{name} 的校验和与清单不符" in result.stderr
    assert target.counts() == counts and media_of(target) == media_of(county.site)
    assert not [n for n in target.listing() if n.endswith(".tmp")]


def test_an_upload_changed_in_the_archive_is_refused(
    county: County, empty_site: Site, tmp_path: Path
):
    changed = rewrite(
        county.archive, tmp_path / "changed.zip", **{"media/cadres/2026/张三.png": b"other"}
    )
    listing = empty_site.listing()
    result = empty_site.run("restore", str(changed))
    assert result.returncode == 1 and "张三.png 的校验和与清单不符" in result.stderr
    assert empty_site.listing() == listing


def test_an_archive_of_another_database_vendor_is_refused(
    county: County, sites: Sites, empty_site: Site, tmp_path: Path
):
    manifest = manifest_of(county.archive)
    other = "postgresql" if sites.vendor == "sqlite" else "sqlite"
    manifest["database"]["vendor"] = other
    foreign = rewrite(
        county.archive,
        tmp_path / "foreign.zip",
        **{"manifest.json": json.dumps(manifest).encode()},
    )
    listing = empty_site.listing()
    result = empty_site.run("restore", str(foreign))
    assert result.returncode == 1 and "不能跨数据库恢复" in result.stderr
    assert empty_site.listing() == listing


def test_an_archive_from_a_newer_fupin_is_refused(county: County, empty_site: Site, tmp_path: Path):
    manifest = manifest_of(county.archive)
    manifest["migrations"].append("registry.9999_from_the_future")
    newer = rewrite(
        county.archive, tmp_path / "newer.zip", **{"manifest.json": json.dumps(manifest).encode()}
    )
    listing = empty_site.listing()
    result = empty_site.run("restore", str(newer))
    assert result.returncode == 1 and "请先升级 fupin" in result.stderr
    assert empty_site.listing() == listing


def test_a_file_that_is_no_backup_is_refused(empty_site: Site, tmp_path: Path):
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as opened:
        opened.writestr("readme.txt", "不是备份")
    result = empty_site.run("restore", str(other))
    assert result.returncode == 1 and "不是 fupin 的备份文件" in result.stderr
    result = empty_site.run("restore", str(tmp_path / "missing.zip"))
    assert result.returncode == 1 and "找不到备份文件" in result.stderr


def test_backup_refuses_to_overwrite_an_existing_file(county: County):
    result = county.site.run("backup", str(county.archive))
    assert result.returncode == 1 and "已有同名文件" in result.stderr


def test_a_backup_taken_while_the_site_writes_is_consistent(county: County, sites: Sites):
    """Sessions are written all through the backup; the restore checks every table's rows
    against the manifest, which is counted in the dump's own snapshot."""
    import subprocess
    import sys

    writer = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import django, time; django.setup()\n"
            "from django.contrib.sessions.backends.db import SessionStore\n"
            "end = time.monotonic() + 20\n"
            "while time.monotonic() < end:\n"
            "    SessionStore().create()\n",
        ],
        env=county.site.environment(),
    )
    try:
        archive = county.archive.with_name("while-writing.zip")
        for _ in range(3):
            archive.unlink(missing_ok=True)
            county.site.ok("backup", str(archive))
    finally:
        writer.kill()
        writer.wait()
    sessions = manifest_of(archive)["counts"]["django_session"]
    assert sessions > 0
    target = sites.new("online")
    out = target.ok("restore", str(archive))
    assert "行数与备份清单一致" in out
    assert target.counts()["django_session"] == sessions


def test_restore_refuses_while_another_program_has_the_sqlite_database_open(
    county: County, sites: Sites
):
    if sites.vendor != "sqlite":
        pytest.skip("SQLite only: PostgreSQL restores in one transaction")
    import sqlite3

    target = sites.new("busy")
    target.ok("restore", str(county.archive))
    counts = target.counts()
    site_connection = sqlite3.connect(target.data_dir / "fupin.sqlite3")
    try:
        site_connection.execute("BEGIN")
        site_connection.execute("SELECT COUNT(*) FROM registry_household").fetchone()
        result = target.run("restore", "--force", str(county.archive))
    finally:
        site_connection.close()
    assert result.returncode == 1 and "正被其他程序使用" in result.stderr
    assert target.counts() == counts
    assert not [n for n in target.listing() if n.endswith(".tmp")]


def test_a_killed_backup_leaves_no_file_under_its_name(county: County, tmp_path: Path):
    import os
    import signal
    import subprocess
    import sys
    import time

    site = county.site
    big = site.media / "big" / "scan.bin"
    big.parent.mkdir()
    big.write_bytes(os.urandom(48 * 1024 * 1024))  # random: deflating it takes a while
    target = tmp_path / "killed.zip"
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "fupin", "backup", str(target)], env=site.environment()
        )
        deadline = time.monotonic() + 60
        temporaries: list[Path] = []
        while process.poll() is None and time.monotonic() < deadline:
            temporaries = [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
            if any(p.stat().st_size > 8 * 1024 * 1024 for p in temporaries):
                break
            time.sleep(0.01)
        assert process.poll() is None, "the backup finished before it could be killed"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        shutil.rmtree(big.parent)
    assert not target.exists()
    assert all(p.name.startswith(".killed.zip") for p in temporaries)
