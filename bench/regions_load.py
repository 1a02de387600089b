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
import sys
import time
from datetime import UTC, datetime
from typing import Any

from bench.common import (
    database_version,
    machine,
    peak_rss_mb,
    postgres_url,
    run_django,
    run_worker,
    scratch_environment,
    write_result,
)

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
        write_result("regions_load", database, result)
    if "postgresql" not in databases:
        print("(PostgreSQL skipped: set BENCH_POSTGRES_URL=postgres://user:pass@host/db to add it)")
    return 0


def measure(database: str) -> dict[str, Any]:
    print(f"regions_load on {database}: loading the whole country, one process per phase…")
    with scratch_environment(database) as env:
        setup_started = time.perf_counter()
        run_django(env, "migrate")
        migrate_seconds = time.perf_counter() - setup_started
        phases = {phase: _run_worker(env, phase) for phase in PHASES}

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
        "machine": machine(),
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
    result = run_worker(env, "bench.regions_load", "--phase", phase)
    print(f"  {PHASE_TITLES[phase]:<36} {result['seconds']:>7.2f} s")
    return result


# --- the workers: one phase each, in a fresh process ---------------------------------------------


def run_phase(phase: str) -> int:
    import django

    django.setup()
    from django.db import connection, transaction

    from fupin.regions.loading import load_regions, read_regions

    connection.ensure_connection()
    rows: list[Any] = read_regions() if phase == "raw" else []
    if phase == "raw":
        _create_raw_table()

    before_mb = peak_rss_mb()
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
    peak_mb = peak_rss_mb()

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
                "database_version": database_version(),
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


if __name__ == "__main__":
    sys.exit(main())
