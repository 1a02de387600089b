"""Storing an alert run: the run row, its alerts, and the standards used."""

from __future__ import annotations

from collections import Counter
from functools import cache, partial
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from fupin.core.bulk import insert_rows
from fupin.core.tables import cell_text
from fupin.monitoring.leads import leads_from_run
from fupin.registry.models import Household

from .alerts import Alert as FoundAlert
from .alerts import scan
from .facts import Facts, RunInputs, prepared_facts
from .models import Alert, RuleRun

# Which standard parameter each rule's threshold comes from (the others have fixed thresholds).
RULE_STANDARD = {
    "M01": "monitoring_line",
    "M02": "drop_share",
    "M03": "medical_amount",
    "M04": "loss_amount",
}


def store_run(
    actor: Any,
    households: QuerySet[Household],
    run: RunInputs,
    *,
    region: str | None,
    facts: Facts | None = None,
) -> tuple[RuleRun, list[FoundAlert]]:
    """Run the alert rules over ``households`` (reading ``facts`` when the caller has already
    computed them) and store the result, replacing the alerts of an earlier run with the same
    region, year and reference date."""
    if facts is None:
        with prepared_facts(households, run) as facts:
            found_scan = scan(facts)
    else:
        found_scan = scan(facts)
    found, lines = found_scan.alerts, found_scan.lines
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
        standard = cache(partial(_standard, lines))  # a few rules × provinces, 180,000 alerts
        insert_rows(
            Alert,
            ["run_id", "household_id", "rule_code", "rule_name", "value", "threshold", "standard"],
            [
                (
                    stored.pk,
                    a.household_id,
                    a.rule.code,
                    a.rule.name,
                    cell_text(a.value),
                    cell_text(a.threshold),
                    standard(a.rule.code, a.village_code[:2]),
                )
                for a in found
            ],
        )
        stored.households_checked = found_scan.checked
        stored.households_alerted = len({a.household_id for a in found})
        stored.counts = dict(sorted(Counter(a.rule.code for a in found).items()))
        stored.standards = {
            province: {
                name: {"value": str(v.value), "source": v.source} for name, v in values.items()
            }
            for province, values in lines.by_province.items()
        }
        stored.finished_at = timezone.now()
        stored.save()
        # Each alerted household without an open case gets a 系统预警 lead (rules.md §9), in the
        # same transaction: a stored run never lacks its leads.
        leads_from_run(stored)
    return stored, found


def _standard(lines: Any, rule_code: str, province: str) -> str:
    parameter = RULE_STANDARD.get(rule_code)
    if parameter is None:
        return ""
    value = lines.value(parameter, province)
    return "" if value is None else value.describe()
