"""Which regions a user sees: their subtree and its ancestors, nothing beside."""

from __future__ import annotations

from fupin.regions.models import Region
from tests.conftest import COUNTY, TOWNSHIP_A


def test_township_admin_sees_own_township_and_its_villages(township_a_admin):
    visible = Region.objects.visible_to(township_a_admin)
    assert visible.filter(code="220802100001").exists()
    assert visible.within(TOWNSHIP_A).count() == Region.objects.within(TOWNSHIP_A).count()


def test_township_admin_sees_ancestors_for_breadcrumbs(township_a_admin):
    visible = set(Region.objects.visible_to(township_a_admin).values_list("code", flat=True))
    assert {"22", "2208", COUNTY} <= visible


def test_township_admin_does_not_see_the_other_township(township_a_admin, township_b_code):
    visible = Region.objects.visible_to(township_a_admin)
    assert not visible.filter(code=township_b_code).exists()
    assert not visible.within(township_b_code).exists()


def test_township_admin_does_not_see_another_province(township_a_admin):
    assert not Region.objects.visible_to(township_a_admin).filter(code__startswith="15").exists()


def test_inactive_and_anonymous_users_see_nothing(township_a_admin):
    from django.contrib.auth.models import AnonymousUser

    assert not Region.objects.visible_to(AnonymousUser()).exists()
    township_a_admin.is_active = False
    assert not Region.objects.visible_to(township_a_admin).exists()


def test_nationwide_admin_sees_every_province(sysadmin):
    assert Region.objects.visible_to(sysadmin).filter(code__in=["15", "22"]).count() == 2
