"""The finding hook of core: without the ledger's sink a failed acceptance is refused whole, and
the sink writes only inside the caller's transaction."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from fupin.core import findings
from fupin.core.findings import Finding, FindingsError, report_findings
from fupin.ledger.from_findings import write_findings
from fupin.ledger.models import Problem
from fupin.projects import works
from fupin.projects.choices import WorksState
from fupin.projects.models import WorkInspection
from tests.conftest import VILLAGE_A

from .builders import household_work, one_fails, photo

FINDING = Finding(
    region_code=VILLAGE_A,
    category="其他",
    source="自查",
    description="现场发现",
    origin_key="test:1",
)


@pytest.mark.django_db
def test_the_ledger_registers_its_sink_when_django_starts():
    assert findings._sinks == [write_findings]


@pytest.mark.django_db
def test_without_a_sink_a_failed_acceptance_is_refused_and_writes_nothing(
    village_admin, township_a_admin, monkeypatch
):
    work = household_work(village_admin)
    works.record_done(village_admin, work, finished_on=dt.date(2026, 6, 1))
    monkeypatch.setattr(findings, "_sinks", [])
    with pytest.raises(FindingsError, match="问题台账未启用"):
        works.inspect(
            township_a_admin,
            work,
            inspected_on=dt.date(2026, 6, 10),
            results=one_fails(work),
            files=[photo()],
        )
    work.refresh_from_db()
    assert work.state == WorksState.DONE
    assert not WorkInspection.objects.exists() and not Problem.objects.exists()


@pytest.mark.django_db
def test_a_report_outside_a_transaction_is_refused(township_a_admin, monkeypatch):
    # The tests run in a transaction of their own: stand outside it for the first report.
    class Outside:
        in_atomic_block = False

    with monkeypatch.context() as patched:
        patched.setattr(findings.transaction, "get_connection", lambda: Outside())
        with pytest.raises(RuntimeError):
            report_findings(township_a_admin, [FINDING])
    assert not Problem.objects.exists()
    with transaction.atomic():
        assert report_findings(township_a_admin, [FINDING, FINDING]) == 1
        assert report_findings(township_a_admin, [FINDING]) == 0
    assert Problem.objects.get().origin_key == "test:1"


@pytest.mark.django_db
def test_the_ledgers_own_checks_refuse_a_finding_outside_the_actors_region(township_b_admin):
    from fupin.ledger.errors import LedgerError

    with pytest.raises(LedgerError), transaction.atomic():
        report_findings(township_b_admin, [FINDING])
    assert not Problem.objects.exists()
