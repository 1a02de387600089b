"""One definition per standard parameter: the model, the form, the command line, the values in
force, the fact table and the alerts' recorded standard all follow it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import models
from django.urls import reverse

from fupin.alerts.rules import RULES_BY_CODE
from fupin.alerts.runs import RULE_STANDARD
from fupin.cli import main
from fupin.registry.models import Household
from fupin.rules.facts import STANDARD_COLUMNS, RunInputs, prepared_facts
from fupin.standards.forms import StandardForm
from fupin.standards.models import Standard
from fupin.standards.parameters import (
    ALERT_THRESHOLDS,
    COUNT,
    PARAMETERS,
    PARAMETERS_BY_NAME,
    Parameter,
)
from fupin.standards.resolve import DEFAULTS, in_force
from fupin.standards.resolve import PARAMETERS as LABELS
from fupin.standards.services import StandardsError, set_standard
from tests.conftest import client_for
from tests.rules.builders import adults, household

# A value inside the bounds for each parameter, other than its default.
SAMPLES = {
    "poverty_line": Decimal("4321.50"),
    "monitoring_line": Decimal("8700"),
    "medical_amount": Decimal("12000"),
    "loss_amount": Decimal("9000.25"),
    "income_share": Decimal("0.45"),
    "drop_share": Decimal("0.35"),
    "old_age": 85,
    "lookback_days": 180,
    "dividend_property": 0,
}

by_name = pytest.mark.parametrize("parameter", PARAMETERS, ids=lambda p: p.name)


def out_of_bounds(parameter: Parameter) -> list[Decimal]:
    return [parameter.minimum - parameter.kind.step, parameter.maximum + parameter.kind.step]


def test_every_parameter_has_a_sample_and_a_model_field_and_every_value_field_a_parameter():
    assert set(SAMPLES) == set(PARAMETERS_BY_NAME)
    value_fields = {
        field.name
        for field in Standard._meta.concrete_fields
        if field.name not in {"id", "province", "year"}
    }
    assert value_fields == set(PARAMETERS_BY_NAME)


@by_name
def test_the_model_field_holds_the_kind_and_the_bounds(parameter):
    field = Standard._meta.get_field(parameter.name)
    assert field.null and field.blank
    if parameter.kind is COUNT:
        assert isinstance(field, models.PositiveSmallIntegerField)
    else:
        assert isinstance(field, models.DecimalField)
        assert field.decimal_places == parameter.kind.decimal_places
        whole_digits = field.max_digits - field.decimal_places
        assert parameter.maximum < 10**whole_digits


def test_resolve_and_the_alert_thresholds_are_read_from_the_definitions():
    assert {p.name: p.label for p in PARAMETERS} == LABELS
    # rules.md §2 "Other defaults"; the lines have none.
    assert {
        "medical_amount": Decimal(10000),
        "loss_amount": Decimal(10000),
        "income_share": Decimal("0.5"),
        "drop_share": Decimal("0.3"),
        "old_age": 80,
        "lookback_days": 365,
        "dividend_property": 1,
    } == DEFAULTS
    assert (
        RULE_STANDARD
        == ALERT_THRESHOLDS
        == {
            "M01": "monitoring_line",
            "M02": "drop_share",
            "M03": "medical_amount",
            "M04": "loss_amount",
        }
    )
    assert set(RULE_STANDARD) <= set(RULES_BY_CODE)
    assert {parameter for _, parameter in STANDARD_COLUMNS} <= set(PARAMETERS_BY_NAME)


@pytest.mark.django_db
@by_name
def test_each_parameter_round_trips_through_the_service(parameter):
    set_standard(None, year=2025, province="22", values={parameter.name: SAMPLES[parameter.name]})
    value = in_force(parameter.name, 2026, "22")
    assert (value.value, value.source) == (SAMPLES[parameter.name], "省级2025年")
    assert type(value.value) is type(SAMPLES[parameter.name])


@pytest.mark.django_db
@by_name
def test_each_parameter_round_trips_through_the_form(parameter, sysadmin):
    field = StandardForm().fields[parameter.name]
    assert field.label == parameter.label and parameter.help in field.help_text
    response = client_for(sysadmin).post(
        reverse("standards:set"),
        {"year": 2025, "province": "22", parameter.name: str(SAMPLES[parameter.name])},
    )
    assert response.status_code == 302
    assert in_force(parameter.name, 2025, "22").value == SAMPLES[parameter.name]
    record = Standard.objects.get(province="22", year=2025).history.first()
    assert record.history_user == sysadmin


@pytest.mark.django_db
@by_name
def test_each_parameter_round_trips_through_its_command_line_flag(parameter, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(
            [
                "standards",
                "set",
                "--year",
                "2025",
                "--province",
                "22",
                parameter.flag,
                str(SAMPLES[parameter.name]),
            ]
        )
    assert exit_.value.code == 0
    assert f"{parameter.label} = {SAMPLES[parameter.name]}" in capsys.readouterr().out
    assert in_force(parameter.name, 2025, "22").value == SAMPLES[parameter.name]


@pytest.mark.django_db
def test_every_flag_at_once_and_the_user_who_set_them_is_recorded(sysadmin):
    arguments = [
        item for parameter in PARAMETERS for item in (parameter.flag, str(SAMPLES[parameter.name]))
    ]
    with pytest.raises(SystemExit) as exit_:
        main(["standards", "set", "--year", "2025", "--user", sysadmin.username, *arguments])
    assert exit_.value.code == 0
    standard = Standard.objects.get(province=None, year=2025)
    assert {p.name: getattr(standard, p.name) for p in PARAMETERS} == SAMPLES
    record = standard.history.first()
    assert record.history_user == sysadmin
    assert record.history_change_reason == "命令行 fupin standards set"


@pytest.mark.django_db
def test_without_user_the_change_is_the_operators_and_a_thousands_comma_is_read():
    with pytest.raises(SystemExit) as exit_:
        main(
            ["standards", "set", "--year", "2025", "--province", "22", "--monitoring-line", "8,700"]
        )
    assert exit_.value.code == 0
    record = Standard.objects.get(province="22", year=2025).history.first()
    assert record.history_user is None
    assert record.history_change_reason == "命令行 fupin standards set"
    assert in_force("monitoring_line", 2025, "22").value == Decimal(8700)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("user", "message"),
    [("nobody", "没有启用的账号“nobody”"), ("county", "只有全国范围的系统管理员")],
)
def test_the_named_user_must_exist_and_be_a_nationwide_admin(user, message, county_admin, capsys):
    username = county_admin.username if user == "county" else user
    with pytest.raises(SystemExit) as exit_:
        main(["standards", "set", "--year", "2025", "--user", username, "--old-age", "85"])
    assert exit_.value.code == 1
    assert message in capsys.readouterr().err
    assert not Standard.objects.filter(year=2025).exists()


@pytest.mark.django_db
@by_name
def test_out_of_bounds_values_are_refused_by_the_service_and_nothing_is_written(parameter):
    for value in out_of_bounds(parameter):
        with pytest.raises(StandardsError) as refusal:
            set_standard(None, year=2025, province="22", values={parameter.name: value})
        assert str(refusal.value) == f"{parameter.label}{parameter.bounds}（给出的是 {value}）"
    assert not Standard.objects.filter(year=2025).exists()


@pytest.mark.django_db
@by_name
def test_out_of_bounds_values_are_refused_on_the_command_line_and_nothing_is_written(
    parameter, capsys
):
    for value in out_of_bounds(parameter):
        with pytest.raises(SystemExit) as exit_:
            main(["standards", "set", "--year", "2025", parameter.flag, str(value)])
        assert exit_.value.code == 1
        error = capsys.readouterr().err
        assert error == f"错误：{parameter.label}{parameter.bounds}（给出的是 {value}）\n"
    assert not Standard.objects.filter(year=2025).exists()


@pytest.mark.django_db
@by_name
def test_out_of_bounds_values_are_refused_by_the_form_and_nothing_is_written(parameter, sysadmin):
    for value in out_of_bounds(parameter):
        response = client_for(sysadmin).post(
            reverse("standards:set"), {"year": 2025, parameter.name: str(value)}
        )
        assert response.status_code == 200
        assert response.context["form"].errors[parameter.name]
    assert not Standard.objects.filter(year=2025).exists()


@pytest.mark.django_db
def test_bounds_read_in_chinese():
    assert PARAMETERS_BY_NAME["poverty_line"].bounds == "应为正数且不超过 1000000 元/人·年"
    assert PARAMETERS_BY_NAME["drop_share"].bounds == "应为正数且不超过 1"
    assert PARAMETERS_BY_NAME["old_age"].bounds == "应在 50–120 岁之间"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("flag", "text", "message"),
    [
        ("--poverty-line", "4000.005", "扶贫标准最多 2 位小数"),
        ("--income-share", "0.12345", "支出占家庭纯收入比例最多 4 位小数"),
        ("--lookback-days", "30.5", "事件回溯天数应为整数"),
        ("--old-age", "八十", "高龄津贴年龄不是数：八十"),
        ("--poverty-line", "1e30", "扶贫标准应为正数且不超过 1000000 元/人·年（给出的是 1E+30）"),
        ("--drop-share", "NaN", "收入下降预警比例不是数：NaN"),
    ],
)
def test_values_of_the_wrong_shape_are_refused(flag, text, message, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["standards", "set", "--year", "2025", flag, text])
    assert exit_.value.code == 1
    assert message in capsys.readouterr().err
    assert not Standard.objects.filter(year=2025).exists()


@pytest.mark.django_db
def test_the_fact_table_carries_each_parameter_at_its_scale():
    set_standard(
        None,
        year=2021,
        province="22",
        values={name: value for name, value in SAMPLES.items() if name != "old_age"},
    )
    home: Household = household("2208020001")
    adults(home, 2)
    with prepared_facts(Household.objects.all(), RunInputs.of(2021)) as facts:
        row = facts.select(
            "line_cents, mline_cents, medical_amount_cents, loss_amount_cents,"
            " income_share_bp, keep_bp"
        )
        window = facts.run.as_of - dt.timedelta(days=facts.lines.lookback_days())
    assert row == [(432150, 870000, 1200000, 900025, 4500, 6500)]
    assert window == dt.date(2021, 7, 4)  # 180 days before 31 December


@pytest.mark.django_db
def test_the_list_page_shows_every_parameter_of_the_standards_set(county_admin):
    set_standard(None, year=2025, province="22", values=SAMPLES)
    page = client_for(county_admin).get(reverse("standards:list"))
    assert page.status_code == 200
    text = page.content.decode()
    for parameter in PARAMETERS:
        assert f'<th class="num">{parameter.label}</th>' in text
    assert "4321.50" in text and "0.3500" in text and '<td class="num">180</td>' in text
