"""The whole rule run's job handler moved from the rules app to this one: jobs recorded before
the move (a queued one would otherwise fail to start) name its new path."""

from collections.abc import Callable

from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

OLD, NEW = "fupin.rules.jobs.rule_run_job", "fupin.reports.jobs.rule_run_job"


def rename(old: str, new: str) -> Callable[[StateApps, BaseDatabaseSchemaEditor], None]:
    def run(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
        apps.get_model("jobs", "Job").objects.filter(handler=old).update(handler=new)

    return run


class Migration(migrations.Migration):
    dependencies = [("jobs", "0001_initial")]

    operations = [migrations.RunPython(rename(OLD, NEW), rename(NEW, OLD))]
