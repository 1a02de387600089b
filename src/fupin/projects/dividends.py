"""收益分红: a plan that shares an asset's income of one year out, its approval by a second
office (four eyes) and its payment to the households.

A plan distributes at most what the asset's income of that year has left after the other plans
of that year. It keeps two fixed parts — 村集体留存 and 公益岗位 — and shares the rest among the
households by its rule:

- 平均分配: equal shares;
- 按人口: in proportion to each household's persons (its active members, 成员状态 正常, when the
  plan is drawn);
- 按名单: the amounts the list gives each household, which must add up to the households' part.

The remainder rule (平均分配 and 按人口): every share is computed in whole fen and rounded down,
``floor(part × weight / total weight)``; the fen left over (fewer than the number of households)
go one each to the households in 户编号 order, from the smallest. So the payments always add up to
the plan's amount exactly, and none is negative.

On payment every household's amount becomes a grant of the policy 收益分红 (CYFH, rules.md §6)
for the plan's year, added to the household's grant of that year when it has one, and — where
the province's standard counts dividends as property income (``dividend_property``, default
counted) — is added to the household's 财产性收入 of that year when the income survey has
recorded that year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from fupin.accounts.models import User
from fupin.core.history import record_change
from fupin.core.money import yuan
from fupin.core.scope import is_visible
from fupin.registry.choices import MemberStatus
from fupin.registry.models import Household
from fupin.registry.services import RegistryError, add_household_grant, add_property_income
from fupin.standards.resolve import in_force

from . import values
from .assets import check_office
from .choices import BenefitWay, DividendRule, PlanState
from .errors import ProjectError, Refusal, invalid, not_found
from .models import Asset, DividendPayment, DividendPlan

DIVIDEND_POLICY = "CYFH"
PROPERTY_SETTING = "dividend_property"
ZERO = Decimal("0.00")


def split(total_fen: int, weights: Sequence[tuple[str, int]]) -> dict[str, int]:
    """``total_fen`` shared by ``weights`` (户编号, positive weight): each share rounded down to
    the fen, the leftover fen one each to the households in 户编号 order."""
    if total_fen < 0:
        raise ValueError("negative total")
    if not weights or any(weight <= 0 for _, weight in weights):
        raise ValueError("every household needs a positive weight")
    whole = sum(weight for _, weight in weights)
    shares = {code: total_fen * weight // whole for code, weight in weights}
    left = total_fen - sum(shares.values())
    for code in sorted(shares)[:left]:
        shares[code] += 1
    return shares


def fen(amount: Decimal) -> int:
    return int(amount * 100)


def from_fen(amount: int) -> Decimal:
    return (Decimal(amount) / 100).quantize(values.FEN)


def persons_of(households: Sequence[Household]) -> dict[str, int]:
    """户编号 → active members (成员状态 正常)."""
    counted = Household.objects.filter(pk__in=[h.pk for h in households]).annotate(
        persons=Count("members", filter=Q(members__member_status=MemberStatus.NORMAL))
    )
    return {household.code: household.persons for household in counted}


@dataclass(frozen=True)
class Share:
    household: Household
    persons: int
    amount: Decimal


def planned(asset: Asset, year: int, *, besides: DividendPlan | None = None) -> Decimal:
    plans = asset.plans.filter(year=year)
    if besides is not None:
        plans = plans.exclude(pk=besides.pk)
    return values.to_fen(plans.aggregate(total=Sum("amount"))["total"] or 0)


def beneficiary_households(asset: Asset) -> list[Household]:
    """The households the project lists as benefiting by dividends (受益方式 收益分红)."""
    return list(
        Household.objects.filter(
            project_benefits__project=asset.project_id,
            project_benefits__way=BenefitWay.DIVIDEND,
        ).order_by("code")
    )


def _part(value: Decimal | str | int, label: str) -> Decimal:
    if value in (0, "0", "", None) or (isinstance(value, Decimal) and value == 0):
        return ZERO
    return values.amount(value, label)


def _households(actor: User, asset: Asset, households: Sequence[Household]) -> list[Household]:
    county = asset.project.region_id[:6]
    seen: set[str] = set()
    for household in households:
        if not is_visible(actor, household):
            raise not_found(f"农户 {household.code}")
        if not household.village_id.startswith(county):
            raise invalid(f"农户 {household.code} 不在项目所在县")
        if household.closed_on is not None:
            raise invalid(f"农户 {household.code} 已注销")
        if household.code in seen:
            raise invalid(f"农户 {household.code} 重复")
        seen.add(household.code)
    return sorted(households, key=lambda household: household.code)


def shares_for(
    rule: str,
    part: Decimal,
    households: Sequence[Household],
    amounts: Mapping[str, Decimal] | None,
) -> list[Share]:
    """The households' payments of a plan by ``rule`` (see the module's remainder rule)."""
    if not households:
        raise invalid("请选择分红的农户（项目未登记以收益分红受益的农户）")
    persons = persons_of(households)
    if rule == DividendRule.BY_LIST:
        given = amounts or {}
        missing = [h.code for h in households if h.code not in given]
        if missing:
            raise invalid(f"名单缺少农户 {'、'.join(missing)} 的分红金额")
        paid = {h.code: given[h.code] for h in households}
        if any(amount < 0 or amount != amount.quantize(values.FEN) for amount in paid.values()):
            raise invalid("分红金额应为不小于 0 的金额，最多到分")
        total = sum(paid.values(), ZERO)
        if total != part:
            raise invalid(f"名单的分红金额合计 {yuan(total)} 元，与应分到户的 {yuan(part)} 元不符")
    else:
        if rule == DividendRule.BY_PERSON:
            empty = [h.code for h in households if persons[h.code] == 0]
            if empty:
                raise invalid(f"农户 {'、'.join(empty)} 没有正常成员，不能按人口分配")
            weights = [(h.code, persons[h.code]) for h in households]
        else:
            weights = [(h.code, 1) for h in households]
        paid = {code: from_fen(share) for code, share in split(fen(part), weights).items()}
    return [Share(h, persons[h.code], paid[h.code]) for h in households]


def draw_plan(
    actor: User,
    asset: Asset,
    *,
    year: int,
    amount: Decimal | str,
    rule: str,
    village_part: Decimal | str = ZERO,
    posts_part: Decimal | str = ZERO,
    households: Sequence[Household] | None = None,
    amounts: Mapping[str, Decimal] | None = None,
    note: str = "",
) -> DividendPlan:
    """收益分配方案: share ``amount`` of the asset's income of ``year``. Without ``households``
    the plan pays the project's dividend beneficiaries; a 按名单 plan takes ``amounts`` (户编号 →
    yuan)."""
    check_office(actor)
    if not is_visible(actor, asset):
        raise not_found("资产")
    total = values.amount(amount, "分配金额")
    village = _part(village_part, "村集体留存")
    posts = _part(posts_part, "公益岗位")
    rule = values.choice(rule, DividendRule.values, "分配方式")
    year = values.year(year)
    part = total - village - posts
    if part < 0:
        raise invalid("村集体留存与公益岗位之和超过分配金额")
    chosen = _households(
        actor, asset, beneficiary_households(asset) if households is None else households
    )
    with transaction.atomic():
        Asset.objects.select_for_update().filter(pk=asset.pk).first()
        income = asset.incomes.filter(year=year).first()
        if income is None:
            raise invalid(f"资产“{asset.name}”没有{year}年的收益")
        left = income.amount - planned(asset, year)
        if total > left:
            raise invalid(f"{year}年收益可分配余额为 {yuan(left)} 元，不足以分配 {yuan(total)} 元")
        shares = shares_for(rule, part, chosen, amounts)
        plan = DividendPlan(
            asset=asset,
            year=year,
            amount=total,
            village_part=village,
            posts_part=posts,
            rule=rule,
            note=values.text(note, "说明", 200, required=False),
            drawn_by=actor,
            drawn_at=timezone.now(),
        )
        record_change(plan, actor, "projects.dividend.draw 制定分配方案")
        plan.save()
        DividendPayment.objects.bulk_create(
            DividendPayment(
                plan=plan, household=share.household, persons=share.persons, amount=share.amount
            )
            for share in shares
        )
    return plan


def _locked(actor: User, plan: DividendPlan, state: str, doing: str) -> DividendPlan:
    check_office(actor)
    locked = DividendPlan.objects.select_for_update().filter(pk=plan.pk).first()
    if locked is None or not is_visible(actor, locked):
        raise not_found("分配方案")
    if locked.state != state:
        raise ProjectError(f"该分配方案当前为“{locked.state}”，不能{doing}")
    return locked


def approve_plan(actor: User, plan: DividendPlan) -> DividendPlan:
    """审批: by another officer than the one who drew the plan."""
    with transaction.atomic():
        locked = _locked(actor, plan, PlanState.DRAFT, "审批")
        if locked.drawn_by_id == actor.pk:
            raise ProjectError("分配方案须由制定人以外的人员审批", refusal=Refusal.ROLE)
        locked.state = PlanState.APPROVED
        locked.approved_by = actor
        locked.approved_at = timezone.now()
        record_change(locked, actor, "projects.dividend.approve 审批分配方案")
        locked.save()
    return locked


def counts_as_property(household: Household, year: int) -> bool:
    setting = in_force(PROPERTY_SETTING, year, household.village_id[:2])
    return bool(setting.value)


def pay_plan(actor: User, plan: DividendPlan, *, paid_on: dt.date) -> DividendPlan:
    """发放: every household's payment paid on ``paid_on``, recorded in the registry as a grant of
    收益分红 (and as property income where the province counts it so)."""
    paid_on = values.date(paid_on, "发放日期")
    if paid_on > timezone.localdate():
        raise invalid("发放日期不能晚于今天")
    with transaction.atomic():
        locked = _locked(actor, plan, PlanState.APPROVED, "发放")
        approved_at = locked.approved_at
        if approved_at is not None and paid_on < timezone.localdate(approved_at):
            raise invalid("发放日期不能早于审批日期")
        reason = f"projects.dividend.pay 收益分红 方案{locked.pk}"
        payments = locked.payments.select_related("household").order_by("household_id")
        try:
            for payment in payments:
                payment.paid_on = paid_on
                payment.save(update_fields=["paid_on"])
                if payment.amount == 0:
                    continue
                household = payment.household
                add_household_grant(
                    actor,
                    household,
                    policy_code=DIVIDEND_POLICY,
                    year=locked.year,
                    amount=payment.amount,
                    reason=reason,
                )
                if counts_as_property(household, locked.year):
                    add_property_income(
                        actor, household, year=locked.year, amount=payment.amount, reason=reason
                    )
        except RegistryError as error:
            raise ProjectError(error.message, refusal=error.refusal) from None
        locked.state = PlanState.PAID
        locked.paid_by = actor
        locked.paid_on = paid_on
        record_change(locked, actor, "projects.dividend.pay 发放收益分红")
        locked.save()
    return locked
