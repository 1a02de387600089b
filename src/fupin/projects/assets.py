"""扶贫项目资产: the assets a finished project leaves (registered once it is 已验收 or 已评价) and
the yearly income of the operating ones (经营性), one record per asset and year.

The offices that keep the funds (county and township administrators, ``funds.FUND_OFFICES``)
register both, within their region; a refusal writes nothing.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from fupin.accounts.models import User
from fupin.core.history import record_change
from fupin.core.scope import is_visible
from fupin.regions.choices import Level, level_of
from fupin.regions.models import Region
from fupin.registry.models import Household

from . import values
from .choices import AssetClass, AssetOwner, ProjectState
from .errors import ProjectError, Refusal, invalid, not_found
from .funds import may_keep_funds
from .models import Asset, AssetIncome, Project

# A project leaves assets once its works are accepted.
FINISHED = frozenset({ProjectState.ACCEPTED, ProjectState.EVALUATED})


def check_office(actor: User) -> None:
    if not may_keep_funds(actor):
        raise ProjectError("只有县、乡镇的管理员可以登记资产和收益", refusal=Refusal.ROLE)


def register_asset(
    actor: User,
    project: Project,
    *,
    name: str,
    asset_class: str,
    value: Decimal | str,
    keeper: str,
    owner_village: Region | None = None,
    owner_household: Household | None = None,
    owner_unit: str = "",
    description: str = "",
) -> Asset:
    """资产登记: an asset of a finished project, owned by one of a village's collective, a
    household (of the project's county) or a unit named in words."""
    check_office(actor)
    if not is_visible(actor, project):
        raise not_found()
    if project.state not in FINISHED:
        raise ProjectError(f"项目“{project.name}”当前为“{project.state}”，验收后才能登记资产")
    county = project.region_id[:6]
    unit = values.text(owner_unit, "所有单位", 100, required=False)
    given = [owner_village is not None, owner_household is not None, bool(unit)]
    if sum(given) != 1:
        raise invalid("请选择一个产权归属：村集体、农户或单位")
    if owner_village is not None:
        if level_of(owner_village.code) != Level.VILLAGE:
            raise invalid("所有村应为村级区划")
        if not owner_village.code.startswith(county):
            raise invalid(f"{owner_village.name}不在项目所在县")
        owner_kind = AssetOwner.VILLAGE
    elif owner_household is not None:
        if not is_visible(actor, owner_household):
            raise not_found("农户")
        if not owner_household.village_id.startswith(county):
            raise invalid(f"农户 {owner_household.code} 不在项目所在县")
        owner_kind = AssetOwner.HOUSEHOLD
    else:
        owner_kind = AssetOwner.UNIT
    asset = Asset(
        project=project,
        name=values.text(name, "资产名称", 100),
        asset_class=values.choice(asset_class, AssetClass.values, "资产类别"),
        owner_kind=owner_kind,
        owner_village=owner_village,
        owner_household=owner_household,
        owner_unit=unit,
        value=values.amount(value, "资产价值"),
        keeper=values.text(keeper, "管护主体", 100),
        description=values.text(description, "资产说明", 2000, required=False),
        created_by=actor,
        created_at=timezone.now(),
    )
    record_change(asset, actor, "projects.asset.register 资产登记")
    asset.save()
    return asset


def record_income(
    actor: User, asset: Asset, *, year: int, amount: Decimal | str, note: str = ""
) -> AssetIncome:
    """资产收益: what an operating asset earned in ``year`` (not later than this year), once."""
    check_office(actor)
    if not is_visible(actor, asset):
        raise not_found("资产")
    if asset.asset_class != AssetClass.OPERATING:
        raise invalid(f"资产“{asset.name}”为{asset.asset_class}资产，只有经营性资产登记收益")
    income = AssetIncome(
        asset=asset,
        year=values.year(year),
        amount=values.amount(amount, "收益金额"),
        note=values.text(note, "说明", 200, required=False),
        created_by=actor,
        created_at=timezone.now(),
    )
    if income.year > timezone.localdate().year:
        raise invalid("收益年度不能晚于今年")
    with transaction.atomic():
        Asset.objects.select_for_update().filter(pk=asset.pk).first()
        if asset.incomes.filter(year=income.year).exists():
            raise invalid(f"资产“{asset.name}”{income.year}年的收益已登记")
        record_change(income, actor, "projects.asset.income 资产收益")
        income.save()
    return income
