"""Ledger pages: the list, 我的问题, the problem's page and a form per step, the register form,
evidence downloads and the province's classes, for the personas of tests/conftest.py."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fupin.accounts.models import User
from fupin.ledger.choices import ProblemState as S
from fupin.ledger.models import ExtraProblemClass, Problem, ProblemAttachment, ProblemStep
from tests.conftest import client_for
from tests.monitoring import walk as cases
from tests.visits.visit_builders import visit

from .pages import LATER, detail_url, evidence, take_step
from .walk import People, register, walk_to

pytestmark = pytest.mark.django_db


def messages_of(response) -> str:  # type: ignore[no-untyped-def]
    return " ".join(str(message) for message in response.context["messages"])


def test_every_step_through_the_pages(people: People):
    village, helper, township = (
        client_for(u) for u in (people.village, people.helper, people.township)
    )
    response = village.post(
        reverse("ledger:problem_new"),
        {
            "region": "220802100001",
            "category": "住房安全",
            "source": "督导检查",
            "description": "危房改造后屋顶漏雨",
            "severity": "较重",
            "responsible_cadre": people.cadre.pk,
        },
    )
    problem = Problem.objects.get()
    assert response.status_code == 302 and response["Location"] == detail_url(problem)

    for client, code in (
        (village, "set_measure"),
        (village, "extend_deadline"),
        (helper, "rectify"),
        (village, "send_back"),
        (helper, "rectify"),
        (village, "verify"),
        (township, "close"),
    ):
        response = take_step(client, problem, code)
        assert response.status_code == 302, (code, messages_of(response))
    problem.refresh_from_db()
    assert problem.state == S.CLOSED and problem.deadline.isoformat() == LATER

    response = take_step(township, problem, "reopen")
    again = Problem.objects.get(reopened_from=problem)
    assert response["Location"] == detail_url(again) and again.state == S.RECTIFYING

    page = township.get(detail_url(problem)).content.decode()
    for label in (
        "登记问题",
        "核定措施",
        "延长整改时限",
        "登记整改情况",
        "退回整改",
        "核验整改效果",
        "销号",
    ):
        assert label in page
    assert "墙角仍有渗水" in page and "整改后.jpg" in page
    # Reopened once, the closed problem offers no second 重新整改: the work goes on on its reopening.
    assert 'id="step-reopen"' not in page


def test_the_page_offers_only_the_steps_the_user_may_take_now(people: People):
    problem = walk_to(S.RECTIFYING, people)

    def forms(user: User) -> list[str]:
        page = client_for(user).get(detail_url(problem)).content.decode()
        return re.findall(r'id="step-(\w+)"', page)

    assert forms(people.village) == ["extend_deadline", "rectify"]
    assert forms(people.helper) == ["rectify"]


def test_the_rectifier_is_refused_verifying_and_closing_on_the_page(people: People):
    problem = register(people.township, responsible_cadre=people.cadre)
    township = client_for(people.township)
    take_step(township, problem, "set_measure")
    take_step(township, problem, "rectify")
    steps = ProblemStep.objects.count()

    response = take_step(township, problem, "verify")
    assert response.status_code == 400
    assert "您登记了该问题的整改情况，不能办理“核验整改效果”" in messages_of(response)
    problem.refresh_from_db()
    assert problem.state == S.RECTIFIED and ProblemStep.objects.count() == steps

    take_step(client_for(people.village), problem, "verify")
    response = take_step(township, problem, "close")
    assert response.status_code == 400
    assert "不能办理“销号”（须由他人核验和销号）" in messages_of(response)
    problem.refresh_from_db()
    assert problem.state == S.VERIFIED and problem.closed_at is None


@pytest.mark.parametrize(
    ("code", "values", "message"),
    [
        ("set_measure", {"measure": ""}, "这个字段是必填项"),
        ("set_measure", {"deadline": "2026-03-01"}, "整改时限不能早于今天（2026-03-02）"),
        ("rectify", {"evidence": [evidence("说明.txt", b"not an image")]}, "不是允许的文件类型"),
        ("rectify", {"evidence": [evidence("伪装.jpg", b"not an image")]}, "内容与扩展名不符"),
        ("rectify", {"evidence": []}, "须上传佐证材料"),
    ],
)
def test_bad_values_are_refused_in_chinese_and_change_nothing(
    people: People, code, values, message
):
    problem = walk_to(S.REGISTERED if code == "set_measure" else S.RECTIFYING, people)
    before = (problem.state, problem.deadline, ProblemStep.objects.count())
    actor = people.village if code == "set_measure" else people.helper
    response = take_step(client_for(actor), problem, code, **values)
    assert response.status_code == 400
    assert message in response.content.decode()
    problem.refresh_from_db()
    assert (problem.state, problem.deadline, ProblemStep.objects.count()) == before
    assert not ProblemAttachment.objects.exists()


def test_the_list_shows_only_the_own_region_with_its_counts(
    people: People, township_b_admin, township_b_code, clock
):
    ours = walk_to(S.RECTIFYING, people)
    theirs = register(township_b_admin, township_b_code, description="乙镇的问题")
    clock.move_to("2026-04-02 09:00+08:00")

    response = client_for(people.township).get(reverse("ledger:problem_list"))
    page = response.content.decode()
    assert [p.pk for p in response.context["page"]] == [ours.pk]
    assert "乙镇的问题" not in page and "已逾期" in page
    assert (response.context["figures"].open, response.context["figures"].overdue) == (1, 1)

    response = client_for(township_b_admin).get(reverse("ledger:problem_list"))
    assert [p.pk for p in response.context["page"]] == [theirs.pk]
    assert response.context["figures"].overdue == 0


def test_the_list_filters(people: People):
    overdue_candidate = walk_to(S.RECTIFYING, people)
    other = register(people.village, category="安全饮水", source="审计")
    client = client_for(people.county)

    def listed(**query: object) -> list[int]:
        page = client.get(reverse("ledger:problem_list"), query).context["page"]
        return [problem.pk for problem in page]

    assert listed(category="安全饮水") == [other.pk]
    assert listed(source="督导检查") == [overdue_candidate.pk]
    assert listed(state="整改中", owner=people.cadre.pk) == [overdue_candidate.pk]
    assert listed(region="220802100001") == [other.pk, overdue_candidate.pk]
    assert listed(overdue="on") == []
    response = client.get(reverse("ledger:problem_list"), {"state": "不存在"})
    assert "筛选条件有误" in response.content.decode() and not response.context["page"].object_list


def test_the_list_costs_the_same_queries_however_many_problems(people: People):
    client = client_for(people.township)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("ledger:problem_list")).status_code == 200
        return len(captured)

    walk_to(S.RECTIFYING, people)
    few = queries()
    for _ in range(6):
        register(people.village, responsible_cadre=people.cadre)
    assert queries() == few


def test_another_township_gets_404_for_the_problem_and_its_evidence(
    people: People, township_b_admin
):
    problem = walk_to(S.RECTIFIED, people)
    attachment = ProblemAttachment.objects.get()
    outsider = client_for(township_b_admin)
    assert outsider.get(detail_url(problem)).status_code == 404
    assert outsider.get(reverse("ledger:attachment", args=[attachment.pk])).status_code == 404
    assert take_step(outsider, problem, "verify").status_code == 404
    problem.refresh_from_db()
    assert problem.state == S.RECTIFIED


def test_evidence_downloads_under_its_own_name(people: People):
    walk_to(S.RECTIFIED, people)
    attachment = ProblemAttachment.objects.get()
    response = client_for(people.village).get(reverse("ledger:attachment", args=[attachment.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert quote("整改后.jpg") in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8")


def test_an_inspector_reads_and_changes_nothing(people: People, inspector):
    problem = walk_to(S.RECTIFIED, people)
    client = client_for(inspector)
    listing = client.get(reverse("ledger:problem_list"))
    assert list(listing.context["page"]) == [problem]
    menu = [(item["label"], item["url"], item["active"]) for item in listing.context["nav_menu"]]
    assert ("问题台账", "/ledger/", True) in menu
    assert reverse("ledger:problem_new") not in listing.content.decode()
    page = client.get(detail_url(problem))
    assert page.status_code == 200 and 'id="step-' not in page.content.decode()
    assert take_step(client, problem, "verify").status_code == 403
    assert client.get(reverse("ledger:problem_new")).status_code == 403
    problem.refresh_from_db()
    assert problem.state == S.RECTIFIED


def test_the_register_form_is_prefilled_from_a_household_case_or_visit(people: People):
    home = cases.stable_household("H1")
    case = cases.open_lead(people.village, home)
    found = visit(people.village, home, people.cadre).visit
    client = client_for(people.village)
    for query in ({"household": home.code}, {"case": case.pk}, {"visit": found.pk}):
        form = client.get(reverse("ledger:problem_new"), query).context["form"]
        assert form.initial["household"] == home.code and form.initial["region"] == home.village_id
    response = client.post(
        reverse("ledger:problem_new"),
        {
            "region": home.village_id,
            "category": "义务教育",
            "source": "走访",
            "description": "适龄儿童未入学",
            "severity": "一般",
            "household": home.code,
            "visit": found.pk,
        },
    )
    problem = Problem.objects.get()
    assert response.status_code == 302 and (problem.household, problem.visit) == (home, found)
    page = client.get(detail_url(problem)).content.decode()
    assert reverse("registry:household_detail", args=[home.code]) in page
    assert reverse("visits:visit_detail", args=[found.pk]) in page


@pytest.mark.parametrize(
    "page",
    ["registry:household_detail", "monitoring:case_detail", "visits:visit_detail"],
)
def test_household_case_and_visit_pages_link_to_the_register_form(people: People, page):
    home = cases.stable_household("H1")
    args = {
        "registry:household_detail": lambda: home.code,
        "monitoring:case_detail": lambda: cases.open_lead(people.village, home).pk,
        "visits:visit_detail": lambda: visit(people.village, home, people.cadre).visit.pk,
    }[page]()
    content = client_for(people.village).get(reverse(page, args=[args])).content.decode()
    assert reverse("ledger:problem_new") + "?" in content and "登记问题" in content


def test_the_register_form_refuses_outside_the_scope(people: People, township_b_code):
    response = client_for(people.township).post(
        reverse("ledger:problem_new"),
        {
            "region": township_b_code,
            "category": "住房安全",
            "source": "自查",
            "description": "x",
            "severity": "一般",
        },
    )
    assert response.status_code == 200 and "未找到该区域" in response.content.decode()
    assert not Problem.objects.exists()


def test_my_problems_lists_what_waits_for_me(people: People):
    rectifying = walk_to(S.RECTIFYING, people)
    rectified = walk_to(S.RECTIFIED, people)
    verified = walk_to(S.VERIFIED, people)

    def lists(user):  # type: ignore[no-untyped-def]
        context = client_for(user).get(reverse("ledger:my_problems")).context
        return {title: [p.pk for p in rows] for title, rows, _total in context["lists"]}

    assert lists(people.helper)["我负责整改的问题"] == sorted(
        [rectifying.pk, rectified.pk, verified.pk]
    )
    assert lists(people.village)["待我核验"] == [rectified.pk]
    assert lists(people.village)["待我销号"] == []  # a village closes nothing
    assert lists(people.township)["待我销号"] == [verified.pk]
    assert lists(people.helper)["待我核验"] == []


def test_a_system_administrator_adds_a_province_class(sysadmin, county_admin):
    client = client_for(sysadmin)
    assert client.get(reverse("ledger:class_list")).status_code == 200
    response = client.post(
        reverse("ledger:class_list"), {"province": "22", "name": "易地搬迁后续扶持"}
    )
    assert response.status_code == 302
    assert ExtraProblemClass.objects.get().name == "易地搬迁后续扶持"
    response = client.post(reverse("ledger:class_list"), {"province": "22", "name": "住房安全"})
    assert "已是全国统一的问题类别" in response.content.decode()
    assert client_for(county_admin).get(reverse("ledger:class_list")).status_code == 403
    form = client_for(county_admin).get(reverse("ledger:problem_new")).context["form"]
    assert "易地搬迁后续扶持" in dict(form.fields["category"].choices)


def test_several_files_are_kept_a_pdf_as_a_document_and_an_image_as_a_photo(people: People):
    problem = walk_to(S.RECTIFYING, people)
    files = [evidence(), evidence("验收单.pdf", cases.PDF)]
    assert (
        take_step(client_for(people.helper), problem, "rectify", evidence=files).status_code == 302
    )
    kept = ProblemAttachment.objects.order_by("id").values_list(
        "original_name", "kind", "content_type"
    )
    assert list(kept) == [
        ("整改后.jpg", "照片", "image/jpeg"),
        ("验收单.pdf", "文件材料", "application/pdf"),
    ]
