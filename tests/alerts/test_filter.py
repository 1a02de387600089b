"""The alert list's one filter: the export holds the rows the page lists for the same parameters
(``?rule=`` included), a bad parameter is refused alike on both, and no filter reaches outside the
user's region."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from fupin.alerts.models import RuleRun
from fupin.alerts.runs import store_run
from fupin.registry.models import Household, Member
from fupin.rules.facts import RunInputs
from tests.conftest import client_for

from .test_pages import county  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(county):  # type: ignore[no-untyped-def]  # noqa: F811
    Member.objects.update(birth_date=dt.date(1950, 1, 1))
    stored, _ = store_run(
        None, Household.objects.all(), RunInputs.of(2025, dt.date(2025, 12, 31)), region=None
    )
    return stored


def exported(client, params: dict[str, str]) -> list[tuple]:  # type: ignore[no-untyped-def, type-arg]
    download = client.get(reverse("alerts:alert_export"), params)
    assert download.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    return list(sheet.iter_rows(min_row=2, values_only=True))


def page_html(client, params: dict[str, str]) -> str:  # type: ignore[no-untyped-def]
    return client.get(reverse("alerts:alert_list"), params).content.decode()


@pytest.mark.parametrize("params", [{}, {"rule": "M08"}, {"rule": "M01"}, {"rule": "M05"}])
def test_the_alert_export_holds_what_the_page_lists(run, county_admin, params):
    client = client_for(county_admin)
    params = {"run": str(run.pk), **params}
    page = client.get(reverse("alerts:alert_list"), params).context["page"]
    listed = [(a.household.code, a.rule_code) for a in page]
    assert listed == [row[::2][:2] for row in exported(client, params)]
    if params.get("rule"):
        assert {rule for _, rule in listed} <= {params["rule"]}
        assert f"rule={params['rule']}" in page_html(client, params)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"rule": "M99"}, "规则：选择一个有效的选项。 M99 不在可用的选项中。"),
        ({"run": "x"}, "运行：应为运行记录的编号（数字）"),
    ],
)
def test_a_bad_parameter_is_refused_alike_on_the_page_and_the_export(
    run, county_admin, params, message
):
    client = client_for(county_admin)
    shown = client.get(reverse("alerts:alert_list"), params)
    assert message in shown.content.decode() and list(shown.context["page"]) == []
    refused = client.get(reverse("alerts:alert_export"), params)
    assert (refused.status_code, refused.content.decode()) == (400, message)


def test_no_filter_reaches_outside_the_users_region(run, township_a_admin):
    client = client_for(township_a_admin)
    params = {"run": str(run.pk), "rule": "M08"}
    on_page = {
        a.household.code for a in client.get(reverse("alerts:alert_list"), params).context["page"]
    }
    assert on_page == {row[0] for row in exported(client, params)} == {"A1"}


def test_a_run_the_user_does_not_see_is_not_found(run, township_a_admin, township_b_code):
    theirs = RuleRun.objects.create(
        region_id=township_b_code, year=2025, as_of=dt.date(2025, 12, 31)
    )
    client = client_for(township_a_admin)
    assert client.get(reverse("alerts:alert_export"), {"run": theirs.pk}).status_code == 404
    assert list(client.get(reverse("alerts:alert_list"), {"run": theirs.pk}).context["page"]) == []
