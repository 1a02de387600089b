"""系统预警 leads: after a rule run is stored, each household with an M alert and no open case
gets one lead (however many rules fired), carrying the alerts' figures.

Rerunning is harmless: a household whose lead is still open gets no second one (the partial unique
index would refuse it anyway). Set-based: one query for the alerts of the households that need a
lead, one bulk insert for the cases (with their history) and one for their first transitions.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from fupin.rules.models import Alert, RuleRun

from .choices import CaseState, Channel
from .models import Case, Transition
from .workflow import OPEN

BATCH = 2_000


def leads_from_run(run: RuleRun) -> int:
    """Open a 系统预警 lead for every household the run alerted that has no open case; returns
    how many were opened."""
    now = timezone.now()
    alerts = (
        Alert.objects.filter(run=run, household__closed_on__isnull=True)
        .exclude(household__in=Case.objects.open().values("household_id"))
        .order_by("household_id", "rule_code")
        .values_list("household_id", "rule_code", "rule_name", "value", "threshold", "standard")
    )
    figures: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for household_id, code, name, value, threshold, standard in alerts.iterator(chunk_size=BATCH):
        figures[household_id].append(
            {
                "rule_code": code,
                "rule_name": name,
                "value": value,
                "threshold": threshold,
                "standard": standard,
            }
        )
    if not figures:
        return 0
    cases = bulk_create_with_history(
        [
            Case(
                household_id=household_id,
                channel=Channel.SYSTEM_ALERT,
                note=_note(found),
                opened_at=now,
                rule_run=run,
                alert_figures=found,
            )
            for household_id, found in figures.items()
        ],
        Case,
        batch_size=BATCH,
        default_change_reason=f"{OPEN.audit_code} 系统预警",
        default_date=now,
    )
    Transition.objects.bulk_create(
        [
            Transition(
                case=case,
                action=OPEN.code,
                from_state="",
                to_state=CaseState.LEAD,
                at=now,
                reason=case.note,
                data={"rule_run": run.pk},
            )
            for case in cases
        ],
        batch_size=BATCH,
    )
    return len(cases)


def _note(found: list[dict[str, Any]]) -> str:
    """规则运行预警：M01 收入低于监测范围（5000.00 / 6000.00）、M08 …"""
    return "规则运行预警：" + "、".join(
        f"{alert['rule_code']} {alert['rule_name']}（{alert['value']} / {alert['threshold']}）"
        for alert in found
    )
