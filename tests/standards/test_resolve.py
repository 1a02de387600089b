"""Which line is in force (rules.md §2), and setting a province's own."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fupin.cli import main
from fupin.standards.resolve import StandardMissing, in_force
from fupin.standards.services import StandardsError, set_standard

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("year", "poverty"),
    [(2014, 2800), (2016, 2952), (2019, 3747), (2020, 4000), (2021, 4000), (2025, 4000)],
)
def test_national_poverty_line_of_the_latest_year_not_after(year, poverty):
    value = in_force("poverty_line", year, None)
    assert value.value == Decimal(poverty) and value.province is None
    assert value.year == min(year, 2021)


def test_the_monitoring_line_starts_in_2020():
    assert in_force("monitoring_line", 2024, "53").value == Decimal(6000)
    with pytest.raises(StandardMissing):
        in_force("monitoring_line", 2019, None)
    with pytest.raises(StandardMissing):
        in_force("poverty_line", 2013, None)


def test_a_provincial_line_applies_from_its_year_on_and_only_there():
    set_standard(None, year=2025, province="15", values={"monitoring_line": Decimal(8700)})
    assert in_force("monitoring_line", 2025, "15").value == Decimal(8700)
    assert (
        in_force("monitoring_line", 2026, "15").describe() == "防返贫监测范围 8700.00（省级2025年）"
    )
    assert in_force("monitoring_line", 2024, "15").value == Decimal(6000)  # before it: national
    assert in_force("monitoring_line", 2025, "22").value == Decimal(6000)  # another province
    assert in_force("poverty_line", 2025, "15").value == Decimal(4000)  # the other line: national


def test_other_defaults_come_from_the_rules_unless_set():
    assert in_force("medical_amount", 2020, "22").value == Decimal(10000)
    assert in_force("old_age", 2020, "22").source == "默认值"


@pytest.mark.parametrize(
    ("province", "values", "reason"),
    [
        ("99", {"poverty_line": 1}, "不是省级区划代码"),
        ("2208", {"poverty_line": 1}, "不是省级区划代码"),
        (None, {}, "没有要设置的数值"),
        (None, {"poverty_line": Decimal(-1)}, "应为正数"),
    ],
)
def test_bad_settings_are_refused(province, values, reason):
    with pytest.raises(StandardsError, match=reason):
        set_standard(None, year=2025, province=province, values=values)


def test_only_a_nationwide_admin_may_set(county_admin, sysadmin):
    with pytest.raises(StandardsError, match="系统管理员"):
        set_standard(
            county_admin, year=2025, province="22", values={"monitoring_line": Decimal(7000)}
        )
    standard = set_standard(
        sysadmin, year=2025, province="22", values={"monitoring_line": Decimal(7000)}
    )
    assert standard.history.first().history_user == sysadmin


def test_the_command_line_sets_and_lists(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(
            ["standards", "set", "--year", "2025", "--province", "22", "--monitoring-line", "7200"]
        )
    assert exit_.value.code == 0
    with pytest.raises(SystemExit):
        main(["standards", "list", "--province", "22"])
    lines = capsys.readouterr().out.splitlines()
    assert "2014\t2800.00\t全国2014年\t—\t" in lines
    assert "2025\t4000.00\t全国2021年\t7200.00\t省级2025年" in lines


def test_the_page_shows_lines_and_only_a_nationwide_admin_sets_them(sysadmin, county_admin):
    from django.urls import reverse

    from tests.conftest import client_for

    listing = client_for(county_admin).get(reverse("standards:list")).content.decode()
    assert "2800.00" in listing and "全国2014年" in listing
    assert (
        client_for(county_admin).post(reverse("standards:set"), {"year": 2025}).status_code == 403
    )
    response = client_for(sysadmin).post(
        reverse("standards:set"), {"year": 2025, "province": "15", "monitoring_line": "7500"}
    )
    assert response.status_code == 302
    assert in_force("monitoring_line", 2025, "15").value == Decimal("7500.00")
