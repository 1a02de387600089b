"""Cases name their rule run in the alerts app, where RuleRun moved; the column and its foreign
key to rules_rulerun stay as they are, so only Django's state changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("alerts", "0001_initial"),
        ("monitoring", "0002_case_history_fewer_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="case",
                    name="rule_run",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="alerts.rulerun",
                        verbose_name="预警规则运行",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalcase",
                    name="rule_run",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="alerts.rulerun",
                        verbose_name="预警规则运行",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
