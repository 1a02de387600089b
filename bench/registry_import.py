"""Benchmark: importing a whole county's registry with ``import_file()``, against a raw-insert floor.

The demo county (洮北区 220802 over its real villages, ``fupin.registry.demo.build_demo``) is
generated once per scale, before anything is measured and in its own process, and written as the
template an office would send: a folder of CSV files (``write_csv_bundle``) and an .xlsx workbook
(``write_workbook``). At the default ``--scale 10`` that is about 95,000 households, 193,000
members, 475,000 income rows, about 920,000 rows in all. An Excel sheet stops at 1,048,576 rows,
so a larger scale (``--scale 25``: 1.19 million income rows) is measured from CSV only.

For each database (SQLite always; PostgreSQL when ``BENCH_POSTGRES_URL`` is set, or
``DATABASE_URL`` points at PostgreSQL), each scale and each form, one measurement runs in a fresh
scratch database, migrated and with the regions of 吉林省 (22) loaded by a setup process, then
measured by a process of its own, so that its peak memory (``ru_maxrss``) is its own:

- ``import``: ``import_file(None, path)`` as the operator, timed as a whole and by its progress
  steps (读取文件 read, 逐行检查 check, 与系统中的数据核对 compare, 写入数据库 write). The write
  step is further split by wrapping ``fupin.core.bulk.insert_rows`` and ``insert_history``: time
  in the tables' INSERTs (COPY on PostgreSQL), in writing their history records (INSERT … SELECT
  from the rows just written), in reserving the new rows' ids, in the ANALYZE that follows a
  large import, and the rest (building the values, the commit).
- ``floor``: the baseline, once per scale (it does not depend on the form): the same rows,
  parsed from the CSV files and turned into tuples beforehand (not timed), ids assigned in Python,
  inserted into the real tables (registry_villageinfo, registry_household, registry_member,
  registry_income, registry_grant, registry_event) with one ``cursor.executemany`` per table, in
  one transaction; no history rows, no checks.
- ``floor_copy`` (PostgreSQL only): the same, with one ``COPY … FROM STDIN`` per table instead,
  since the import itself writes with COPY there: the database's own floor for these rows.

The issue's target is an import within 4× of the ``executemany`` floor. Each measurement records
the commit it ran on (and whether ``src/`` had uncommitted changes). SQLite runs in a temporary
``FUPIN_DATA_DIR``; PostgreSQL in a scratch database ``fupin_bench`` created beside the one the URL
names (the role needs CREATEDB) and dropped afterwards. Results are printed and written to
``bench/results/registry_import-<db>.json``.

    .venv/bin/python -m bench.registry_import                      # scale 10, CSV and .xlsx
    .venv/bin/python -m bench.registry_import --scale 10 --scale 25 --db postgresql
    .venv/bin/python -m bench.registry_import --files /tmp/fupin-files   # keep/reuse the files
"""

from __future__ import annotations

import argparse
import itertools
import json
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.common import (
    PROJECT_ROOT,
    database_version,
    machine,
    peak_rss_mb,
    postgres_url,
    run_worker,
    scratch_environment,
    write_result,
)

COUNTY = "220802"  # 洮北区, 白城市, 吉林省
PROVINCE = COUNTY[:2]
SEED = 2020
DEFAULT_SCALE = 10.0
FORMATS = ["csv", "xlsx"]
FORMAT_TITLES = {"csv": "import, CSV folder", "xlsx": "import, .xlsx workbook"}
FLOOR_TITLES = {
    "floor": "floor: executemany per table",
    "floor_copy": "floor: COPY per table",
}
EXCEL_MAX_ROWS = 1_048_576
TARGET_RATIO = 4.0
# import_file's progress steps, in order, and what the benchmark calls them.
STEPS = {
    "读取文件": "read",
    "逐行检查": "check",
    "与系统中的数据核对": "compare",
    "写入数据库": "write",
}
STEP_TITLES = {
    "read": "read the file",
    "check": "clean and check every cell",
    "compare": "compare with the database",
    "write": "write (rows, history, commit)",
}


# --- the parent: files once per scale, then one fresh database per measurement -------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.registry_import", description=__doc__)
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument(
        "--db",
        action="append",
        choices=["sqlite", "postgresql"],
        help="database to measure (may repeat); default: SQLite, and PostgreSQL if configured",
    )
    parser.add_argument(
        "--scale",
        action="append",
        type=float,
        help=f"demo county scale (may repeat); default {DEFAULT_SCALE:g}",
    )
    parser.add_argument(
        "--format",
        action="append",
        choices=FORMATS,
        help="form to import (may repeat); default both (.xlsx only where the sheets fit)",
    )
    parser.add_argument(
        "--files",
        type=Path,
        help="folder to keep the generated files in and reuse them from (default: temporary)",
    )
    parser.add_argument("--seed", type=int, default=SEED, help=f"demo seed (default {SEED})")
    # worker mode
    parser.add_argument(
        "--worker",
        choices=["setup", "generate", "import", "floor", "floor_copy"],
        help=argparse.SUPPRESS,
    )
    parser.add_argument("--source", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return run_worker_phase(args)

    databases = args.db or ["sqlite", *(["postgresql"] if postgres_url() else [])]
    if "postgresql" in databases and not postgres_url():
        parser.error("PostgreSQL needs BENCH_POSTGRES_URL (or DATABASE_URL) = postgres://…")
    scales = list(dict.fromkeys(args.scale or [DEFAULT_SCALE]))
    formats = args.format or FORMATS
    with _files_folder(args.files) as folder:
        generated = {scale: _generate(folder, scale, args.seed, formats) for scale in scales}
        for database in databases:
            result = measure(database, generated, formats)
            print_result(result)
            write_result("registry_import", database, result)
    if "postgresql" not in databases:
        print("(PostgreSQL skipped: set BENCH_POSTGRES_URL=postgres://user:pass@host/db to add it)")
    return 0


@contextmanager
def _files_folder(folder: Path | None) -> Iterator[Path]:
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
        yield folder
        return
    with tempfile.TemporaryDirectory(prefix="fupin-bench-files-") as temporary:
        yield Path(temporary)


def _generate(folder: Path, scale: float, seed: int, formats: list[str]) -> dict[str, Any]:
    """The demo county's files at this scale (reused when ``folder`` already holds them)."""
    target = folder / f"scale-{scale:g}-seed-{seed}"
    manifest_path = target / "manifest.json"
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if all(form in manifest["files"] or form in manifest["skipped"] for form in formats):
            print(f"scale {scale:g}: reusing the files in {target}")
            return manifest
    print(f"scale {scale:g}: generating the demo county and writing its files (not timed)…")
    with scratch_environment("sqlite") as env:
        manifest = run_worker(
            env,
            "bench.registry_import",
            "--worker",
            "generate",
            "--scale",
            str(scale),
            "--seed",
            str(seed),
            "--source",
            str(target),
            *(argument for form in formats for argument in ("--format", form)),
        )
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    sheets = ", ".join(f"{name} {rows:,}" for name, rows in manifest["sheets"].items())
    print(f"  {manifest['rows']:,} rows ({sheets}) in {manifest['generate_seconds']:.0f} s")
    for form, reason in manifest["skipped"].items():
        print(f"  {form} skipped: {reason}")
    return manifest


def measure(database: str, generated: dict[float, dict[str, Any]], formats: list[str]) -> dict:
    print(f"registry_import on {database}: one fresh database and one process per measurement…")
    runs = []
    version = ""
    for scale, manifest in generated.items():
        imports = {}
        for form in formats:
            if form not in manifest["files"]:
                continue
            imports[form] = _measure_one(database, "import", manifest["files"][form])
            print(
                f"  scale {scale:<4g} {FORMAT_TITLES[form]:<30} {imports[form]['seconds']:>8.2f} s"
            )
        if not imports:
            continue
        floors = {}
        for kind in ["floor", *(["floor_copy"] if database == "postgresql" else [])]:
            floors[kind] = _measure_one(database, kind, manifest["files"]["csv"])
            print(f"  scale {scale:<4g} {FLOOR_TITLES[kind]:<30} {floors[kind]['seconds']:>8.2f} s")
        floor = floors["floor"]
        version = floor["database_version"]
        for form, result in imports.items():
            for kind, baseline in floors.items():
                if result["rows"] != baseline["rows"] or result["tables"] != baseline["tables"]:
                    raise SystemExit(
                        f"the {form} import and the {kind} wrote different rows:"
                        f" {result['tables']} ≠ {baseline['tables']}"
                    )
            result["import_over_floor"] = round(result["seconds"] / floor["seconds"], 2)
            result["meets_target"] = result["import_over_floor"] <= TARGET_RATIO
            if "floor_copy" in floors:
                result["import_over_copy_floor"] = round(
                    result["seconds"] / floors["floor_copy"]["seconds"], 2
                )
        runs.append(
            {
                "scale": scale,
                "seed": manifest["seed"],
                "county": COUNTY,
                "sheets": manifest["sheets"],
                "file_megabytes": manifest["file_megabytes"],
                "imports": imports,
                "floor": floor,
                **({"floor_copy": floors["floor_copy"]} if "floor_copy" in floors else {}),
                "skipped": manifest["skipped"],
            }
        )
    commits = sorted(
        {
            row["commit"]
            for run in runs
            for row in [*run["imports"].values(), run["floor"], run.get("floor_copy", {})]
            if row
        }
    )
    if len(commits) > 1:
        print(f"  WARNING: the code changed during the run ({', '.join(commits)})")
    return {
        "benchmark": "registry_import",
        "database": database,
        "database_version": version,
        "commit": commits[0] if len(commits) == 1 else commits,
        "runs": runs,
        "target": f"import_file within {TARGET_RATIO:g}× of the floor (one executemany per table)",
        "meets_target": all(
            result["meets_target"] for run in runs for result in run["imports"].values()
        ),
        "machine": machine(),
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def _measure_one(database: str, worker: str, source: str) -> dict[str, Any]:
    """A fresh scratch database, migrated with the province's regions loaded (in one process),
    then the measurement (in another)."""
    with scratch_environment(database) as env:
        setup = run_worker(env, "bench.registry_import", "--worker", "setup")
        commit = _commit()
        result = run_worker(env, "bench.registry_import", "--worker", worker, "--source", source)
    result["setup_seconds"] = setup["seconds"]
    result["commit"] = commit
    return result


def _commit() -> str:
    """The checked-out commit, with ``+dirty`` when ``src/`` has uncommitted changes."""

    def git(*arguments: str) -> str:
        answer = subprocess.run(
            ["git", *arguments], cwd=PROJECT_ROOT, capture_output=True, text=True, check=False
        )
        return answer.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    return commit + ("+dirty" if git("status", "--porcelain", "--", "src") else "")


def print_result(result: dict[str, Any]) -> None:
    print(
        f"\nregistry_import · {result['database']} ({result['database_version']}) · "
        f"demo county {COUNTY} · {result['machine']['cpus']} CPUs"
    )
    print(
        f"  {'scale':>5}  {'measurement':<30} {'rows':>9} {'seconds':>8} {'rows/s':>8}"
        f" {'peak RSS':>9} {'growth':>9} {'× floor':>8}"
    )
    for run in result["runs"]:
        lines = [(FORMAT_TITLES[form], row) for form, row in run["imports"].items()]
        lines += [(FLOOR_TITLES[kind], run[kind]) for kind in FLOOR_TITLES if kind in run]
        for title, row in lines:
            ratio = row.get("import_over_floor")
            print(
                f"  {run['scale']:>5g}  {title:<30} {row['rows']:>9,} {row['seconds']:>8.2f}"
                f" {row['rows_per_second']:>8,} {row['peak_rss_mb']:>6,.0f} MB"
                f" {row['rss_growth_mb']:>6,.0f} MB {f'{ratio:.2f}×' if ratio else '':>8}"
            )
    print("  where the import's time goes (seconds):")
    print(
        f"  {'scale':>5}  {'form':<5} "
        + " ".join(f"{step:>8}" for step in STEP_TITLES)
        + f"   {'rows':>7} {'history':>7} {'ids':>7} {'analyze':>7} {'other':>7}"
        + "   (write = rows + history + ids + analyze + other)"
    )
    for run in result["runs"]:
        for form, row in run["imports"].items():
            steps = row["steps"]
            split = row["write_split"]
            print(
                f"  {run['scale']:>5g}  {form:<5} "
                + " ".join(f"{steps[step]:>8.2f}" for step in STEP_TITLES)
                + f"   {split['rows']:>7.2f} {split['history']:>7.2f}"
                + f" {split['ids']:>7.2f} {split.get('analyze', 0):>7.2f} {split['other']:>7.2f}"
            )
    verdicts = [
        f"scale {run['scale']:g} {form} {row['import_over_floor']:.2f}×"
        for run in result["runs"]
        for form, row in run["imports"].items()
    ]
    verdict = "met" if result["meets_target"] else "NOT met"
    print(f"  target ({result['target']}): {verdict} — {', '.join(verdicts)}")
    against_copy = [
        f"scale {run['scale']:g} {form} {row['import_over_copy_floor']:.2f}×"
        for run in result["runs"]
        for form, row in run["imports"].items()
        if "import_over_copy_floor" in row
    ]
    if against_copy:
        print(f"  import / COPY floor: {', '.join(against_copy)}")
    print(f"  commit: {result['commit']}")


# --- the workers ---------------------------------------------------------------------------------


def run_worker_phase(args: argparse.Namespace) -> int:
    import django

    django.setup()
    if args.worker == "setup":
        result = _setup()
    elif args.worker == "generate":
        result = _generate_files(args.source, args.scale[0], args.seed, args.format or FORMATS)
    elif args.worker == "import":
        result = _import(args.source)
    else:
        result = _floor(args.source, copy=args.worker == "floor_copy")
    print(json.dumps(result, ensure_ascii=False))
    return 0


def _setup() -> dict[str, Any]:
    """Migrate the empty scratch database and load the province's regions."""
    from django.core.management import call_command

    from fupin.regions.loading import load_regions

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    load_regions([PROVINCE])
    return {"seconds": round(time.perf_counter() - started, 2)}


def _generate_files(target: Path, scale: float, seed: int, formats: list[str]) -> dict[str, Any]:
    from fupin.core.tables import write_csv_bundle, write_workbook
    from fupin.registry.demo import build_demo

    _setup()
    started = time.perf_counter()
    sheets = build_demo(COUNTY, scale=scale, seed=seed)
    tables = {name: (rows[0], rows[1:]) for name, rows in sheets.items()}
    counts = {name: len(rows) - 1 for name, rows in sheets.items()}
    target.mkdir(parents=True, exist_ok=True)
    files: dict[str, str] = {}
    skipped: dict[str, str] = {}
    megabytes: dict[str, float] = {}
    # The floor reads the CSV files, so they are always written.
    write_csv_bundle(target / "csv", tables)
    files["csv"] = str(target / "csv")
    megabytes["csv"] = sum(f.stat().st_size for f in (target / "csv").iterdir()) / 1024**2
    if "xlsx" in formats:
        largest = max(counts, key=lambda name: counts[name])
        if counts[largest] + 1 > EXCEL_MAX_ROWS:
            skipped["xlsx"] = (
                f"{largest} has {counts[largest]:,} rows; an Excel sheet holds"
                f" {EXCEL_MAX_ROWS:,} with its header"
            )
        else:
            write_workbook(target / "demo.xlsx", tables)
            files["xlsx"] = str(target / "demo.xlsx")
            megabytes["xlsx"] = (target / "demo.xlsx").stat().st_size / 1024**2
    return {
        "scale": scale,
        "seed": seed,
        "sheets": counts,
        "rows": sum(counts.values()),
        "files": files,
        "skipped": skipped,
        "file_megabytes": {form: round(size, 1) for form, size in megabytes.items()},
        "generate_seconds": round(time.perf_counter() - started, 1),
    }


def _import(source: Path) -> dict[str, Any]:
    from django.db import connection

    from fupin.core import bulk
    from fupin.registry import importing
    from fupin.registry.importing import import_file

    connection.ensure_connection()
    # Time spent in each table's INSERTs (the rows, and their history rows) during the write step.
    inserting: dict[str, float] = defaultdict(float)
    insert_rows = bulk.insert_rows

    def timed_insert_rows(model: Any, columns: Any, rows: Any) -> None:
        started = time.perf_counter()
        insert_rows(model, columns, rows)
        inserting[model._meta.db_table] += time.perf_counter() - started

    reserving = 0.0
    reserve_ids = bulk.reserve_ids

    def timed_reserve_ids(model: Any, count: int) -> list[int]:
        nonlocal reserving
        started = time.perf_counter()
        ids = reserve_ids(model, count)
        reserving += time.perf_counter() - started
        return ids

    # The history records: copied by the database from the rows since insert_history exists,
    # bound from Python through insert_rows (counted above by table) before.
    copying_history = 0.0
    insert_history = getattr(bulk, "insert_history", None)

    def timed_insert_history(*arguments: Any, **keywords: Any) -> None:
        nonlocal copying_history
        started = time.perf_counter()
        insert_history(*arguments, **keywords)  # type: ignore[misc]
        copying_history += time.perf_counter() - started

    analyzing = 0.0
    analyze = getattr(importing, "analyze", None)

    def timed_analyze(*arguments: Any, **keywords: Any) -> Any:
        nonlocal analyzing
        started = time.perf_counter()
        answer = analyze(*arguments, **keywords)  # type: ignore[misc]
        analyzing += time.perf_counter() - started
        return answer

    # insert_with_history and import_file look them up when they are called
    bulk.insert_rows = timed_insert_rows
    bulk.reserve_ids = timed_reserve_ids
    if insert_history is not None:
        bulk.insert_history = timed_insert_history
    if analyze is not None:  # statistics refreshed after a large import (since 260d0d9)
        importing.analyze = timed_analyze
    marks: list[tuple[str, float]] = []

    def progress(done: int, total: int, step: str) -> None:
        marks.append((step, time.perf_counter()))

    before_mb = peak_rss_mb()
    started = time.perf_counter()
    outcome = import_file(None, source, progress=progress)
    seconds = time.perf_counter() - started
    peak_mb = peak_rss_mb()
    if not outcome.written:
        problems = "\n".join(issue.line() for issue in outcome.errors[:20])
        raise SystemExit(f"the import refused the file ({len(outcome.errors)} errors):\n{problems}")

    steps = {
        STEPS[step]: round(end - start, 3)
        for (step, start), (_, end) in itertools.pairwise(marks)
        if step in STEPS
    }
    history = copying_history + sum(t for table, t in inserting.items() if "_historical" in table)
    rows_seconds = sum(t for table, t in inserting.items() if "_historical" not in table)
    rows = sum(counts.inserted for counts in outcome.counts)
    return {
        "measurement": "import",
        "source": Path(source).name,
        "rows": rows,
        "seconds": round(seconds, 3),
        "rows_per_second": round(rows / seconds),
        "peak_rss_mb": round(peak_mb, 1),
        "rss_growth_mb": round(peak_mb - before_mb, 1),
        "steps": steps,
        "write_split": {
            "rows": round(rows_seconds, 3),
            "history": round(history, 3),
            "ids": round(reserving, 3),
            "analyze": round(analyzing, 3),
            "other": round(steps["write"] - rows_seconds - history - reserving - analyzing, 3),
        },
        "insert_seconds": {table: round(t, 3) for table, t in inserting.items()},
        "sheets": {counts.sheet: counts.inserted for counts in outcome.counts},
        "warnings": len(outcome.warnings),
        "tables": _table_counts(),
        "database_version": database_version(),
    }


def _floor(source: Path, *, copy: bool) -> dict[str, Any]:
    """The same rows, one ``executemany`` (or PostgreSQL ``COPY``) per table, values and ids
    ready beforehand."""
    from django.db import connection, transaction

    connection.ensure_connection()
    statements = _floor_statements(source)  # not timed

    before_mb = peak_rss_mb()
    per_table: dict[str, float] = {}
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for table, columns, rows in statements:
            table_started = time.perf_counter()
            if copy:
                with cursor.cursor.copy(f'COPY "{table}" ({columns}) FROM STDIN') as writer:
                    for row in rows:
                        writer.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(rows[0]))
                cursor.executemany(f'INSERT INTO "{table}" ({columns}) VALUES ({marks})', rows)
            per_table[table] = round(time.perf_counter() - table_started, 3)
    seconds = time.perf_counter() - started
    peak_mb = peak_rss_mb()

    rows = sum(len(rows) for _, _, rows in statements)
    return {
        "measurement": "floor_copy" if copy else "floor",
        "rows": rows,
        "seconds": round(seconds, 3),
        "rows_per_second": round(rows / seconds),
        "peak_rss_mb": round(peak_mb, 1),
        "rss_growth_mb": round(peak_mb - before_mb, 1),
        "insert_seconds": per_table,
        "commit_seconds": round(seconds - sum(per_table.values()), 3),
        "tables": _table_counts(),
        "database_version": database_version(),
    }


def _floor_statements(source: Path) -> list[tuple[str, str, list[tuple[Any, ...]]]]:
    """(table, its columns, rows) for each table, from the CSV files parsed as the import
    parses them, with the values the import would write and ids counted from 1."""
    from fupin.core.idnumber import parse_id_number
    from fupin.core.importing.parse import parse_sheets
    from fupin.core.importing.sources import read_source
    from fupin.registry.importing.checks import VILLAGE_FIELDS, household_values, member_values
    from fupin.registry.importing.sheets import (
        EVENTS,
        GRANTS,
        HOUSEHOLDS,
        INCOMES,
        MEMBERS,
        SHEETS_BY_NAME,
        VILLAGES,
    )
    from fupin.registry.models import Event, Grant, Household, Income, Member, VillageInfo

    parsed = parse_sheets(read_source(source), SHEETS_BY_NAME)
    if any(issue.is_error for issue in parsed.issues):
        raise SystemExit("the generated files do not parse cleanly")
    records = {name: sheet.records for name, sheet in parsed.sheets.items()}
    household_ids = {
        record["household_code"]: index
        for index, record in enumerate(records[HOUSEHOLDS.name], start=1)
    }

    def keyed(record: dict[str, Any], sheet: Any) -> dict[str, Any]:
        values = {column.key: record[column.key] for column in sheet.columns}
        values["household_id"] = household_ids[values.pop("household_code")]
        return values

    values = {
        VillageInfo: [
            {"village_id": r["village_code"], **{k: r[k] for k in VILLAGE_FIELDS}}
            for r in records[VILLAGES.name]
        ],
        Household: [
            {"code": r["household_code"], **household_values(r)} for r in records[HOUSEHOLDS.name]
        ],
        Member: [
            {
                "household_id": household_ids[r["household_code"]],
                "id_number": r["id_number"],
                "birth_date": parse_id_number(r["id_number"]).birth_date,
                **member_values(r),
            }
            for r in records[MEMBERS.name]
        ],
        Income: [keyed(r, INCOMES) for r in records[INCOMES.name]],
        Grant: [
            {
                "household_id": household_ids[r["household_code"]],
                "id_number": r["id_number"],
                "policy_id": r["policy_code"],
                "year": r["year"],
                "amount": r["amount"],
            }
            for r in records[GRANTS.name]
        ],
        Event: [keyed(r, EVENTS) for r in records[EVENTS.name]],
    }
    statements = []
    for model, dicts in values.items():
        fields = model._meta.concrete_fields
        automatic = model._meta.pk.attname not in dicts[0]
        defaults = {field.attname: field.get_default() for field in fields}
        rows = [
            tuple(
                index
                if automatic and field.primary_key
                else row.get(field.attname, defaults[field.attname])
                for field in fields
            )
            for index, row in enumerate(dicts, start=1)
        ]
        columns = ", ".join(f'"{field.column}"' for field in fields)
        statements.append((model._meta.db_table, columns, rows))
    return statements


def _table_counts() -> dict[str, int]:
    from django.db import connection

    from fupin.registry.models import Event, Grant, Household, Income, Member, VillageInfo

    counts = {}
    with connection.cursor() as cursor:
        for model in (VillageInfo, Household, Member, Income, Grant, Event):
            cursor.execute(f'SELECT COUNT(*) FROM "{model._meta.db_table}"')
            counts[model._meta.db_table] = cursor.fetchone()[0]
    return counts


if __name__ == "__main__":
    sys.exit(main())
