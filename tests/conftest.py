"""Named personas over a small real county (洮北区, 220802) with two townships.

Regions come from the shipped national codes of 吉林省, loaded once per test database. People:

- 系统管理员 ``sysadmin`` (nationwide)
- 县级管理员 ``county_admin`` (洮北区)
- 乡镇A管理员 ``township_a_admin`` (平安镇 220802100), 乡镇B管理员 ``township_b_admin``
  (the county's next township)
- 村级管理员 ``village_admin`` (新和居委会, in 平安镇)
- 督导检查 ``inspector`` (洮北区), 行业部门 ``department`` (洮北区)
"""

from __future__ import annotations

import pytest
from django.test import Client

from fupin.accounts.choices import Role
from fupin.accounts.models import User
from fupin.regions.loading import load_regions
from fupin.regions.models import Region

PASSWORD = "Passw0rd-for-tests"
COUNTY = "220802"
TOWNSHIP_A = "220802100"  # 平安镇
VILLAGE_A = "220802100001"  # 新和居委会


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        load_regions(["22", "15"])  # 吉林 for the personas, 内蒙古 as a second province


@pytest.fixture
def township_b_code(db) -> str:  # type: ignore[no-untyped-def]
    return Region.objects.children_of(COUNTY).exclude(code=TOWNSHIP_A).order_by("code").first().code


def make_user(username: str, role: str, region_code: str | None, **extra) -> User:  # type: ignore[no-untyped-def]
    user = User(username=username, display_name=username, role=role, region_id=region_code, **extra)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def sysadmin(db) -> User:  # type: ignore[no-untyped-def]
    return make_user("sysadmin", Role.SYSTEM_ADMIN, None, is_staff=True, is_superuser=True)


@pytest.fixture
def county_admin(db) -> User:  # type: ignore[no-untyped-def]
    return make_user("county_admin", Role.COUNTY_ADMIN, COUNTY)


@pytest.fixture
def township_a_admin(db) -> User:  # type: ignore[no-untyped-def]
    return make_user("township_a_admin", Role.TOWNSHIP_ADMIN, TOWNSHIP_A)


@pytest.fixture
def township_b_admin(db, township_b_code) -> User:  # type: ignore[no-untyped-def]
    return make_user("township_b_admin", Role.TOWNSHIP_ADMIN, township_b_code)


@pytest.fixture
def village_admin(db) -> User:  # type: ignore[no-untyped-def]
    return make_user("village_admin", Role.VILLAGE_ADMIN, VILLAGE_A)


@pytest.fixture
def inspector(db) -> User:  # type: ignore[no-untyped-def]
    return make_user("inspector", Role.INSPECTOR, COUNTY)


@pytest.fixture
def department(db) -> User:  # type: ignore[no-untyped-def]
    return make_user("department", Role.DEPARTMENT, COUNTY)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client
