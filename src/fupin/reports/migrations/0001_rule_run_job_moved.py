"""The whole rule run's job handler moved from the rules app to this one: jobs recorded before
the move (a queued one would otherwise fail to start) name its new path."""

from django.db import migrations

OLD, NEW = "fupin.rules.jobs.rule_run_job", "fupin.reports.jobs.rule_run_job"


def rename(old: str, new: str):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        apps.get_model("jobs", "Job").objects.filter(handler=old).update(handler=new)

    return run


class Migration(migrations.Migration):
    dependencies = [("jobs", "0001_initial")]

    operations = [migrations.RunPython(rename(OLD, NEW), rename(NEW, OLD))]
