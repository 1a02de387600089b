"""系统预警 leads: after a rule run is stored, each household with an M alert and no open case
gets one lead (however many rules fired), carrying the alerts' figures.

Rerunning is harmless: a household whose lead is still open gets no second one (the partial unique
index would refuse it anyway). Set-based: one query for the alerts of the households that need a
lead, one raw insert for the cases (with their history) and one for their first transitions.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from django.utils import timezone

from fupin.core.bulk import db_datetime, insert_rows, insert_with_history
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
    # Raw inserts (COPY on PostgreSQL), as an import writes: a county's first run opens hundreds
    # of thousands of leads, and model instances would cost a minute there.
    reason = f"{OPEN.audit_code} 系统预警"
    at = db_datetime(now)
    notes = [_note(found) for found in figures.values()]  # on the case and its first transition
    case_ids = insert_with_history(
        Case,
        ["household_id", "channel", "note", "opened_at", "rule_run_id", "alert_figures"],
        [
            (household_id, Channel.SYSTEM_ALERT, note, at, run.pk, _json(found))
            for (household_id, found), note in zip(figures.items(), notes, strict=True)
        ],
        user_id=None,
        reason=reason,
        when=now,
    )
    opened = _json({"rule_run": run.pk})
    insert_rows(
        Transition,
        ["case_id", "action", "from_state", "to_state", "actor_id", "at", "reason", "data"],
        [
            (case_id, OPEN.code, "", CaseState.LEAD, None, at, note, opened)
            for case_id, note in zip(case_ids, notes, strict=True)
        ],
    )
    return len(case_ids)


def _json(value: Any) -> str:
    """A JSON field's value as the database stores it (raw inserts skip the field's encoding)."""
    return json.dumps(value, ensure_ascii=False)


def _note(found: list[dict[str, Any]]) -> str:
    """规则运行预警：M01 收入低于监测范围（5000.00 / 6000.00）、M08 …"""
    return "规则运行预警：" + "、".join(
        f"{alert['rule_code']} {alert['rule_name']}（{alert['value']} / {alert['threshold']}）"
        for alert in found
    )
