"""Storing an alert run: the run row, its alerts, and the standards used."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from fupin.core.tables import cell_text
from fupin.registry.models import Household

from .alerts import scan
from .facts import RunInputs, prepared_facts
from .models import Alert, RuleRun

# Which standard parameter each rule's threshold comes from (the others have fixed thresholds).
RULE_STANDARD = {
    "M01": "monitoring_line",
    "M02": "drop_share",
    "M03": "medical_amount",
    "M04": "loss_amount",
}


def store_run(
    actor: Any, households: QuerySet[Household], run: RunInputs, *, region: str | None
) -> RuleRun:
    """Run the alert rules over ``households`` and store the result, replacing the alerts of an
    earlier run with the same region, year and reference date."""
    with prepared_facts(households, run) as facts:
        found_scan = scan(facts)
    found, lines = found_scan.alerts, found_scan.lines
    ids = dict(
        households.filter(code__in={a.household_code for a in found}).values_list("code", "pk")
    )
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
        Alert.objects.bulk_create(
            [
                Alert(
                    run=stored,
                    household_id=ids[a.household_code],
                    rule_code=a.rule.code,
                    rule_name=a.rule.name,
                    value=cell_text(a.value),
                    threshold=cell_text(a.threshold),
                    standard=_standard(lines, a),
                )
                for a in found
            ],
            batch_size=5_000,
        )
        stored.households_checked = found_scan.checked
        stored.households_alerted = len(ids)
        stored.counts = dict(sorted(Counter(a.rule.code for a in found).items()))
        stored.standards = {
            province: {
                name: {"value": str(v.value), "source": v.source} for name, v in values.items()
            }
            for province, values in lines.by_province.items()
        }
        stored.finished_at = timezone.now()
        stored.save()
    return stored, found


def _standard(lines: Any, alert: Any) -> str:
    parameter = RULE_STANDARD.get(alert.rule.code)
    if parameter is None:
        return ""
    value = lines.value(parameter, alert.village_code[:2])
    return "" if value is None else value.describe()
