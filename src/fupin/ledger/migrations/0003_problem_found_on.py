"""发现日期: the day each problem was first found, for campaign membership. Existing problems take
their registration day in the project's time zone; a reopening takes its original's."""

from django.db import migrations, models
from django.utils import timezone


def fill_found_on(apps, schema_editor):
    Problem = apps.get_model("ledger", "Problem")
    found: dict[int, object] = {}
    # Originals have smaller ids than their reopenings, so each original is filled first.
    for problem in Problem.objects.order_by("pk").only("pk", "registered_at", "reopened_from"):
        if problem.reopened_from_id in found:
            found[problem.pk] = found[problem.reopened_from_id]
        else:
            found[problem.pk] = timezone.localdate(problem.registered_at)
        Problem.objects.filter(pk=problem.pk).update(found_on=found[problem.pk])


class Migration(migrations.Migration):
    dependencies = [("ledger", "0002_campaigns_classes_origins")]

    operations = [
        migrations.AddField(
            model_name="problem",
            name="found_on",
            field=models.DateField("发现日期", null=True),
        ),
        migrations.AddField(
            model_name="historicalproblem",
            name="found_on",
            field=models.DateField("发现日期", null=True),
        ),
        migrations.RunPython(fill_found_on, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="problem",
            name="found_on",
            field=models.DateField("发现日期"),
        ),
        migrations.AlterField(
            model_name="historicalproblem",
            name="found_on",
            field=models.DateField("发现日期"),
        ),
    ]
