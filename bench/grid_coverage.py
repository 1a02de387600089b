"""Benchmark: the responsibility grid's coverage and the visits due over a county, against a floor:
one hand-written SQL statement counting each village's households that have an active helper.

The demo county (洮北区 220802, ``fupin.registry.demo``) is loaded at ``--scale`` (default 10:
about 95,000 households) by a setup process, as ``fupin demo`` builds it: the import, one stored
rule run with its leads (``fupin.monitoring.leads.store_run_opening_leads``), the grid (``fupin.grid.demo``) and the visits of recent
months (``fupin.visits.demo``), plus a county administrator. The demos refresh the planner's
statistics of the tables they write (``fupin.core.bulk.analyze``): without that, PostgreSQL takes
the new grid for a few rows and ``progress`` looks up each target's helper through a bitmap of
every household assignment (72 s instead of about 1 s at scale 10). Then one measuring process
per database times, in this order and each alone, to its last row:

- ``floor``: households per village joined to their active household assignments (包户), counted
  with ``COUNT(*) … GROUP BY village``: the least a coverage check must read;
- ``coverage``: ``fupin.grid.coverage.coverage_statistics`` (the four counts of `fupin stats`);
- ``due_counts``: ``fupin.visits.due.due_counts`` over the county's households;
- ``due_page``: the first page (50 rows) of ``fupin.visits.due.due_households``;
- ``create_campaign``: ``fupin.visits.campaigns.create_campaign`` over the county, target
  "registered", by the county administrator;
- ``progress``: ``fupin.visits.campaigns.progress`` of that campaign, over the households the
  administrator sees (as the campaign page computes it).

It prints and records wall time and rows per part, peak memory of the measuring process, and each
part's ratio to the floor.

    .venv/bin/python -m bench.grid_coverage                   # SQLite (and PostgreSQL if configured)
    .venv/bin/python -m bench.grid_coverage --scale 1 --db sqlite
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

COUNTY = "220802"
ADMIN = "bench_county"
DUE_PAGE_SIZE = 50
PARTS = ["floor", "coverage", "due_counts", "due_page", "create_campaign", "progress"]
PART_TITLES = {
    "floor": "floor: helped households per village",
    "coverage": "coverage_statistics",
    "due_counts": "due_counts",
    "due_page": f"due_households, first {DUE_PAGE_SIZE}",
    "create_campaign": "create_campaign (registered)",
    "progress": "progress of the campaign",
}

FLOOR_SQL = """
SELECT h.village_id, COUNT(*)
FROM registry_household h
JOIN grid_assignment a ON a.household_id = h.id
WHERE h.village_id >= %s AND h.village_id < %s
  AND a.level = %s AND a.started_on <= %s AND (a.ended_on IS NULL OR a.ended_on > %s)
GROUP BY h.village_id
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.grid_coverage", description=__doc__)
    parser.add_argument("--db", action="append", choices=["sqlite", "postgresql"])
    parser.add_argument("--scale", type=float, default=10.0)
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
                env, "bench.grid_coverage", "--worker", "setup", "--scale", str(args.scale)
            )
            result = run_worker(env, "bench.grid_coverage", "--worker", "measure")
        result |= {"database": database, "scale": args.scale, "setup": setup, "machine": machine()}
        result["measured_at"] = datetime.now(UTC).isoformat(timespec="seconds")
        _print(result)
        write_result("grid_coverage", database, result)
    return 0


def _setup(scale: float) -> int:
    import django

    django.setup()
    from fupin.accounts.choices import Role
    from fupin.accounts.models import User
    from fupin.grid.demo import build_demo_grid
    from fupin.monitoring.leads import store_run_opening_leads
    from fupin.regions.loading import load_regions
    from fupin.regions.models import Region
    from fupin.registry.demo import INCOME_YEARS, load_demo
    from fupin.registry.models import Household
    from fupin.rules.facts import RunInputs
    from fupin.visits.demo import build_demo_visits

    load_regions(["22"])
    admin = User.objects.create_user(
        ADMIN, role=Role.COUNTY_ADMIN, region=Region.objects.get(code=COUNTY)
    )
    ends: dict[str, float] = {}  # step → when it ended
    started = time.perf_counter()
    report = load_demo(COUNTY, scale=scale, seed=2020)
    if not report.outcome.written:
        print(
            json.dumps({"error": [e.line() for e in report.outcome.errors[:5]]}, ensure_ascii=False)
        )
        return 1
    ends["load"] = time.perf_counter()
    store_run_opening_leads(
        None, Household.objects.within(COUNTY), RunInputs.of(INCOME_YEARS[-1]), region=COUNTY
    )
    ends["rule_run"] = time.perf_counter()
    grid = build_demo_grid(COUNTY, seed=2020)
    ends["grid"] = time.perf_counter()
    visits = build_demo_visits(COUNTY, seed=2020, recorded_by=admin)
    ends["visits"] = time.perf_counter()
    starts = [started, *ends.values()]
    print(
        json.dumps(
            {
                "households": report.households,
                "members": report.members,
                "cadres": grid.cadres,
                "assignments": grid.assignments,
                "visits": visits,
                "seconds": {
                    step: round(end - start, 1)
                    for (step, end), start in zip(ends.items(), starts, strict=False)
                },
            }
        )
    )
    return 0


def _measure() -> int:
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from fupin.accounts.models import User
    from fupin.core.scope import code_range
    from fupin.grid.choices import Level
    from fupin.grid.coverage import coverage_statistics
    from fupin.grid.models import Assignment
    from fupin.regions.models import Region
    from fupin.registry.models import Household
    from fupin.visits.campaigns import Target, create_campaign, progress
    from fupin.visits.due import due_counts, due_households
    from fupin.visits.models import Visit

    today = timezone.localdate()
    admin = User.objects.get(username=ADMIN)
    county = Region.objects.get(code=COUNTY)
    households = Household.objects.within(COUNTY)
    low, high = code_range(COUNTY)
    campaigns = []

    def floor() -> tuple[int, dict[str, int]]:
        with connection.cursor() as cursor:
            cursor.execute(FLOOR_SQL, [low, high, Level.HOUSEHOLD, today, today])
            rows = cursor.fetchall()
        return len(rows), {"villages": len(rows), "helped_households": sum(n for _, n in rows)}

    def coverage() -> tuple[int, dict[str, int]]:
        counts = coverage_statistics(COUNTY)
        return len(counts), counts

    def due() -> tuple[int, dict[str, int]]:
        counts = due_counts(households, today)
        return len(counts), counts

    def due_page() -> tuple[int, dict[str, int]]:
        return len(list(due_households(households, today)[:DUE_PAGE_SIZE])), {}

    def campaign() -> tuple[int, dict[str, int]]:
        created = create_campaign(
            admin,
            name="遍访（基准测试）",
            region=county,
            started_on=today.replace(day=1),
            ended_on=today,
            target=Target.REGISTERED,
        )
        campaigns.append(created)
        targets = created.targets.count()
        return targets, {"targets": targets}

    def campaign_progress() -> tuple[int, dict[str, int]]:
        shown = progress(campaigns[0], Household.objects.visible_to(admin), today)
        tally = {
            "targets": shown.overall.total,
            "visited": shown.overall.visited,
            "villages": len(shown.villages),
            "cadres": len(shown.cadres),
        }
        return 1 + tally["villages"] + tally["cadres"], tally

    parts = {
        "floor": floor,
        "coverage": coverage,
        "due_counts": due,
        "due_page": due_page,
        "create_campaign": campaign,
        "progress": campaign_progress,
    }
    timings: dict[str, dict[str, Any]] = {}
    for name in PARTS:
        started = time.perf_counter()
        rows, found = parts[name]()
        timings[name] = {"seconds": round(time.perf_counter() - started, 3), "rows": rows}
        timings[name] |= {"found": found} if found else {}
    floor_seconds = timings["floor"]["seconds"]
    for part in timings.values():
        part["ratio_to_floor"] = round(part["seconds"] / floor_seconds, 1)
    print(
        json.dumps(
            {
                "database_version": database_version(),
                "households": households.count(),
                "active_household_assignments": Assignment.objects.within(COUNTY)
                .active_on(today)
                .of_level(Level.HOUSEHOLD)
                .count(),
                "visits": Visit.objects.filter(household__in=households).count(),
                "parts": timings,
                "peak_rss_mb": round(peak_rss_mb(), 1),
            },
            ensure_ascii=False,
        )
    )
    return 0


def _print(result: dict[str, Any]) -> None:
    setup = result["setup"]
    print(
        f"grid coverage — {result['database']} ({result['database_version']}), "
        f"scale {result['scale']}: {result['households']:,} households, "
        f"{result['active_household_assignments']:,} active household assignments "
        f"({setup['assignments']:,} assignments of {setup['cadres']:,} cadres), "
        f"{result['visits']:,} visits"
    )
    for name in PARTS:
        part = result["parts"][name]
        found = ", ".join(f"{key} {value:,}" for key, value in part.get("found", {}).items())
        print(
            f"  {PART_TITLES[name]:<38} {part['seconds']:>8.3f} s  {part['rows']:>7,} rows  "
            f"{part['ratio_to_floor']:>7}× floor  {found}"
        )
    print(
        f"  setup (s): {', '.join(f'{step} {s}' for step, s in setup['seconds'].items())}; "
        f"peak memory {result['peak_rss_mb']:.0f} MB"
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
