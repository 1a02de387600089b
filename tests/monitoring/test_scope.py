"""Cases, their transitions, attachments and help measures are seen only within the user's region,
through one entry point per model."""

from __future__ import annotations

import pytest

from fupin.monitoring.choices import CaseState
from fupin.monitoring.models import Attachment, Case, CaseRisk, HelpMeasure, Transition

from . import walk

pytestmark = pytest.mark.django_db

MODELS = [Case, Transition, Attachment, HelpMeasure, CaseRisk]


@pytest.fixture
def helped(clock, staff):  # type: ignore[no-untyped-def]
    return walk.walk_to(
        (CaseState.HELPING, False), home=walk.stable_household(), staff=staff, clock=clock
    )


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_the_own_region_sees_the_case_and_everything_of_it(helped, staff, inspector, model):
    for user in (staff.village, staff.township, staff.county, inspector):
        assert model.objects.visible_to(user).exists(), user


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_another_township_sees_nothing_of_it(helped, township_b_admin, model):
    assert not model.objects.visible_to(township_b_admin).exists()


def test_anonymous_sees_nothing(helped):
    from django.contrib.auth.models import AnonymousUser

    assert not Case.objects.visible_to(AnonymousUser()).exists()
