"""The demo county's household works and its audit, after its projects and funds exist.

Some three dozen works of every kind at registered households, each with labour and material
lines (quantity × unit price, within the budget) and in every state: registered, done, accepted,
and a few whose acceptance failed and opened a problem in the ledger (one of them repaired and
accepted since, its problem left to the ledger's steps). Then one audit of the county covering
funds, projects, fund lines and expenses, with lines of every result; its 存疑 and 违规 lines
open their problems. The works are built by the township office and accepted by the county (or
the system administrator where no township office exists), so the one who records the works done
never accepts them.

The first village of the county gets no failed works: the ledger's demo, which runs after this,
clears that village of its problems for the 清零 board. Everything is written through the
services, as an office would. Reproducible by seed.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from fupin.accounts.demo import DemoOffices
from fupin.accounts.models import User
from fupin.regions.choices import Level
from fupin.regions.models import Region
from fupin.registry.models import Household

from . import audits, works
from .choices import AuditResult, ExpenseCategory, WorksKind, WorksState
from .demo import _photo
from .models import Allocation, Expense, Fund, HouseholdWork, Project

WORKS = 36
# How many works end in each state; FAILED_THEN_ACCEPTED are accepted after a failed acceptance.
STATES: dict[str, int] = {
    WorksState.PLANNED: 6,
    WorksState.DONE: 7,
    WorksState.ACCEPTED: 18,
    WorksState.FAILED: 4,
}
FAILED_THEN_ACCEPTED = 1

# (kind, content, budget in yuan, [(category, item, unit, unit price, quantity range)]).
KINDS: list[tuple[str, str, int, list[tuple[str, str, str, str, tuple[int, int]]]]] = [
    (
        WorksKind.HOUSING,
        "C 级危房加固改造，更换屋面、加固墙体",
        35_000,
        [
            (ExpenseCategory.MATERIAL, "水泥", "吨", "480.00", (3, 8)),
            (ExpenseCategory.MATERIAL, "红砖", "千块", "420.00", (4, 10)),
            (ExpenseCategory.MATERIAL, "彩钢瓦", "平方米", "38.50", (60, 120)),
            (ExpenseCategory.LABOUR, "瓦工", "工日", "260.00", (10, 30)),
        ],
    ),
    (
        WorksKind.TOILET,
        "旱厕改造为三格式化粪池卫生厕所",
        4_500,
        [
            (ExpenseCategory.MATERIAL, "三格式化粪池", "套", "1350.00", (1, 1)),
            (ExpenseCategory.MATERIAL, "蹲便器及冲水设施", "套", "280.00", (1, 1)),
            (ExpenseCategory.LABOUR, "安装工", "工日", "220.00", (2, 4)),
        ],
    ),
    (
        WorksKind.COURTYARD,
        "六净一规范庭院整治：清理杂物、硬化院落、规范堆放",
        6_000,
        [
            (ExpenseCategory.MATERIAL, "混凝土", "立方米", "365.00", (3, 8)),
            (ExpenseCategory.LABOUR, "普工", "工日", "180.00", (4, 10)),
        ],
    ),
    (
        WorksKind.RELOCATION,
        "易地搬迁集中安置点 60 平方米安置房",
        120_000,
        [
            (ExpenseCategory.MATERIAL, "安置房装修材料", "套", "18600.00", (1, 1)),
            (ExpenseCategory.LABOUR, "搬迁服务", "户", "1500.00", (1, 1)),
        ],
    ),
]
KIND_WEIGHTS = [10, 12, 8, 3]
FAILURES: dict[str, str] = {
    WorksKind.HOUSING: "屋面仍有漏雨",
    WorksKind.TOILET: "化粪池盖板破损，有渗漏",
    WorksKind.COURTYARD: "院内杂物未清理",
    WorksKind.RELOCATION: "入户自来水尚未通水",
}


@dataclass
class WorksDemoReport:
    by_state: Counter[str] = field(default_factory=Counter)
    expenses: int = 0
    problems_from_works: int = 0
    audit_lines: Counter[str] = field(default_factory=Counter)


def build_demo_works(county_code: str, *, seed: int) -> WorksDemoReport:
    """Write the demo county's household works and its audit (its accounts, registry, projects
    and funds must exist)."""
    rng = random.Random(seed)
    today = timezone.localdate()
    offices = DemoOffices.of(county_code)
    first_village = (
        Region.objects.within(county_code).filter(level=Level.VILLAGE).order_by("code").first()
    )
    homes = list(
        Household.objects.within(county_code)
        .filter(is_registered=True, closed_on__isnull=True)
        .exclude(village_id=first_village.code if first_village else "")
        .order_by("code")
    )
    chosen = rng.sample(homes, min(WORKS, len(homes)))
    targets = [state for state, n in STATES.items() for _ in range(n)]
    report = WorksDemoReport()
    repairs_left = FAILED_THEN_ACCEPTED
    with transaction.atomic():
        for home, target in zip(chosen, targets, strict=False):
            repaired = target == WorksState.ACCEPTED and repairs_left > 0
            repairs_left -= repaired
            _work(offices, rng, home, target, repaired, today, report)
        report.problems_from_works = (
            HouseholdWork.objects.filter(household__in=chosen, inspections__passed=False)
            .distinct()
            .count()
        )
        _audit(offices.county, rng, county_code, today, report)
    return report


def _work(
    offices: DemoOffices,
    rng: random.Random,
    home: Household,
    target: str,
    repaired: bool,
    today: dt.date,
    report: WorksDemoReport,
) -> None:
    kind, content, budget, lines = rng.choices(KINDS, KIND_WEIGHTS)[0]
    builder, acceptor = offices.doer(home.village_id), offices.checker(home.village_id)
    work = works.register_work(
        builder, home, kind=kind, year=today.year, budget=f"{budget}.00", content=content
    )
    for category, item, unit, price, (low, high) in lines:
        quantity = rng.randint(low, high)
        amount = works.line_amount(Decimal(quantity), Decimal(price))
        works.add_expense(
            builder,
            work,
            category=category,
            item=item,
            quantity=str(quantity),
            unit=unit,
            unit_price=price,
            amount=amount,
        )
        report.expenses += 1
    if target != WorksState.PLANNED:
        finished = today - dt.timedelta(days=rng.randint(20, 60))
        works.record_done(builder, work, finished_on=finished, note="按设计完工")
    if target == WorksState.FAILED or repaired:
        _inspect(acceptor, work, today - dt.timedelta(days=15), passed=False)
        if repaired:
            works.record_done(
                builder, work, finished_on=today - dt.timedelta(days=8), note="整改后完工"
            )
    if target == WorksState.ACCEPTED:
        _inspect(acceptor, work, today - dt.timedelta(days=rng.randint(1, 7)), passed=True)
    report.by_state[work.state] += 1


def _inspect(actor: User, work: HouseholdWork, day: dt.date, *, passed: bool) -> None:
    results = [works.ItemResult(passed=True) for _ in work.checklist]
    if not passed:
        results[0] = works.ItemResult(passed=False, note=FAILURES[work.kind])
    works.inspect(
        actor,
        work,
        inspected_on=day,
        results=results,
        files=[_photo()],
        note="现场验收" + ("合格" if passed else "不合格，限期整改"),
    )


def _audit(
    actor: User, rng: random.Random, county_code: str, today: dt.date, report: WorksDemoReport
) -> None:
    """One audit of the county: two funds, four projects, three fund lines and four expenses."""
    county = Region.objects.get(code=county_code)
    audit = audits.open_audit(
        actor,
        region=county,
        name=f"{today.year}年财政衔接推进乡村振兴补助资金专项审计",
        auditor_unit=f"{county.name}审计局",
        started_on=today - dt.timedelta(days=30),
        ended_on=today,
    )
    projects = list(
        Project.objects.within(county_code).filter(allocations__isnull=False).distinct()
    )
    lines = audits.add_lines(
        actor,
        audit,
        funds=list(Fund.objects.within(county_code).order_by("pk")[:2]),
        projects=rng.sample(projects, min(4, len(projects))),
        allocations=list(Allocation.objects.within(county_code).order_by("pk")[:3]),
        expenses=list(Expense.objects.within(county_code).order_by("-pk")[:4]),
    )
    results = [
        (AuditResult.CONFIRMED, ""),
        (AuditResult.QUESTIONED, "部分支出凭证不全，需补充合同和验收单"),
        (AuditResult.VIOLATION, "资金用于项目以外的办公支出"),
        (AuditResult.CONFIRMED, ""),
        (AuditResult.QUESTIONED, "项目实际完成量与结算量不符"),
    ]
    for line, (result, note) in zip(lines, results * 3, strict=False):
        if line is lines[-1]:
            break  # the last line is still being checked (待核查)
        audits.mark_line(actor, line, result=result, note=note)
    for line in lines:
        line.refresh_from_db()
        report.audit_lines[line.result] += 1
