"""RuleRun and Alert move here from the rules app. Their tables keep their names (rules_rulerun,
rules_alert) and their rows: on a database migrated before the move, rules 0001–0002 created
them, and this migration only records in Django's state that the models are now this app's.
On a new database the same rules migrations create them first."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def move_content_types(apps, schema_editor):
    """The models' content types (and so their permissions) follow them to this app."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="rules", model__in=["rulerun", "alert"]).update(
        app_label="alerts"
    )


def return_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="alerts", model__in=["rulerun", "alert"]).update(
        app_label="rules"
    )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("regions", "0001_initial"),
        ("registry", "0003_grant_person_index"),
        ("rules", "0002_alert_run_without_own_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="RuleRun",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("year", models.PositiveSmallIntegerField(verbose_name="收入年度")),
                        ("as_of", models.DateField(verbose_name="参照日期")),
                        (
                            "started_at",
                            models.DateTimeField(
                                default=django.utils.timezone.now, verbose_name="开始时间"
                            ),
                        ),
                        (
                            "finished_at",
                            models.DateTimeField(blank=True, null=True, verbose_name="完成时间"),
                        ),
                        (
                            "households_checked",
                            models.PositiveIntegerField(default=0, verbose_name="检查户数"),
                        ),
                        (
                            "households_alerted",
                            models.PositiveIntegerField(default=0, verbose_name="预警户数"),
                        ),
                        ("counts", models.JSONField(default=dict, verbose_name="各规则户数")),
                        ("standards", models.JSONField(default=dict, verbose_name="所用标准")),
                        (
                            "created_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="发起人",
                            ),
                        ),
                        (
                            "region",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="regions.region",
                                verbose_name="区域",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "rules_rulerun",
                        "verbose_name": "规则运行",
                        "verbose_name_plural": "规则运行",
                        "ordering": ["-started_at"],
                    },
                ),
                migrations.CreateModel(
                    name="Alert",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("rule_code", models.CharField(max_length=4, verbose_name="规则代码")),
                        ("rule_name", models.CharField(max_length=30, verbose_name="规则名称")),
                        ("value", models.CharField(max_length=30, verbose_name="数值")),
                        ("threshold", models.CharField(max_length=30, verbose_name="阈值")),
                        (
                            "standard",
                            models.CharField(blank=True, max_length=60, verbose_name="依据标准"),
                        ),
                        (
                            "household",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="alerts",
                                to="registry.household",
                                verbose_name="户",
                            ),
                        ),
                        (
                            "run",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="alerts",
                                db_index=False,
                                to="alerts.rulerun",
                                verbose_name="运行",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "rules_alert",
                        "verbose_name": "预警",
                        "verbose_name_plural": "预警",
                        "ordering": ["household_id", "rule_code"],
                    },
                ),
                migrations.AddConstraint(
                    model_name="rulerun",
                    constraint=models.UniqueConstraint(
                        fields=("region", "year", "as_of"), name="one_run_per_inputs"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="rulerun",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("region__isnull", True)),
                        fields=("year", "as_of"),
                        name="one_national_run_per_inputs",
                    ),
                ),
                migrations.AddIndex(
                    model_name="alert",
                    index=models.Index(fields=["run", "rule_code"], name="alert_run_rule"),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_types, return_content_types),
    ]
