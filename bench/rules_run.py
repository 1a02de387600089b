"""Benchmark: the whole rule run over a county (assess, monitor, gaps, villages, stats) against a
floor: one hand-written SQL query computing every household's per-capita net income.

The demo county (洮北区 220802, ``fupin.registry.demo``) is loaded at ``--scale`` (default 80:
about 760,000 households and 1.5 million people) by a setup process through the import; then one
measuring process per database times, in this order and each to its last row:

- ``floor``: one SQL statement over every household: household net income of Y from its 收入 row,
  divided by the number of members active at D (the heart of E1 and M01), fetched in full;
- ``full_run``: the whole run as the 规则运行 page does it (``fupin.reports.full_run``): the fact
  table computed once, then the rows of assess, monitor (stored as a run), gaps and villages and
  the object of stats, each to its last row (not written to files); timed by step too;
- then each command alone, as ``fupin assess`` … ``fupin stats`` compute it (each its own fact
  table), for comparison.

It prints and records wall time per part, peak memory of the measuring process, and the ratio of
the whole run to the floor. The issue's target: the whole run under 20 s on SQLite, and within 3×
the floor.

    .venv/bin/python -m bench.rules_run                       # SQLite (and PostgreSQL if configured)
    .venv/bin/python -m bench.rules_run --scale 10 --db sqlite
"""

from __future__ import annotations

import argparse
import itertools
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

COUNTY = "220802"
YEAR = 2025
COMMANDS = ["assess", "monitor", "gaps", "villages", "stats"]
PARTS = ["floor", "full_run", *COMMANDS]
PART_TITLES = {
    "floor": "floor: per-capita income, one query",
    "full_run": "whole run (full_run)",
    **{name: f"fupin {name} alone" for name in COMMANDS},
}
SQLITE_TARGET_SECONDS = 20
FLOOR_TARGET_RATIO = 3

FLOOR_SQL = """
SELECT h.code,
       (i.wage_income + i.business_income + i.property_income + i.transfer_income
        - i.business_expense) / m.n AS per_capita
FROM registry_household h
JOIN registry_income i ON i.household_id = h.id AND i.year = %s
JOIN (SELECT household_id, COUNT(*) AS n
      FROM registry_member
      WHERE (member_status = '正常' OR status_date > %s) AND birth_date <= %s
      GROUP BY household_id) m ON m.household_id = h.id
WHERE h.village_id >= %s AND h.village_id < %s
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.rules_run", description=__doc__)
    parser.add_argument("--db", action="append", choices=["sqlite", "postgresql"])
    parser.add_argument("--scale", type=float, default=80.0)
    parser.add_argument("--worker", choices=["setup", "measure"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker == "setup":
        return _setup(args.scale)
    if args.worker == "measure":
        return _measure()
    databases = args.db or ["sqlite", *(["postgresql"] if postgres_url() else [])]
    for database in databases:
        with scratch_environment(database) as env:
            run_django(env, "migrate")
            setup = run_worker(
                env, "bench.rules_run", "--worker", "setup", "--scale", str(args.scale)
            )
            result = run_worker(env, "bench.rules_run", "--worker", "measure")
        result |= {"database": database, "scale": args.scale, "setup": setup, "machine": machine()}
        result["measured_at"] = datetime.now(UTC).isoformat(timespec="seconds")
        _print(result)
        write_result("rules_run", database, result)
    return 0


def _setup(scale: float) -> int:
    import django

    django.setup()
    from fupin.regions.loading import load_regions
    from fupin.registry.demo import load_demo

    load_regions(["22"])
    started = time.perf_counter()
    report = load_demo(COUNTY, scale=scale, seed=2020)
    if not report.outcome.written:
        print(
            json.dumps({"error": [e.line() for e in report.outcome.errors[:5]]}, ensure_ascii=False)
        )
        return 1
    print(
        json.dumps(
            {
                "households": report.households,
                "members": report.members,
                "load_seconds": round(time.perf_counter() - started, 1),
            }
        )
    )
    return 0


def _measure() -> int:
    import django

    django.setup()
    from django.db import connection

    from fupin.alerts.rules import alert_row, alerts
    from fupin.assessment.exit import assess_rows
    from fupin.assessment.villages import village_rows
    from fupin.benefits.gaps import gaps
    from fupin.core.scope import code_range
    from fupin.regions.models import Region
    from fupin.registry.models import Household, VillageInfo
    from fupin.reports.full_run import STEPS, full_run
    from fupin.reports.stats import statistics
    from fupin.rules.facts import RunInputs

    run = RunInputs.of(YEAR)
    region = Region.objects.get(code=COUNTY)
    households = Household.objects.within(COUNTY)
    villages = VillageInfo.objects.within(COUNTY)
    low, high = code_range(COUNTY)

    def floor() -> int:
        with connection.cursor() as cursor:
            cursor.execute(FLOOR_SQL, [YEAR, run.as_of, run.as_of, low, high])
            return len(cursor.fetchall())

    marks: list[tuple[str, float]] = []

    def whole_run() -> int:
        result = full_run(
            None,
            households,
            villages,
            region,
            run,
            lambda done, total, step: marks.append((step, time.perf_counter())),
        )
        marks.append(("end", time.perf_counter()))
        return len(result.assessment) + len(result.alerts) + len(result.gaps) + len(result.villages)

    parts = {
        "floor": floor,
        "full_run": whole_run,
        "assess": lambda: len(assess_rows(households, run)),
        "monitor": lambda: len([alert_row(a) for a in alerts(households, run)]),
        "gaps": lambda: len(list(gaps(households, run))),
        "villages": lambda: len(list(village_rows(villages, run))),
        "stats": lambda: len(statistics(region, run)),
    }
    timings: dict[str, dict[str, float | int]] = {}
    for name in PARTS:
        started = time.perf_counter()
        rows = parts[name]()
        timings[name] = {"seconds": round(time.perf_counter() - started, 3), "rows": rows}
    steps = {
        step: round(end - start, 3)
        for (step, start), (_, end) in itertools.pairwise(marks)
        if step in STEPS
    }
    total = timings["full_run"]["seconds"]
    print(
        json.dumps(
            {
                "database_version": database_version(),
                "households": households.count(),
                "parts": timings,
                "full_run_steps": steps,
                "total_seconds": total,
                "commands_alone_seconds": round(
                    sum(timings[name]["seconds"] for name in COMMANDS), 3
                ),
                "ratio_to_floor": round(total / timings["floor"]["seconds"], 2),
                "peak_rss_mb": round(peak_rss_mb(), 1),
            },
            ensure_ascii=False,
        )
    )
    return 0


def _print(result: dict[str, Any]) -> None:
    print(
        f"rules run — {result['database']} ({result['database_version']}), scale {result['scale']}: "
        f"{result['households']:,} households, {result['setup'].get('members', 0):,} members"
    )
    for name in PARTS:
        part = result["parts"][name]
        print(f"  {PART_TITLES[name]:<34} {part['seconds']:>9.3f} s  {part['rows']:>10,} rows")
        if name == "full_run":
            for step, seconds in result["full_run_steps"].items():
                print(f"      {step:<28} {seconds:>9.3f} s")
    target = f" (target < {SQLITE_TARGET_SECONDS} s)" if result["database"] == "sqlite" else ""
    print(
        f"  whole run {result['total_seconds']:.3f} s{target}; {result['ratio_to_floor']}× the floor "
        f"(target ≤ {FLOOR_TARGET_RATIO}×); the five commands run one by one "
        f"{result['commands_alone_seconds']:.3f} s; peak memory {result['peak_rss_mb']:.0f} MB"
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
