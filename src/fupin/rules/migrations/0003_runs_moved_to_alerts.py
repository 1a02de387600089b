"""RuleRun and Alert now belong to the alerts app (alerts 0001), their tables untouched: the rules
app forgets them in Django's state only, after monitoring's cases point at the alerts app."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("rules", "0002_alert_run_without_own_index"),
        ("alerts", "0001_initial"),
        ("monitoring", "0003_rule_run_in_alerts"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Alert"),
                migrations.DeleteModel(name="RuleRun"),
            ],
            database_operations=[],
        ),
    ]
