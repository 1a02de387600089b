"""Storing an alert run: the run row, its alerts, and the standards used. Opening the leads of a
stored run is monitoring's (``monitoring.leads.store_run_opening_leads`` does both)."""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import Count, QuerySet
from django.utils import timezone

from fupin.accounts.models import User
from fupin.core.scope import code_range, require_in_scope
from fupin.registry.models import Household
from fupin.rules.facts import Facts, ProvinceLines, RunInputs, prepared_facts
from fupin.standards.parameters import ALERT_THRESHOLDS

from .models import Alert as StoredAlert
from .models import RuleRun
from .rules import RULES, Alert, alerts_sql, monitored_count

# Which standard parameter each rule's threshold comes from (the others have fixed thresholds),
# as the parameters' definitions say.
RULE_STANDARD = ALERT_THRESHOLDS

# The database writes the alerts straight from the rules' SELECT: nothing passes through Python.
STORE_SQL = """
INSERT INTO rules_alert (run_id, household_id, rule_code, rule_name, value, threshold, standard)
SELECT %s, id, rule_code, {rule_name}, value, threshold, {standard}
FROM ({alerts}) found
"""

# A run's alerts as ``Alert.read`` takes them: raw rows, 0.6 s for 180,000 alerts where the ORM
# took 1.0 s.
READ_SQL = """
SELECT a.household_id, h.code, h.village_id, a.rule_code, a.value, a.threshold
FROM rules_alert a JOIN registry_household h ON h.id = a.household_id
WHERE a.run_id = %s
ORDER BY h.code, a.rule_code
"""


def store_run(
    actor: User | None,
    households: QuerySet[Household],
    run: RunInputs,
    *,
    region: str | None,
    facts: Facts | None = None,
) -> tuple[RuleRun, list[Alert]]:
    """Run the alert rules over ``households`` (reading ``facts`` when the caller has already
    computed them) and store the result, replacing the alerts of an earlier run with the same
    region, year and reference date. Returns the run and its alerts, sorted as written.
    ``actor`` None is the command-line operator; a user's ``region`` must be inside their own
    (None, the whole country, for a nationwide user only), since the run replaces its alerts."""
    if actor is not None:
        require_in_scope(actor, region or "", message="未找到该区域")
    if facts is None:
        with prepared_facts(households, run) as facts:
            return store_run(actor, households, run, region=region, facts=facts)
    with transaction.atomic():
        stored, _ = RuleRun.objects.update_or_create(
            region_id=region,
            year=run.year,
            as_of=run.as_of,
            defaults={
                "created_by": actor if getattr(actor, "pk", None) else None,
                "started_at": timezone.now(),
            },
        )
        stored.alerts.all().delete()
        _insert_alerts(stored, facts)
        written = StoredAlert.objects.filter(run=stored)
        stored.households_checked = monitored_count(facts)
        stored.households_alerted = written.values("household_id").distinct().count()
        stored.counts = dict(
            written.order_by("rule_code").values_list("rule_code").annotate(Count("id"))
        )
        stored.standards = {
            province: {
                name: {"value": str(v.value), "source": v.source} for name, v in values.items()
            }
            for province, values in facts.lines.by_province.items()
        }
        stored.finished_at = timezone.now()
        stored.save()
        return stored, stored_alerts(stored)


def _insert_alerts(stored: RuleRun, facts: Facts) -> None:
    """STORE_SQL for the run: each rule's name, and the standard its threshold came from in the
    household's province, chosen in SQL from the few (rule, province) pairs of the run."""
    names, standards, params = [], [], []
    for rule in RULES:
        names.append(f"WHEN '{rule.code}' THEN %s")
        params.append(rule.name)
    for rule in RULES:
        for province in sorted(facts.lines.by_province):
            described = _standard(facts.lines, rule.code, province)
            if described:
                standards.append(
                    f"WHEN rule_code = '{rule.code}' AND village_id >= %s AND village_id < %s"
                    " THEN %s"
                )
                params.extend([*code_range(province), described])
    sql = STORE_SQL.format(
        rule_name=f"CASE rule_code {' '.join(names)} END",
        standard=f"CASE {' '.join(standards)} ELSE '' END" if standards else "''",
        alerts=alerts_sql(facts),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [stored.pk, *params])


def stored_alerts(stored: RuleRun) -> list[Alert]:
    """The alerts of a stored run, sorted by 户编号 then 规则代码, as ``fupin monitor`` writes them."""
    with connection.cursor() as cursor:
        cursor.execute(READ_SQL, [stored.pk])
        return [Alert.read(*row) for row in cursor.fetchall()]


def _standard(lines: ProvinceLines, rule_code: str, province: str) -> str:
    parameter = RULE_STANDARD.get(rule_code)
    if parameter is None:
        return ""
    value = lines.value(parameter, province)
    return "" if value is None else value.describe()
