"""Creating and changing accounts: who may hand out which role, where."""

from __future__ import annotations

import pytest

from fupin.accounts.choices import Role
from fupin.accounts.models import User
from fupin.accounts.services import (
    AccountDetails,
    AccountsError,
    create_user,
    set_active,
    set_password,
    update_user,
)
from fupin.core.history import history_entries
from tests.conftest import COUNTY, TOWNSHIP_A, VILLAGE_A

GOOD_PASSWORD = "Xiangzhen2026"


def details(role: str, region: str | None, name: str = "王某") -> AccountDetails:
    return AccountDetails(display_name=name, role=role, region_code=region)


def test_county_admin_creates_a_township_admin_in_the_county(county_admin):
    user = create_user(
        county_admin,
        username="pingan",
        password=GOOD_PASSWORD,
        details=details(Role.TOWNSHIP_ADMIN, TOWNSHIP_A),
    )
    assert user.region_id == TOWNSHIP_A
    assert user.check_password(GOOD_PASSWORD)


def test_county_admin_cannot_create_a_system_admin(county_admin):
    with pytest.raises(AccountsError, match="无权设置“系统管理员”"):
        create_user(
            county_admin,
            username="x",
            password=GOOD_PASSWORD,
            details=details(Role.SYSTEM_ADMIN, COUNTY),
        )


def test_county_admin_cannot_place_an_account_outside_the_county(county_admin):
    with pytest.raises(AccountsError, match="不在您的管辖范围内"):
        create_user(
            county_admin,
            username="x",
            password=GOOD_PASSWORD,
            details=details(Role.TOWNSHIP_ADMIN, "150102001"),
        )


def test_an_ancestor_of_the_scope_is_not_a_place_for_an_account(township_a_admin):
    with pytest.raises(AccountsError, match="不在您的管辖范围内"):
        create_user(
            township_a_admin,
            username="x",
            password=GOOD_PASSWORD,
            details=details(Role.HELPER, COUNTY),
        )


def test_role_must_sit_at_its_level(county_admin):
    with pytest.raises(AccountsError, match="乡镇管理员”的管辖区域应为乡级区划"):
        create_user(
            county_admin,
            username="x",
            password=GOOD_PASSWORD,
            details=details(Role.TOWNSHIP_ADMIN, VILLAGE_A),
        )


def test_only_a_system_admin_may_be_nationwide(sysadmin):
    with pytest.raises(AccountsError, match="必须指定管辖区域"):
        create_user(
            sysadmin, username="x", password=GOOD_PASSWORD, details=details(Role.COUNTY_ADMIN, None)
        )
    user = create_user(
        sysadmin, username="y", password=GOOD_PASSWORD, details=details(Role.SYSTEM_ADMIN, None)
    )
    assert user.scope_code is None


def test_usernames_are_unique_ignoring_case(county_admin):
    with pytest.raises(AccountsError, match="已被使用"):
        create_user(
            county_admin,
            username="COUNTY_ADMIN",
            password=GOOD_PASSWORD,
            details=details(Role.TOWNSHIP_ADMIN, TOWNSHIP_A),
        )


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("Ab1", "太短"),
        ("abcdefghijkl", "字母和数字"),
        ("1234567890123", "数字"),
        ("password123", "常见"),
    ],
)
def test_weak_passwords_are_refused(county_admin, password, reason):
    with pytest.raises(AccountsError, match=reason):
        create_user(
            county_admin, username="x", password=password, details=details(Role.HELPER, TOWNSHIP_A)
        )
    assert not User.objects.filter(username="x").exists()


def test_township_admin_cannot_manage_the_county_admin(township_a_admin, county_admin):
    with pytest.raises(AccountsError, match="无权管理"):
        set_password(township_a_admin, county_admin, password=GOOD_PASSWORD)


def test_township_admin_cannot_manage_an_account_of_the_other_township(
    township_a_admin, township_b_code
):
    other = User.objects.create(username="b_helper", role=Role.HELPER, region_id=township_b_code)
    with pytest.raises(AccountsError, match="无权管理该账号"):
        set_active(township_a_admin, other, active=False)


def test_an_admin_cannot_disable_their_own_account(sysadmin):
    with pytest.raises(AccountsError, match="不能停用自己"):
        set_active(sysadmin, sysadmin, active=False)


def test_changes_to_an_account_are_kept_in_its_history(county_admin):
    user = create_user(
        county_admin,
        username="pingan",
        password=GOOD_PASSWORD,
        details=details(Role.TOWNSHIP_ADMIN, TOWNSHIP_A),
    )
    update_user(county_admin, user, details=details(Role.TOWNSHIP_ADMIN, TOWNSHIP_A, name="李某"))
    newest, created = history_entries(user)
    assert created.action == "创建" and created.who == "county_admin"
    assert newest.action == "修改" and newest.who == "county_admin"
    assert [(c.label, c.old, c.new) for c in newest.changes] == [("姓名", "王某", "李某")]


def test_password_hashes_are_not_kept_in_history(county_admin):
    user = create_user(
        county_admin,
        username="pingan",
        password=GOOD_PASSWORD,
        details=details(Role.TOWNSHIP_ADMIN, TOWNSHIP_A),
    )
    set_password(county_admin, user, password="Another2026pw")
    assert not hasattr(user.history.first(), "password")


def test_disabling_an_account_revokes_its_tokens(county_admin, department):
    from fupin.accounts.services import issue_token

    token, _ = issue_token(county_admin, department, name="民政数据交换")
    set_active(county_admin, department, active=False)
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_a_new_token_is_shown_once_after_a_redirect(county_admin, department):
    from django.urls import reverse

    from tests.conftest import client_for

    client = client_for(county_admin)
    response = client.post(reverse("accounts:token_create", args=[department.pk]), {"name": "民政"})
    assert response.url == reverse("accounts:token_created", args=[department.pk])
    first = client.get(response.url)
    assert first.status_code == 200 and "fp_" in first.content.decode()
    again = client.get(response.url)
    assert again.status_code == 302 and department.tokens.count() == 1


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x","点我")', "-王某", "@王某"])
def test_an_account_name_that_begins_like_a_formula_is_refused(county_admin, name):
    with pytest.raises(AccountsError, match="姓名不能以 = \\+ - @ 开头"):
        create_user(
            county_admin,
            username="pingan",
            password=GOOD_PASSWORD,
            details=details(Role.TOWNSHIP_ADMIN, TOWNSHIP_A, name=name),
        )
    assert not User.objects.filter(username="pingan").exists()
    clerk = create_user(
        county_admin,
        username="pingan",
        password=GOOD_PASSWORD,
        details=details(Role.TOWNSHIP_ADMIN, TOWNSHIP_A),
    )
    with pytest.raises(AccountsError, match="姓名不能以"):
        update_user(county_admin, clerk, details=details(Role.TOWNSHIP_ADMIN, TOWNSHIP_A, name))
    clerk.refresh_from_db()
    assert clerk.display_name == "王某"
