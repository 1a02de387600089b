"""``fupin backup --rotate DIR --keep N``, the daily backup a cron job or systemd timer runs:
one new archive, exactly N kept, the newest never removed, nothing else in the directory touched."""

from __future__ import annotations

import os
import time
from pathlib import Path

from .conftest import County

OLD = [f"fupin-2026010{day}-023000.zip" for day in range(1, 6)]


def archives(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.startswith("fupin-"))


def test_rotation_keeps_exactly_the_newest_n_and_leaves_other_files_alone(
    county: County, tmp_path: Path
):
    directory = tmp_path / "backups"
    directory.mkdir()
    for name in OLD:
        (directory / name).write_bytes(b"an older backup")
    (directory / "说明.txt").write_text("管理员的笔记", encoding="utf-8")
    stale = directory / ".fupin-20251231-023000.zip.4242.tmp"
    stale.write_bytes(b"left by a killed backup")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(stale, (two_days_ago, two_days_ago))
    running = directory / ".fupin-20260106-023000.zip.4243.tmp"
    running.write_bytes(b"a backup still being written")

    out = county.site.ok("backup", "--rotate", str(directory), "--keep", "3")

    kept = archives(directory)
    assert len(kept) == 3
    assert kept[:2] == OLD[-2:]
    new = kept[2]
    assert new not in OLD and new in out and "保留 3 份" in out
    assert "fupin-20260101-023000.zip" in out  # named among the removed
    assert (directory / "说明.txt").exists() and running.exists() and not stale.exists()


def test_the_newest_backup_is_kept_even_with_keep_1_and_two_backups_in_one_second(
    county: County, tmp_path: Path
):
    directory = tmp_path / "backups"
    county.site.ok("backup", "--rotate", str(directory), "--keep", "1")
    first = archives(directory)
    county.site.ok("backup", "--rotate", str(directory), "--keep", "1")
    second = archives(directory)
    assert len(first) == len(second) == 1 and first != second


def test_rotation_takes_its_directory_and_count_from_the_settings(county: County, tmp_path: Path):
    directory = tmp_path / "from-settings"
    site = county.site
    environment = {"FUPIN_BACKUP_DIR": str(directory), "FUPIN_BACKUP_KEEP": "2"}
    for _ in range(3):
        result = site.run_with(environment, "backup", "--rotate")
        assert result.returncode == 0, result.stderr
    assert len(archives(directory)) == 2


def test_rotation_refuses_to_keep_none_and_removes_nothing(county: County, tmp_path: Path):
    directory = tmp_path / "backups"
    directory.mkdir()
    for name in OLD:
        (directory / name).write_bytes(b"an older backup")
    result = county.site.run("backup", "--rotate", str(directory), "--keep", "0")
    assert result.returncode == 1 and "至少为 1" in result.stderr
    assert archives(directory) == OLD


def test_rotation_without_a_directory_says_how_to_give_one(county: County):
    result = county.site.run("backup", "--rotate")
    assert result.returncode == 1 and "FUPIN_BACKUP_DIR" in result.stderr
