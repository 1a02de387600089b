"""Funds received, allocated to projects and spent, with balances that always add up.

A fund allocates at most what it received (allocated ≤ received) and an allocation pays out at
most what it was given (spent ≤ allocated). Each check runs under a lock of the row whose balance
it reads (the fund, the allocation: PostgreSQL's ``SELECT … FOR UPDATE``; SQLite serialises
writers), so two officers allocating the last yuan at once cannot both succeed; a refused
allocation or expense writes nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import DecimalField, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from fupin.accounts.choices import Role
from fupin.accounts.models import User
from fupin.core.history import record_change
from fupin.core.money import yuan
from fupin.core.scope import is_visible, require_in_scope
from fupin.regions.choices import Level, level_of
from fupin.regions.models import Region
from fupin.registry.models import Household

from . import values
from .choices import BenefitWay, FundSource
from .errors import ProjectError, Refusal, invalid, not_found
from .models import Allocation, Beneficiary, Expense, Fund, FundQuerySet, Project
from .workflow import FUNDABLE, SPENDABLE

# The offices that keep the funds: a county's (or township's) finance of poverty money.
FUND_OFFICES = frozenset({Role.SYSTEM_ADMIN, Role.COUNTY_ADMIN, Role.TOWNSHIP_ADMIN})
FUND_LEVELS = frozenset({Level.COUNTY, Level.TOWNSHIP})
ZERO = Value(Decimal("0.00"), output_field=DecimalField(max_digits=14, decimal_places=2))


def may_keep_funds(actor: User) -> bool:
    return actor.is_authenticated and actor.role in FUND_OFFICES


def may_register_beneficiaries(actor: User) -> bool:
    return actor.is_authenticated and actor.can_edit and actor.role != Role.HELPER


def _check_office(actor: User) -> None:
    if not may_keep_funds(actor):
        raise ProjectError("只有县、乡镇的管理员可以登记资金", refusal=Refusal.ROLE)


def receive(
    actor: User,
    *,
    region: Region,
    source: str,
    year: int,
    document_number: str,
    name: str,
    amount: Decimal | str,
    received_on: dt.date,
    note: str = "",
) -> Fund:
    """资金到位: a fund from ``source`` arrives at a county or township under a document."""
    _check_office(actor)
    require_in_scope(actor, region.code, error=ProjectError)
    if level_of(region.code) not in FUND_LEVELS:
        raise invalid("资金应登记到县或乡镇")
    fund = Fund(
        region=region,
        source=values.choice(source, FundSource.values, "资金来源"),
        year=values.year(year),
        document_number=values.text(document_number, "文件文号", 100),
        name=values.text(name, "资金名称", 100),
        amount=values.amount(amount, "到位金额"),
        received_on=values.date(received_on, "到位日期"),
        note=values.text(note, "说明", 2000, required=False),
        created_by=actor,
        created_at=timezone.now(),
    )
    record_change(fund, actor, "projects.fund.receive 资金到位")
    fund.save()
    return fund


def allocate(
    actor: User,
    *,
    fund: Fund,
    project: Project,
    amount: Decimal | str,
    allocated_on: dt.date,
    document_number: str = "",
) -> Allocation:
    """资金安排: part of ``fund`` to ``project``, at most what the fund has left."""
    _check_office(actor)
    money = values.amount(amount, "安排金额")
    with transaction.atomic():
        locked = Fund.objects.select_for_update().get(pk=fund.pk)
        if not is_visible(actor, locked) or not is_visible(actor, project):
            raise not_found("资金或项目")
        if not project.region_id.startswith(locked.region_id):
            raise invalid(f"项目“{project.name}”不在资金“{locked.name}”的管理区域内")
        if project.state not in FUNDABLE:
            raise ProjectError(f"项目“{project.name}”当前为“{project.state}”，入库后才能安排资金")
        left = locked.amount - allocated(locked)
        if money > left:
            raise invalid(
                f"资金“{locked.name}”可安排余额为 {yuan(left)} 元，不足以安排 {yuan(money)} 元"
            )
        row = Allocation(
            fund=locked,
            project=project,
            amount=money,
            allocated_on=values.date(allocated_on, "下达日期"),
            document_number=values.text(document_number, "下达文号", 100, required=False),
            created_by=actor,
            created_at=timezone.now(),
        )
        record_change(row, actor, "projects.allocation.allocate 资金安排")
        row.save()
    return row


def spend(
    actor: User,
    *,
    allocation: Allocation,
    amount: Decimal | str,
    paid_on: dt.date,
    payee: str,
    purpose: str,
    voucher_number: str = "",
) -> Expense:
    """支出: a payment from a fund line, at most what it has left, for a project being built or
    accepted."""
    _check_office(actor)
    money = values.amount(amount, "支出金额")
    with transaction.atomic():
        locked = (
            Allocation.objects.select_for_update().select_related("project").get(pk=allocation.pk)
        )
        if not is_visible(actor, locked):
            raise not_found("资金安排")
        project = locked.project
        if project.state not in SPENDABLE:
            raise ProjectError(f"项目“{project.name}”当前为“{project.state}”，实施后才能支出")
        left = locked.amount - spent(locked)
        if money > left:
            raise invalid(f"该笔资金安排的余额为 {yuan(left)} 元，不足以支出 {yuan(money)} 元")
        row = Expense(
            allocation=locked,
            amount=money,
            paid_on=values.date(paid_on, "支付日期"),
            payee=values.text(payee, "收款单位或个人", 100),
            purpose=values.text(purpose, "用途", 200),
            voucher_number=values.text(voucher_number, "凭证号", 50, required=False),
            created_by=actor,
            created_at=timezone.now(),
        )
        if row.paid_on > timezone.localdate():
            raise invalid("支付日期不能晚于今天")
        record_change(row, actor, "projects.expense.spend 支出")
        row.save()
    return row


def allocated(fund: Fund) -> Decimal:
    total = fund.allocations.aggregate(total=Sum("amount"))["total"]
    return total or Decimal("0.00")


def spent(allocation: Allocation) -> Decimal:
    total = allocation.expenses.aggregate(total=Sum("amount"))["total"]
    return total or Decimal("0.00")


def with_balances(funds: FundQuerySet) -> FundQuerySet:
    """Each fund with ``allocated_total`` and ``spent_total`` (one query for a whole list)."""
    allocated_total = (
        Allocation.objects.filter(fund=OuterRef("pk"))
        .order_by()
        .values("fund")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    spent_total = (
        Expense.objects.filter(allocation__fund=OuterRef("pk"))
        .order_by()
        .values("allocation__fund")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return funds.annotate(
        allocated_total=Coalesce(Subquery(allocated_total), ZERO),
        spent_total=Coalesce(Subquery(spent_total), ZERO),
        left=F("amount") - F("allocated_total"),
    )


def add_beneficiary(
    actor: User,
    project: Project,
    *,
    way: str,
    household: Household | None = None,
    village: Region | None = None,
    note: str = "",
) -> Beneficiary:
    """受益对象: a household (of the project's county) or a village, and how it benefits."""
    if not may_register_beneficiaries(actor):
        raise ProjectError("只有管理员可以登记受益对象", refusal=Refusal.ROLE)
    if not is_visible(actor, project):
        raise not_found()
    if (household is None) == (village is None):
        raise invalid("请选择一个受益农户或一个受益村")
    if household is not None and not is_visible(actor, household):
        raise not_found("农户")
    if household is not None and not household.village_id.startswith(project.region_id[:6]):
        raise invalid(f"农户 {household.code} 不在项目所在县")
    if village is not None and level_of(village.code) != Level.VILLAGE:
        raise invalid("受益村应为村级区划")
    if village is not None and not village.code.startswith(project.region_id[:6]):
        raise invalid(f"{village.name}不在项目所在县")
    taken = project.beneficiaries.filter(household=household, village=village).exists()
    if taken:
        raise invalid("该受益对象已登记")
    return Beneficiary.objects.create(
        project=project,
        household=household,
        village=village,
        way=values.choice(way, BenefitWay.values, "受益方式"),
        note=values.text(note, "说明", 200, required=False),
    )
