"""Recording a visit: who may record it, the checks on its values, photos, the 干部排查 lead."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fupin.accounts.choices import Role
from fupin.core.errors import DomainError, Refusal
from fupin.monitoring.choices import Channel
from fupin.monitoring.models import Case
from fupin.monitoring.services import open_lead
from fupin.visits.models import ChangeProposal, Visit, VisitPhoto
from fupin.visits.services import VisitError
from tests.conftest import make_user
from tests.grid.builders import cadre
from tests.rules.builders import adults, household

from .visit_builders import FINE, assign, photo, visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def home():  # type: ignore[no-untyped-def]
    found = household("H1")
    adults(found, 2)
    return found


@pytest.fixture
def worker():  # type: ignore[no-untyped-def]
    return cadre("李走访")


def refusal(excinfo: pytest.ExceptionInfo[VisitError]) -> tuple[Refusal, str]:
    return excinfo.value.refusal, excinfo.value.message


def test_a_visit_is_recorded_with_its_checklist_and_the_recorder(township_a_admin, home, worker):
    recorded = visit(
        township_a_admin,
        home,
        worker,
        answers=FINE | {"water": "不达标"},
        findings="井水浑浊",
    )
    stored = Visit.objects.get()
    assert stored == recorded.visit
    assert (stored.water, stored.food, stored.findings) == ("不达标", "达标", "井水浑浊")
    assert stored.recorded_by == township_a_admin and stored.lead is None
    assert not recorded.lead_opened


def test_checks_not_answered_are_recorded_as_not_checked(village_admin, home, worker):
    answers = {"awareness": "知晓", "satisfaction": "基本满意"}
    stored = visit(village_admin, home, worker, kind="电话", answers=answers).visit
    assert stored.food == stored.housing == "未核实"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"visited_on": timezone.localdate() + dt.timedelta(days=1)}, "晚于今天"),
        ({"visited_on": dt.date(2013, 12, 31)}, "早于 2014-01-01"),
        ({"visited_on": None}, "请填写走访日期"),
        ({"kind": "上门"}, "走访方式应为入户走访、电话回访、集中走访之一"),
        ({"answers": FINE | {"food": "还行"}}, "“不愁吃”应为达标、不达标、未核实之一"),
        ({"answers": {"food": "达标", "satisfaction": "满意"}}, "请选择“政策知晓”"),
        ({"answers": FINE | {"mood": "好"}}, "未知的走访项目：mood"),
        ({"open_lead": True}, "转为监测线索须写明发现的问题和情况"),
    ],
)
def test_wrong_values_are_refused_with_a_message(township_a_admin, home, worker, options, message):
    with pytest.raises(VisitError) as excinfo:
        visit(township_a_admin, home, worker, **options)
    assert excinfo.value.refusal == Refusal.INPUT and message in excinfo.value.message
    assert not Visit.objects.exists()


def test_a_problem_answer_needs_findings(township_a_admin, home, worker):
    answers = FINE | {"housing": "不达标", "satisfaction": "不满意"}
    with pytest.raises(VisitError) as excinfo:
        visit(township_a_admin, home, worker, answers=answers, findings="  ")
    assert excinfo.value.message == (
        "“住房安全”为“不达标”、“满意度”为“不满意”：请在“发现的问题和情况”中写明"
    )
    visit(township_a_admin, home, worker, answers=answers, findings="西屋墙体开裂")
    assert Visit.objects.count() == 1


def test_no_visit_after_the_household_was_closed(township_a_admin, home, worker):
    home.closed_on = timezone.localdate() - dt.timedelta(days=3)
    home.save()
    with pytest.raises(VisitError, match="注销"):
        visit(township_a_admin, home, worker)
    visit(township_a_admin, home, worker, visited_on=home.closed_on - dt.timedelta(days=1))


def test_a_household_of_another_township_is_not_found(township_b_admin, home, worker):
    with pytest.raises(VisitError) as excinfo:
        visit(township_b_admin, home, worker)
    assert refusal(excinfo) == (Refusal.NOT_FOUND, "未找到该户")


def test_a_cadre_the_actor_cannot_see_is_not_found(township_a_admin, township_b_code, home):
    stranger = cadre("外乡干部", region=township_b_code)
    with pytest.raises(VisitError) as excinfo:
        visit(township_a_admin, home, stranger)
    assert refusal(excinfo) == (Refusal.NOT_FOUND, "未找到该帮扶干部")


def test_an_inspector_records_no_visit(inspector, home, worker):
    with pytest.raises(VisitError) as excinfo:
        visit(inspector, home, worker)
    assert refusal(excinfo) == (Refusal.ROLE, "您的角色（督导检查）不能登记走访")


def test_a_helper_records_only_their_own_visits_to_their_own_households(home, worker):
    helper = make_user("helper", Role.HELPER, "220802100")
    me = cadre("张帮扶", user=helper)
    assign(me, home)
    other = household("H2")
    visit(helper, home, me)
    with pytest.raises(VisitError) as excinfo:
        visit(helper, home, worker)
    assert refusal(excinfo) == (Refusal.ROLE, "帮扶责任人只能登记本人的走访")
    with pytest.raises(VisitError) as excinfo:
        visit(helper, other, me)
    assert refusal(excinfo) == (Refusal.NOT_FOUND, "未找到该户")
    assert Visit.objects.count() == 1


def test_photos_are_stored_with_their_names_and_types(township_a_admin, home, worker):
    photos = [photo("门前.png"), photo("厨房.JPG", kind="JPEG")]
    stored = visit(township_a_admin, home, worker, photos=photos).visit
    rows = list(stored.photos.order_by("id"))
    assert [(p.original_name, p.content_type) for p in rows] == [
        ("门前.png", "image/png"),
        ("厨房.JPG", "image/jpeg"),
    ]
    assert rows[0].file.name.startswith(f"visits/{stored.visited_on:%Y/%m}/")
    assert rows[0].file.read().startswith(b"\x89PNG")


@pytest.mark.parametrize(
    ("photos", "message"),
    [
        ([photo()] * 10, "每次走访最多上传 9 张照片（选择了 10 张）"),
        (
            [SimpleUploadedFile("说明.pdf", b"%PDF-1.4")],
            "“说明.pdf”不是允许的文件类型（只接受 jpg、png）",
        ),
        (
            [SimpleUploadedFile("假.jpg", b"GIF89a....")],
            "“假.jpg”的内容与扩展名不符（只接受真实的 jpg、png 文件）",
        ),
        (
            [SimpleUploadedFile("大.png", b"\x89PNG\r\n\x1a\n" + b"0" * (10 * 1024 * 1024))],
            "超过 10 MB 的上限",
        ),
    ],
)
def test_photos_other_than_small_real_images_are_refused(
    township_a_admin, home, worker, photos, message
):
    with pytest.raises(VisitError) as excinfo:
        visit(township_a_admin, home, worker, photos=photos)
    assert message in excinfo.value.message
    assert not VisitPhoto.objects.exists() and not Visit.objects.exists()


def test_a_visit_opens_a_screening_lead_with_its_findings(village_admin, home, worker):
    recorded = visit(village_admin, home, worker, findings="户主住院，收入骤减", open_lead=True)
    case = Case.objects.get()
    assert recorded.lead_opened and recorded.visit.lead == case
    assert (case.channel, case.note, case.opened_by) == (
        Channel.CADRE_SCREENING,
        "户主住院，收入骤减",
        village_admin,
    )


def test_a_visit_to_a_household_with_an_open_case_is_linked_to_that_case(
    village_admin, home, worker
):
    existing = open_lead(village_admin, home, channel=Channel.SELF_REPORTED, note="申报困难")
    recorded = visit(village_admin, home, worker, findings="仍在治疗", open_lead=True)
    assert not recorded.lead_opened
    assert recorded.visit.lead == existing and Case.objects.count() == 1


def test_a_refused_lead_leaves_no_visit(village_admin, home, worker):
    home.closed_on = timezone.localdate()
    home.save()
    before = home.closed_on - dt.timedelta(days=1)
    with pytest.raises(DomainError, match="注销，不能登记线索"):
        visit(village_admin, home, worker, visited_on=before, findings="无人", open_lead=True)
    assert not Visit.objects.exists() and not ChangeProposal.objects.exists()
