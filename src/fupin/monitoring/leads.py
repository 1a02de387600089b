"""系统预警 leads: after a rule run is stored, each household with an M alert and no open case
gets one lead (however many rules fired), carrying the alerts' figures.

Rerunning is harmless: a household whose lead is still open gets no second one (the partial unique
index would refuse it anyway). Set-based: the database writes the leads from the run's stored
alerts in one INSERT … SELECT (the note and the figures put together per household, in rule code
order), then copies their history records and first transitions from the new cases.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from fupin.accounts.models import User
from fupin.alerts.models import Alert, RuleRun
from fupin.alerts.rules import Alert as FoundAlert
from fupin.alerts.runs import store_run
from fupin.core.bulk import db_datetime, insert_history, insert_select, typed_placeholder
from fupin.registry.models import Household
from fupin.rules.facts import Facts, RunInputs

from .choices import CaseState, Channel
from .models import Case, Transition
from .workflow import OPEN

NOTE_PREFIX = "规则运行预警："
FIGURES = ("rule_code", "rule_name", "value", "threshold", "standard")

# Text and JSON aggregates by database: the same window over each household's alerts.
AGGREGATES = {
    "sqlite": ("group_concat", "json_group_array", "json_object"),
    "postgresql": ("string_agg", "jsonb_agg", "jsonb_build_object"),
}

# One row per household: its alerts in rule code order, each as "M01 收入低于监测范围（5000.00 /
# 6000.00）" in the note and as an object in the figures.
LEADS_SQL = """
INSERT INTO "{case_table}" ({columns})
SELECT {selected} FROM (
  SELECT household_id, row_number() OVER w AS nth,
         {concat}(rule_code || ' ' || rule_name || '（' || value || ' / ' || threshold || '）', '、')
           OVER w AS notes,
         {array}({object}({pairs})) OVER w AS figures
  FROM ({alerts}) alerts
  WINDOW w AS (PARTITION BY household_id ORDER BY rule_code
               ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
) per_household
WHERE nth = 1
ORDER BY household_id
RETURNING id
"""


def store_run_opening_leads(
    actor: User | None,
    households: QuerySet[Household],
    run: RunInputs,
    *,
    region: str | None,
    facts: Facts | None = None,
) -> tuple[RuleRun, list[FoundAlert]]:
    """``alerts.runs.store_run``, then a 系统预警 lead for each alerted household without an open
    case (rules.md §9), in one transaction: a stored run never lacks its leads."""
    with transaction.atomic():
        stored, found = store_run(actor, households, run, region=region, facts=facts)
        leads_from_run(stored)
    return stored, found


def leads_from_run(run: RuleRun) -> int:
    """Open a 系统预警 lead for every household the run alerted that has no open case; returns
    how many were opened."""
    now = timezone.now()
    sql, params = _leads_statement(run, now)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        case_ids = sorted(row[0] for row in cursor.fetchall())
    if not case_ids:
        return 0
    insert_history(Case, case_ids, user_id=None, reason=f"{OPEN.audit_code} 系统预警", when=now)
    _first_transitions(case_ids, run)
    return len(case_ids)


def _leads_statement(run: RuleRun, now: dt.datetime) -> tuple[str, list[Any]]:
    """LEADS_SQL over the run's alerts of households that are not closed and have no open case;
    the case's other columns take their fields' defaults, as a model instance would."""
    alerts = (
        Alert.objects.filter(run=run, household__closed_on__isnull=True)
        .exclude(household__in=Case.objects.open().values("household_id"))
        .order_by()
        .values("household_id", *FIGURES)
    )
    alerts_sql, alerts_params = alerts.query.sql_with_params()
    fields = {field.attname: field for field in Case._meta.concrete_fields if not field.primary_key}
    given = {"channel": Channel.SYSTEM_ALERT, "opened_at": db_datetime(now), "rule_run_id": run.pk}
    values = given | {
        name: field.get_default()
        for name, field in fields.items()
        if name not in {*given, "household_id", "note", "alert_figures"}
    }
    concat, array, json_object = AGGREGATES[connection.vendor]
    sql = LEADS_SQL.format(
        case_table=Case._meta.db_table,
        columns=", ".join(
            f'"{fields[name].column}"'
            for name in ["household_id", "note", "alert_figures", *values]
        ),
        selected=", ".join(
            [
                "household_id",
                f"{typed_placeholder(fields['note'])} || notes",
                "figures",
                *(typed_placeholder(fields[name]) for name in values),
            ]
        ),
        concat=concat,
        array=array,
        object=json_object,
        pairs=", ".join(f"'{name}', {name}" for name in FIGURES),
        alerts=alerts_sql,
    )
    return sql, [NOTE_PREFIX, *values.values(), *alerts_params]


def _first_transitions(case_ids: list[int], run: RuleRun) -> None:
    """Each new lead's opening, copied from the case: its time, and its note as the reason."""
    columns = ["case_id", "action", "from_state", "to_state", "actor_id", "at", "reason", "data"]
    field = {field.name: field for field in Transition._meta.concrete_fields}
    insert_select(
        f'INSERT INTO "{Transition._meta.db_table}" ({", ".join(columns)})'
        f" SELECT id, {typed_placeholder(field['action'])}, '',"
        f" {typed_placeholder(field['to_state'])}, {typed_placeholder(field['actor'])},"
        f' opened_at, note, {typed_placeholder(field["data"])} FROM "{Case._meta.db_table}"',
        [OPEN.code, CaseState.LEAD, None, json.dumps({"rule_run": run.pk})],
        Case,
        case_ids,
    )
