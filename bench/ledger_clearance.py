"""Benchmark: the problem ledger's 清零 board and the first page of its list over a county of
100,000 problems, each against a floor of one hand-written SQL statement.

A setup process loads 吉林省's regions and writes ``--problems`` (default 100,000) problems into
洮北区 (220802), straight into the table (``fupin.core.bulk.insert_rows``; the services are not
what is measured): spread over the county's villages (a few registered at a township), the ten
classes and the eight sources, registered over the last year, in every state (about a third
closed, a fifth in rectification of which half are past their deadline), 1 % of the closed ones
reopened, and three campaigns (housing over the county, data quality over a township, any class
from audits over the county). Then one measuring process per database times, in this order and
each alone, to its last row:

- ``floor_board``: one ``GROUP BY`` township × class × source over the county's problems counting
  open, overdue and closed ones with ``SUM(CASE …)``: the least the county's board must read (it
  does not leave out the reopened originals, which the board does);
- ``board_county``: ``fupin.ledger.clearance.board`` of the county over the problems its
  administrator sees (``Problem.objects.visible_to``);
- ``floor_township`` and ``board_township``: the same for the first township (by village);
- ``board_campaign``: the county's board narrowed to the housing campaign
  (``campaigns.campaign_problems``);
- ``figures``: ``fupin.ledger.stats.ledger_figures`` of the county (the four keys of `fupin stats`);
- ``floor_page``: one ``COUNT(*)`` and one plain ``SELECT … ORDER BY registered_at DESC, id DESC
  LIMIT 50`` joined to the region, over the county;
- ``list_page``: what the ledger's list shows a county administrator: ``visible_to(admin)``
  with ``select_related("region", "responsible_cadre")`` ordered newest first, its ``count()``
  and its first 50 rows.

It prints and records wall time and rows per part, peak memory of the measuring process, and
each board's ratio to its floor (the page's to the page floor).

    .venv/bin/python -m bench.ledger_clearance                # SQLite (and PostgreSQL if configured)
    .venv/bin/python -m bench.ledger_clearance --problems 10000 --db sqlite
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
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
PAGE_SIZE = 50
PARTS = [
    "floor_board",
    "board_county",
    "floor_township",
    "board_township",
    "board_campaign",
    "figures",
    "floor_page",
    "list_page",
]
FLOORS = {
    "board_county": "floor_board",
    "board_township": "floor_township",
    "board_campaign": "floor_board",
    "figures": "floor_board",
    "list_page": "floor_page",
}
PART_TITLES = {
    "floor_board": "floor: one GROUP BY, county",
    "board_county": "board of the county",
    "floor_township": "floor: one GROUP BY, township",
    "board_township": "board of a township",
    "board_campaign": "board of the county, housing campaign",
    "figures": "ledger_figures (fupin stats)",
    "floor_page": f"floor: COUNT + first {PAGE_SIZE} rows",
    "list_page": f"list: count + first {PAGE_SIZE} rows",
}

FLOOR_BOARD_SQL = """
SELECT substr(p.region_id, 1, %s) AS child, p.category, p.source,
       SUM(CASE WHEN p.state <> %s THEN 1 ELSE 0 END),
       SUM(CASE WHEN p.state = %s AND p.deadline < %s THEN 1 ELSE 0 END),
       SUM(CASE WHEN p.state = %s THEN 1 ELSE 0 END)
FROM ledger_problem p
WHERE p.region_id >= %s AND p.region_id < %s
GROUP BY child, p.category, p.source
"""
FLOOR_COUNT_SQL = "SELECT COUNT(*) FROM ledger_problem WHERE region_id >= %s AND region_id < %s"
FLOOR_PAGE_SQL = """
SELECT p.id, p.region_id, r.name, p.category, p.source, p.description, p.state, p.deadline,
       p.registered_at, p.responsible_unit
FROM ledger_problem p JOIN regions_region r ON r.code = p.region_id
WHERE p.region_id >= %s AND p.region_id < %s
ORDER BY p.registered_at DESC, p.id DESC
LIMIT %s
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ledger_clearance", description=__doc__)
    parser.add_argument("--db", action="append", choices=["sqlite", "postgresql"])
    parser.add_argument("--problems", type=int, default=100_000)
    parser.add_argument("--worker", choices=["setup", "measure"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker == "setup":
        return _setup(args.problems)
    if args.worker == "measure":
        return _measure()
    databases = args.db or ["sqlite", *(["postgresql"] if postgres_url() else [])]
    for database in databases:
        with scratch_environment(database) as env:
            run_django(env, "migrate")
            setup = run_worker(
                env, "bench.ledger_clearance", "--worker", "setup", "--problems", str(args.problems)
            )
            result = run_worker(env, "bench.ledger_clearance", "--worker", "measure")
        result |= {"database": database, "setup": setup, "machine": machine()}
        result["measured_at"] = datetime.now(UTC).isoformat(timespec="seconds")
        _print(result)
        write_result("ledger_clearance", database, result)
    return 0


def _setup(count: int) -> int:
    import django

    django.setup()
    from django.utils import timezone

    from fupin.accounts.choices import Role
    from fupin.accounts.models import User
    from fupin.core.bulk import analyze, db_datetime, insert_rows, reserve_ids
    from fupin.ledger.campaigns import create_campaign
    from fupin.ledger.choices import ProblemClass, ProblemState, Severity, Source
    from fupin.ledger.models import Problem
    from fupin.regions.choices import Level
    from fupin.regions.loading import load_regions
    from fupin.regions.models import Region

    started = time.perf_counter()
    load_regions(["22"])
    county = Region.objects.get(code=COUNTY)
    admin = User.objects.create_user(ADMIN, role=Role.COUNTY_ADMIN, region=county)
    townships = list(Region.objects.children_of(COUNTY).order_by("code"))
    villages = list(
        Region.objects.within(COUNTY).filter(level=Level.VILLAGE).values_list("code", flat=True)
    )
    regions_loaded = time.perf_counter()

    rng = random.Random(2026)
    now = timezone.now()
    today = timezone.localdate()
    states = [
        (ProblemState.REGISTERED, 10),
        (ProblemState.RECTIFYING, 20),
        (ProblemState.RECTIFIED, 15),
        (ProblemState.VERIFIED, 10),
        (ProblemState.CLOSED, 45),
    ]
    columns = [
        "id",
        "region_id",
        "category",
        "source",
        "description",
        "severity",
        "responsible_unit",
        "measure",
        "deadline",
        "state",
        "registered_at",
        "registered_by_id",
        "closed_at",
        "origin_key",
        "reopened_from_id",
    ]
    # On SQLite ids are reserved above the table's maximum, so the reopenings' too, at once.
    reserved = reserve_ids(Problem, count + count // 100)
    ids, spare = reserved[:count], iter(reserved[count:])
    rows: list[list[Any]] = []
    closed_ids: list[int] = []
    for pk in ids:
        region = rng.choice(townships).code if rng.random() < 0.03 else rng.choice(villages)
        state = rng.choices([s for s, _ in states], [w for _, w in states])[0]
        registered = now - dt.timedelta(days=rng.randint(0, 365), minutes=rng.randint(0, 1440))
        deadline = None
        if state != ProblemState.REGISTERED:
            # Half of those in rectification are past their deadline.
            ahead = rng.randint(-60, -1) if rng.random() < 0.5 else rng.randint(1, 90)
            deadline = today + dt.timedelta(days=ahead)
        closed_at = registered + dt.timedelta(days=30) if state == ProblemState.CLOSED else None
        if state == ProblemState.CLOSED:
            closed_ids.append(pk)
        rows.append(
            [
                pk,
                region,
                rng.choice(ProblemClass.values),
                rng.choice(Source.values),
                "危房改造后屋顶漏雨",
                Severity.ORDINARY,
                "平安镇人民政府",
                "更换屋面防水层" if deadline else "",
                deadline,
                state,
                db_datetime(registered),
                admin.pk,
                db_datetime(closed_at) if closed_at else None,
                "",
                None,
            ]
        )
    # 1 % of the closed problems came back: a reopening in rectification points to each.
    by_id = {row[0]: row for row in rows}
    for original in rng.sample(closed_ids, len(closed_ids) // 100):
        reopening = list(by_id[original])
        reopening[0] = next(spare)
        reopening[8] = today + dt.timedelta(days=30)
        reopening[9] = ProblemState.RECTIFYING
        reopening[12] = None
        reopening[14] = original
        rows.append(reopening)
    insert_rows(Problem, columns, rows)
    analyze([Problem])
    written = time.perf_counter()

    year_ago = today - dt.timedelta(days=365)
    for name, region, categories, sources in (
        ("住房安全问题清零行动", county, [ProblemClass.HOUSING], []),
        ("数据质量问题整改", townships[0], [ProblemClass.DATA_QUALITY], []),
        ("审计发现问题整改", county, [], [Source.AUDIT]),
    ):
        create_campaign(
            admin,
            name=name,
            region=region,
            started_on=year_ago,
            ended_on=today,
            categories=categories,
            sources=sources,
            note="",
        )
    print(
        json.dumps(
            {
                "problems": len(rows),
                "reopened": len(rows) - count,
                "villages": len(villages),
                "townships": len(townships),
                "seconds": {
                    "regions": round(regions_loaded - started, 1),
                    "problems": round(written - regions_loaded, 1),
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
    from fupin.ledger.campaigns import campaign_problems
    from fupin.ledger.choices import ProblemState
    from fupin.ledger.classes import class_names
    from fupin.ledger.clearance import Board, board
    from fupin.ledger.models import Campaign, Problem
    from fupin.ledger.stats import ledger_figures
    from fupin.regions.models import Region

    today = timezone.localdate()
    admin = User.objects.get(username=ADMIN)
    county = Region.objects.get(code=COUNTY)
    township = Region.objects.children_of(COUNTY).order_by("code").first()
    assert township is not None
    housing = Campaign.objects.get(name="住房安全问题清零行动")
    classes = class_names(COUNTY)

    def floor(region: str, child_length: int) -> tuple[int, dict[str, int]]:
        low, high = code_range(region)
        closed, rectifying = ProblemState.CLOSED, ProblemState.RECTIFYING
        with connection.cursor() as cursor:
            cursor.execute(
                FLOOR_BOARD_SQL, [child_length, closed, rectifying, today, closed, low, high]
            )
            rows = cursor.fetchall()
        return len(rows), {
            "open": sum(row[3] for row in rows),
            "overdue": sum(row[4] for row in rows),
            "closed": sum(row[5] for row in rows),
        }

    def shown(made: Board) -> tuple[int, dict[str, int]]:
        return len(made.regions) + len(made.by_class) + len(made.by_source), {
            "regions": len(made.regions),
            "open": made.overall.open,
            "overdue": made.overall.overdue,
            "closed": made.overall.closed,
        }

    def visible() -> Any:
        return Problem.objects.visible_to(admin)

    def figures() -> tuple[int, dict[str, int]]:
        found = ledger_figures(visible().within(COUNTY), today)
        return len(found), found

    def floor_page() -> tuple[int, dict[str, int]]:
        low, high = code_range(COUNTY)
        with connection.cursor() as cursor:
            cursor.execute(FLOOR_COUNT_SQL, [low, high])
            total = cursor.fetchone()[0]
            cursor.execute(FLOOR_PAGE_SQL, [low, high, PAGE_SIZE])
            rows = cursor.fetchall()
        return len(rows), {"count": total}

    def list_page() -> tuple[int, dict[str, int]]:
        listed = (
            visible()
            .select_related("region", "responsible_cadre")
            .order_by("-registered_at", "-id")
        )
        total = listed.count()
        return len(list(listed[:PAGE_SIZE])), {"count": total}

    parts = {
        "floor_board": lambda: floor(COUNTY, 9),
        "board_county": lambda: shown(board(visible(), county, today, classes=classes)),
        "floor_township": lambda: floor(township.code, 12),
        "board_township": lambda: shown(board(visible(), township, today, classes=classes)),
        "board_campaign": lambda: shown(
            board(campaign_problems(housing, visible()), county, today, classes=classes)
        ),
        "figures": figures,
        "floor_page": floor_page,
        "list_page": list_page,
    }
    timings: dict[str, dict[str, Any]] = {}
    for name in PARTS:
        started = time.perf_counter()
        rows, found = parts[name]()
        timings[name] = {"seconds": round(time.perf_counter() - started, 3), "rows": rows}
        timings[name] |= {"found": found} if found else {}
    for name, floor_name in FLOORS.items():
        timings[name]["ratio_to_floor"] = round(
            timings[name]["seconds"] / timings[floor_name]["seconds"], 1
        )
    print(
        json.dumps(
            {
                "database_version": database_version(),
                "problems": Problem.objects.within(COUNTY).count(),
                "township": township.name,
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
        f"ledger clearance — {result['database']} ({result['database_version']}): "
        f"{result['problems']:,} problems in {setup['villages']} villages of "
        f"{setup['townships']} townships ({setup['reopened']:,} reopened); "
        f"township measured: {result['township']}"
    )
    for name in PARTS:
        part = result["parts"][name]
        found = ", ".join(f"{key} {value:,}" for key, value in part.get("found", {}).items())
        ratio = part.get("ratio_to_floor")
        print(
            f"  {PART_TITLES[name]:<40} {part['seconds']:>8.3f} s  {part['rows']:>6,} rows  "
            f"{'' if ratio is None else f'{ratio}× floor':>12}  {found}"
        )
    print(
        f"  setup (s): {', '.join(f'{step} {s}' for step, s in setup['seconds'].items())}; "
        f"peak memory {result['peak_rss_mb']:.0f} MB"
    )


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
