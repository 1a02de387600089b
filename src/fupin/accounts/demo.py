"""Demo accounts for a demo county: one per role, so each view of the system can be tried."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from fupin.regions.choices import Level
from fupin.regions.models import Region

from .choices import Role
from .models import User

DEMO_PASSWORD = "fupin2026demo"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    display_name: str
    role: str
    region: Region | None


def demo_accounts(county: Region) -> list[DemoAccount]:
    """admin (nationwide), the county's administrator and inspector, the administrators of its
    first two townships and of the first village of the first township, and a helping cadre of
    the first township (the grid demo gives them their households)."""
    townships = list(Region.objects.children_of(county.code).order_by("code")[:2])
    village = (
        Region.objects.children_of(townships[0].code).order_by("code").first()
        if townships
        else None
    )
    accounts = [
        DemoAccount("admin", "系统管理员", Role.SYSTEM_ADMIN, None),
        DemoAccount("county", f"{county.name}管理员", Role.COUNTY_ADMIN, county),
        DemoAccount("inspector", f"{county.name}督导组", Role.INSPECTOR, county),
    ]
    for index, township in enumerate(townships, start=1):
        accounts.append(
            DemoAccount(f"township{index}", f"{township.name}管理员", Role.TOWNSHIP_ADMIN, township)
        )
    if townships:
        accounts.append(
            DemoAccount("helper1", f"{townships[0].name}帮扶责任人", Role.HELPER, townships[0])
        )
    if village is not None:
        accounts.append(
            DemoAccount("village1", f"{village.name}管理员", Role.VILLAGE_ADMIN, village)
        )
    return accounts


def ensure_demo_accounts(county_code: str) -> list[DemoAccount]:
    """Create the demo accounts that do not exist yet; existing ones are left as they are."""
    county = Region.objects.filter(code=county_code, level=Level.COUNTY).first()
    if county is None:
        raise ValueError(f"没有县级区划 {county_code}（先运行 fupin init 载入区划代码）")
    accounts = demo_accounts(county)
    with transaction.atomic():
        for account in accounts:
            if User.objects.filter(username=account.username).exists():
                continue
            user = User(
                username=account.username,
                display_name=account.display_name,
                role=account.role,
                region=account.region,
                is_staff=account.role == Role.SYSTEM_ADMIN,
                is_superuser=account.role == Role.SYSTEM_ADMIN,
            )
            user.set_password(DEMO_PASSWORD)
            user.save()
    return accounts


@dataclass(frozen=True)
class DemoOffices:
    """The demo county's offices as the demos of the ledger and of projects act through them:
    the county's administrator, the system administrator, and each township's administrator
    where the demo has one (township code → account)."""

    county: User
    system: User
    townships: dict[str, User]

    @classmethod
    def of(cls, county_code: str) -> DemoOffices:
        """The demo accounts of ``county_code`` (``ensure_demo_accounts`` must have run)."""
        townships = Region.objects.children_of(county_code)
        return cls(
            county=User.objects.get(username="county"),
            system=User.objects.get(username="admin"),
            townships={
                user.region_id: user
                for user in User.objects.filter(role=Role.TOWNSHIP_ADMIN, region__in=townships)
            },
        )

    def doer(self, region_code: str) -> User:
        """Who does the work in a region (rectifies, builds): its township office, else the
        county."""
        return self.townships.get(region_code[:9], self.county)

    def checker(self, region_code: str) -> User:
        """Who checks that work (verifies, accepts): never the ``doer`` (four eyes)."""
        return self.county if region_code[:9] in self.townships else self.system
