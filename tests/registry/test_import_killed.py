"""A kill -9 in the middle of an import leaves the database as it was (SQLite file, real process)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fupin.core.tables import write_csv_bundle
from fupin.registry.demo import build_demo

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        bool(os.environ.get("DATABASE_URL")), reason="kills a process writing an SQLite file"
    ),
]


def fupin(data_dir: Path, *args: str) -> subprocess.Popen[bytes]:
    env = {**os.environ, "FUPIN_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    return subprocess.Popen(
        [sys.executable, "-m", "fupin", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def households(database: Path) -> int:
    with sqlite3.connect(database) as connection:
        return connection.execute("SELECT COUNT(*) FROM registry_household").fetchone()[0]


def test_killing_an_import_while_it_writes_leaves_nothing_behind(tmp_path):
    data_dir = tmp_path / "data"
    assert fupin(data_dir, "init", "--province", "22").wait(timeout=120) == 0
    sheets = build_demo(scale=0.5, seed=3)
    source = tmp_path / "county"
    write_csv_bundle(source, {name: (rows[0], rows[1:]) for name, rows in sheets.items()})
    database = data_dir / "fupin.sqlite3"
    wal = data_dir / "fupin.sqlite3-wal"
    wal_before = wal.stat().st_size if wal.exists() else 0

    process = fupin(data_dir, "import", str(source))
    deadline = time.monotonic() + 120
    # The write phase has begun once the write-ahead log grows by a few megabytes.
    while process.poll() is None and time.monotonic() < deadline:
        if wal.exists() and wal.stat().st_size > wal_before + 4 * 1024 * 1024:
            break
        time.sleep(0.02)
    assert process.poll() is None, "the import finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)

    assert households(database) == 0

    finished = fupin(data_dir, "import", str(source))
    assert finished.wait(timeout=300) == 0, finished.stderr.read().decode()
    assert households(database) == len(sheets["户信息"]) - 1
