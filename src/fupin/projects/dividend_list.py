"""分红名单: a dividend plan's households as one sheet (户编号, 户主姓名, 人口, 分红金额), exported
from a plan and imported as a 按名单 plan (docs/projects-interchange.md).

The sheet is read by the shared machinery (``core.importing``: reader, header search, cell
cleaners, the problem report), then every row is checked against the database before anything is
written: the household is one the importing officer sees, of the asset's county, not closed and
listed once; the name is its head's. The amounts must add up to the households' part of the plan
(分配金额 less 村集体留存 and 公益岗位). Every error is reported at once and nothing is written
while any remains; otherwise the plan is drawn through ``dividends.draw_plan``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

from django.db import transaction

from fupin.accounts.models import User
from fupin.core import cleaning as c
from fupin.core.importing.columns import Column, Sheet
from fupin.core.importing.issues import OUT_OF_SCOPE, ImportIssue
from fupin.core.importing.outcome import ImportOutcome, SheetCounts
from fupin.core.importing.parse import parse_sheets
from fupin.core.importing.sources import SourceError, read_list
from fupin.core.money import yuan
from fupin.core.scope import is_visible
from fupin.registry.importing.sheets import clean_household_code
from fupin.registry.models import Household, Member

from . import dividends
from .assets import check_office
from .choices import DividendRule
from .errors import ProjectError
from .models import Asset, DividendPlan

MAX_ROWS = 5_000
MAX_FILE_BYTES = 10 * 1024 * 1024

SHEET = Sheet(
    "分红名单",
    ("户编号", "分红金额"),
    (
        Column("户编号", "household_code", clean_household_code, required=True),
        Column("户主姓名", "head_name", partial(c.clean_name, max_length=50), default=""),
        Column("人口", "persons", partial(c.clean_int, minimum=0, maximum=99)),
        Column("分红金额", "amount", c.clean_money, required=True),
    ),
)
HEADERS = [column.header for column in SHEET.columns]


def heads_of(households: list[Household]) -> dict[int, str]:
    """household id → its head's name (the member whose 证件号码 is the head's)."""
    names: dict[int, str] = {}
    for member in Member.objects.filter(household__in=households).order_by("member_status", "pk"):
        if member.id_number == member.household.head_id_number and member.household_id not in names:
            names[member.household_id] = member.name
    return names


def list_rows(plan: DividendPlan) -> list[list[Any]]:
    """The plan's 分红名单, in 户编号 order."""
    payments = list(plan.payments.select_related("household").order_by("household__code"))
    heads = heads_of([payment.household for payment in payments])
    return [
        [
            payment.household.code,
            heads.get(payment.household_id, ""),
            payment.persons,
            payment.amount,
        ]
        for payment in payments
    ]


@dataclass(frozen=True)
class PlanTerms:
    """What a list's plan is drawn with besides the list."""

    year: int
    amount: Decimal
    village_part: Decimal = Decimal("0.00")
    posts_part: Decimal = Decimal("0.00")
    note: str = ""


def import_dividend_list(actor: User, asset: Asset, path: Path, terms: PlanTerms) -> ImportOutcome:
    """Draw a 按名单 plan of ``asset`` from the list at ``path``: every row or none."""
    try:
        check_office(actor)
    except ProjectError as error:
        return _refused(error.message)
    if not is_visible(actor, asset):
        return _refused(f"该资产{OUT_OF_SCOPE}")
    try:
        raw_sheets = read_list(path, SHEET.name, max_bytes=MAX_FILE_BYTES, max_rows=MAX_ROWS)
    except SourceError as error:
        return _refused(str(error))
    parsed = parse_sheets(raw_sheets, {SHEET.name: SHEET})
    found = parsed.sheets.get(SHEET.name)
    run = _Check(actor, asset, found.records if found else [], found.rejected if found else [])
    households = run.check(terms)
    issues = sorted(parsed.issues + run.issues, key=lambda issue: issue.row or 0)
    if any(issue.is_error for issue in issues):
        return ImportOutcome(False, issues, [], parsed.columns())
    try:
        with transaction.atomic():
            plan = dividends.draw_plan(
                actor,
                asset,
                year=terms.year,
                amount=terms.amount,
                village_part=terms.village_part,
                posts_part=terms.posts_part,
                rule=DividendRule.BY_LIST,
                households=households,
                amounts=run.amounts,
                note=terms.note,
            )
    except ProjectError as error:
        return _refused(error.message)
    outcome = ImportOutcome(True, issues, [SheetCounts(SHEET.name, len(households), 0, 0)])
    outcome.plan = plan  # type: ignore[attr-defined]
    return outcome


def _refused(reason: str) -> ImportOutcome:
    return ImportOutcome(False, [ImportIssue("", None, "", "", reason)])


@dataclass
class _Check:
    actor: User
    asset: Asset
    records: list[dict[str, Any]]
    rejected: list[dict[str, Any]]
    issues: list[ImportIssue] = field(default_factory=list)
    amounts: dict[str, Decimal] = field(default_factory=dict)

    def check(self, terms: PlanTerms) -> list[Household]:
        county = self.asset.project.region_id[:6]
        known = (
            Household.objects.visible_to(self.actor)
            .filter(code__in={r["household_code"] for r in self.records})
            .in_bulk(field_name="code")
        )
        heads = heads_of(list(known.values()))
        persons = dividends.persons_of(list(known.values()))
        first_row: dict[str, int] = {}
        chosen = []
        for record in self.records:
            code = record["household_code"]
            household = known.get(code)
            if household is None:
                self._refuse(record, "户编号", "系统中没有这个户编号，或不在您的管辖范围内")
                continue
            if not household.village_id.startswith(county):
                self._refuse(record, "户编号", "该户不在项目所在县")
                continue
            if household.closed_on is not None:
                self._refuse(record, "户编号", "该户已注销")
                continue
            if code in first_row:
                self._refuse(record, "户编号", f"与第{first_row[code]}行重复")
                continue
            first_row[code] = record["_row"]
            name = record["head_name"]
            if name and name != heads.get(household.pk, ""):
                self._refuse(
                    record, "户主姓名", f"与系统中的户主姓名（{heads.get(household.pk, '无')}）不符"
                )
                continue
            if record["persons"] is not None and record["persons"] != persons[code]:
                self._refuse(record, "人口", f"与系统中的正常成员人数（{persons[code]}）不符")
                continue
            self.amounts[code] = record["amount"]
            chosen.append(household)
        if not self.records and not self.rejected:
            self.issues.append(ImportIssue(SHEET.name, None, "", "", "名单中没有农户"))
        # The sum of every amount the list gives, whatever else is wrong with its row; an amount
        # that could not be read is reported on its row, and then no sum is.
        given = [record.get("amount") for record in self.records + self.rejected]
        part = terms.amount - terms.village_part - terms.posts_part
        total = sum((a for a in given if isinstance(a, Decimal)), Decimal("0.00"))
        if given and all(isinstance(a, Decimal) for a in given) and total != part:
            self.issues.append(
                ImportIssue(
                    SHEET.name,
                    None,
                    "分红金额",
                    yuan(total),
                    f"分红金额合计 {yuan(total)} 元，与应分到户的 {yuan(part)} 元"
                    f"（分配金额 {yuan(terms.amount)} 元减村集体留存和公益岗位）不符",
                )
            )
        return chosen

    def _refuse(self, record: dict[str, Any], column: str, reason: str) -> None:
        key = next((col.key for col in SHEET.columns if col.header == column), None)
        value = record.get(key) if key else None
        shown = "" if value in (None, "") else c.as_text(value)
        self.issues.append(ImportIssue(SHEET.name, record["_row"], column, shown, reason))
