"""Benchmark: loading the whole country's division codes (665,276 rows) with ``load_regions()``.

For each database (SQLite always; PostgreSQL when ``BENCH_POSTGRES_URL`` is set, or
``DATABASE_URL`` points at PostgreSQL) the phases below run in a fresh, migrated scratch database,
each in its own Python process, so that the process's peak memory belongs to that phase alone:

- ``read``: ``read_regions()`` only: decompressing and parsing the shipped files;
- ``load``: ``load_regions()`` into the empty table (read, compare, insert);
- ``reload``: ``load_regions()`` again; nothing has changed, so nothing is written;
- ``raw``: the baseline: the same tuples, read beforehand (not timed), inserted with one
  ``cursor.executemany`` into a scratch table built from the Region table's own DDL (same columns,
  keys and indexes), in one transaction, without any comparison.

SQLite runs in a temporary ``FUPIN_DATA_DIR``; PostgreSQL in a scratch database ``fupin_bench``
created beside the one the URL names (the role needs CREATEDB) and dropped afterwards. Results
are printed and written to ``bench/results/regions_load-<db>.json``.

    .venv/bin/python -m bench.regions_load                 # SQLite (and PostgreSQL if configured)
    BENCH_POSTGRES_URL=postgres://fupin:fupin@127.0.0.1:5432/fupin .venv/bin/python -m bench.regions_load
    .venv/bin/python -m bench.regions_load --db postgresql
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

RESULTS_DIR = Path(__file__).resolve().parent / "results"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
SCRATCH_DATABASE = "fupin_bench"
SCRATCH_TABLE = "bench_raw_region"
PHASES = ["read", "load", "reload", "raw"]
PHASE_TITLES = {
    "read": "read the shipped files only",
    "load": "load_regions(), empty table",
    "reload": "load_regions() again, no change",
    "raw": "raw executemany INSERT (baseline)",
}
SQLITE_TARGET_SECONDS = 60


# --- the parent: one scratch database and one process per phase ---------------------------------


def postgres_url() -> str | None:
    url = os.environ.get("BENCH_POSTGRES_URL") or os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://", "pgsql://")) else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.regions_load", description=__doc__)
    parser.add_argument(
        "--db",
        action="append",
        choices=["sqlite", "postgresql"],
        help="database to measure (may repeat); default: SQLite, and PostgreSQL if configured",
    )
    parser.add_argument("--phase", choices=PHASES, help=argparse.SUPPRESS)  # worker mode
    args = parser.parse_args(argv)
    if args.phase:
        return run_phase(args.phase)

    databases = args.db or ["sqlite", *(["postgresql"] if postgres_url() else [])]
    if "postgresql" in databases and not postgres_url():
        parser.error("PostgreSQL needs BENCH_POSTGRES_URL (or DATABASE_URL) = postgres://…")
    for database in databases:
        result = measure(database)
        print_result(result)
        RESULTS_DIR.mkdir(exist_ok=True)
        path = RESULTS_DIR / f"regions_load-{database}.json"
        path.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"  written to {path.relative_to(PROJECT_ROOT)}\n")
    if "postgresql" not in databases:
        print("(PostgreSQL skipped: set BENCH_POSTGRES_URL=postgres://user:pass@host/db to add it)")
    return 0


def measure(database: str) -> dict[str, Any]:
    print(f"regions_load on {database}: loading the whole country, one process per phase…")
    with tempfile.TemporaryDirectory(prefix="fupin-bench-") as data_dir:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "fupin.settings",
            "FUPIN_DATA_DIR": data_dir,
            "PYTHONPATH": os.pathsep.join(
                filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")])
            ),
        }
        env.pop("DATABASE_URL", None)  # SQLite: fupin.sqlite3 in the temporary data directory
        if database == "postgresql":
            server_url = postgres_url()
            assert server_url is not None
            env["DATABASE_URL"] = _create_scratch_database(server_url)
        try:
            setup_started = time.perf_counter()
            _run_django(env, "migrate")
            migrate_seconds = time.perf_counter() - setup_started
            phases = {phase: _run_worker(env, phase) for phase in PHASES}
        finally:
            if database == "postgresql":
                _drop_scratch_database(server_url)

    load, raw = phases["load"], phases["raw"]
    return {
        "benchmark": "regions_load",
        "database": database,
        "database_version": phases["load"]["database_version"],
        "rows": load["rows"],
        "phases": phases,
        "load_over_raw": round(load["seconds"] / raw["seconds"], 2),
        # The load reads the files itself, the baseline gets its tuples ready-made: this ratio
        # leaves the reading out and compares the database work (and the comparison) alone.
        "load_without_read_over_raw": round(
            (load["seconds"] - phases["read"]["seconds"]) / raw["seconds"], 2
        ),
        "migrate_seconds": round(migrate_seconds, 2),
        "target": (
            f"whole country under {SQLITE_TARGET_SECONDS} s on SQLite"
            if database == "sqlite"
            else None
        ),
        "meets_target": load["seconds"] < SQLITE_TARGET_SECONDS if database == "sqlite" else None,
        "machine": _machine(),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def print_result(result: dict[str, Any]) -> None:
    print(
        f"\nregions_load · {result['database']} ({result['database_version']}) · "
        f"{result['rows']:,} rows · {result['machine']['cpus']} CPUs"
    )
    print(f"  {'phase':<36} {'rows':>9} {'seconds':>8} {'rows/s':>9} {'peak RSS':>9} {'growth':>8}")
    for phase in PHASES:
        row = result["phases"][phase]
        print(
            f"  {PHASE_TITLES[phase]:<36} {row['rows']:>9,} {row['seconds']:>8.2f}"
            f" {row['rows_per_second']:>9,} {row['peak_rss_mb']:>6.0f} MB {row['rss_growth_mb']:>5.0f} MB"
        )
    print(
        f"  load / raw: {result['load_over_raw']:.2f}×"
        f" ({result['load_without_read_over_raw']:.2f}× without reading the files)",
        end="",
    )
    if result["meets_target"] is not None:
        verdict = "met" if result["meets_target"] else "NOT met"
        print(f"   target ({result['target']}): {verdict}", end="")
    print()


def _run_worker(env: dict[str, str], phase: str) -> dict[str, Any]:
    answer = subprocess.run(
        [sys.executable, "-m", "bench.regions_load", "--phase", phase],
        env=env,
        cwd=PROJECT_ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    result = json.loads(answer.stdout.strip().splitlines()[-1])
    print(f"  {PHASE_TITLES[phase]:<36} {result['seconds']:>7.2f} s")
    return result


def _run_django(env: dict[str, str], *command: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "django", *command, "--verbosity=0"],
        env=env,
        cwd=PROJECT_ROOT,
        check=True,
    )


def _database_url(server_url: str, name: str) -> str:
    parts = urlsplit(server_url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _admin_connection(server_url: str):  # type: ignore[no-untyped-def]
    import psycopg

    return psycopg.connect(_database_url(server_url, urlsplit(server_url).path.lstrip("/")))


def _create_scratch_database(server_url: str) -> str:
    with _admin_connection(server_url) as connection:
        connection.autocommit = True
        connection.execute(f"DROP DATABASE IF EXISTS {SCRATCH_DATABASE}")
        connection.execute(f"CREATE DATABASE {SCRATCH_DATABASE} ENCODING 'UTF8' TEMPLATE template0")
    return _database_url(server_url, SCRATCH_DATABASE)


def _drop_scratch_database(server_url: str) -> None:
    with _admin_connection(server_url) as connection:
        connection.autocommit = True
        connection.execute(f"DROP DATABASE IF EXISTS {SCRATCH_DATABASE}")


def _machine() -> dict[str, Any]:
    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        memory_gb = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3, 1)
    except (ValueError, OSError):
        memory_gb = None
    return {
        "cpus": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": memory_gb,
        "system": platform.platform(),
        "python": platform.python_version(),
    }


# --- the workers: one phase each, in a fresh process ---------------------------------------------


def _peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / scale / 1024


def run_phase(phase: str) -> int:
    import django

    django.setup()
    from django.db import connection, transaction

    from fupin.regions.loading import load_regions, read_regions

    connection.ensure_connection()
    rows: list[Any] = read_regions() if phase == "raw" else []
    if phase == "raw":
        _create_raw_table()

    before_mb = _peak_rss_mb()
    started = time.perf_counter()
    if phase == "read":
        count = len(read_regions())
    elif phase in ("load", "reload"):
        report = load_regions()
        count = report.read
        expected = (count, 0) if phase == "load" else (0, count)
        if (report.inserted, report.unchanged) != expected or report.updated:
            raise SystemExit(f"unexpected load report in {phase}: {report}")
    else:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {SCRATCH_TABLE} (code, name, level, parent_id)"
                " VALUES (%s, %s, %s, %s)",
                rows,
            )
        count = len(rows)
    seconds = time.perf_counter() - started
    peak_mb = _peak_rss_mb()

    if phase == "raw":
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {SCRATCH_TABLE}")
    print(
        json.dumps(
            {
                "phase": phase,
                "rows": count,
                "seconds": round(seconds, 3),
                "rows_per_second": round(count / seconds),
                "peak_rss_mb": round(peak_mb, 1),
                "rss_growth_mb": round(peak_mb - before_mb, 1),
                "database_version": _database_version(),
            }
        )
    )
    return 0


def _create_raw_table() -> None:
    """A table with the Region table's own DDL (columns, primary key, indexes, foreign key to
    itself), under another name."""
    from django.db import connection

    from fupin.regions.models import Region

    with connection.schema_editor(collect_sql=True) as editor:
        editor.create_model(Region)
    statements = [
        statement.replace(Region._meta.db_table, SCRATCH_TABLE)
        for statement in editor.collected_sql
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {SCRATCH_TABLE}")
        for statement in statements:
            cursor.execute(statement)


def _database_version() -> str:
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return f"PostgreSQL {cursor.fetchone()[0]}"


if __name__ == "__main__":
    sys.exit(main())
