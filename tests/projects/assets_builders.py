"""An accepted 光伏 station with its asset, a year's income and dividend households."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from fupin.accounts.models import User
from fupin.projects import assets, funds
from fupin.projects.choices import AssetClass, BenefitWay, ProjectState
from fupin.projects.models import Asset
from fupin.regions.models import Region
from fupin.registry.models import Household
from tests.conftest import VILLAGE_A
from tests.rules.builders import adults, household

from .builders import walk_to


def station(offices: dict[str, User]) -> Asset:
    project = walk_to(ProjectState.ACCEPTED, **offices)
    return assets.register_asset(
        offices["county"],
        project,
        name="新和村 100 千瓦光伏电站",
        asset_class=AssetClass.OPERATING,
        value="400000.00",
        keeper="新和村村民委员会",
        owner_village=Region.objects.get(code=VILLAGE_A),
    )


def homes(
    asset: Asset, sizes: list[int], actor: User, prefix: str = "22080210000100"
) -> list[Household]:
    """Households of the asset's village with ``sizes`` active members, each registered as a
    dividend beneficiary of the asset's project."""
    made = []
    for number, size in enumerate(sizes, start=1):
        home = household(f"{prefix}{number:04d}")
        adults(home, size)
        funds.add_beneficiary(actor, asset.project, way=BenefitWay.DIVIDEND, household=home)
        made.append(home)
    return made


def earning(asset: Asset, actor: User, amount: str = "80000.00", year: int = 2025) -> Any:
    return assets.record_income(actor, asset, year=year, amount=Decimal(amount), note="发电收益")


PAID_ON = dt.date(2026, 6, 15)
