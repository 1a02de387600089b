"""The demo county's household works and audit: works in every state, failed acceptances that
opened one problem each, an audit with lines of every result, and the ledger's demo still
building on top of them."""

from __future__ import annotations

import pytest

from fupin.accounts.demo import ensure_demo_accounts
from fupin.ledger.demo import build_demo_ledger
from fupin.ledger.models import Problem
from fupin.projects.choices import AuditResult, WorksState
from fupin.projects.demo import build_demo_projects
from fupin.projects.demo_works import build_demo_works
from fupin.projects.models import AuditLine, HouseholdWork, WorkInspection
from fupin.registry.demo import load_demo
from tests.conftest import COUNTY

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    ensure_demo_accounts(COUNTY)
    assert load_demo(COUNTY, scale=0.1, seed=3).outcome.written
    build_demo_projects(COUNTY, seed=3)
    return build_demo_works(COUNTY, seed=3)


def test_the_demo_has_works_in_every_state_and_an_audit_of_every_result(demo):
    states = set(HouseholdWork.objects.values_list("state", flat=True))
    assert states == set(WorksState.values)
    assert HouseholdWork.objects.count() >= 30
    failed = WorkInspection.objects.filter(passed=False).values_list("work_id", flat=True)
    keys = {f"works:{pk}" for pk in failed}
    assert len(keys) >= 4
    assert (
        set(
            Problem.objects.filter(origin_key__startswith="works:").values_list(
                "origin_key", flat=True
            )
        )
        == keys
    )
    # One failed works was repaired and accepted; its problem stays for the ledger's steps.
    assert HouseholdWork.objects.filter(pk__in=failed, state=WorksState.ACCEPTED).count() == 1
    results = set(AuditLine.objects.values_list("result", flat=True))
    assert results == set(AuditResult.values)
    questioned = AuditLine.objects.filter(result__in=["存疑", "违规"]).count()
    assert Problem.objects.filter(origin_key__startswith="audit:").count() == questioned > 0


def test_the_ledger_demo_still_builds_on_top(demo):
    before = Problem.objects.count()
    report = build_demo_ledger(COUNTY, seed=3)
    assert Problem.objects.count() > before
    assert report.campaigns
