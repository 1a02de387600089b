"""The village's 帮扶责任公示牌 as a page and an A4 PDF: the cadres on duty today with their
photos, the households by their head's name only, the pairings and the supervision line."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from fupin.accounts.choices import Role
from fupin.grid.board import village_board
from fupin.grid.models import Area, AreaHousehold, Assignment, Cadre, Pairing
from fupin.regions.models import Region
from fupin.registry.models import Household, Member
from tests.conftest import TOWNSHIP_A, VILLAGE_A, client_for, make_user
from tests.monitoring.pages import ID_NUMBER, pdf_text
from tests.rules.builders import household, member

from .builders import cadre

pytestmark = pytest.mark.django_db

PAGE = reverse("grid:board", args=[VILLAGE_A])
PDF = reverse("grid:board_pdf", args=[VILLAGE_A])
SINCE = dt.date(2025, 1, 1)
# Household codes as the registry writes them; none may reach the board.
HOME_CODE, FORMER_CODE, AREA_CODE = "22080210000100071", "22080210000100072", "22080210000100073"
HOUSEHOLD_PHONE = "13812345678"


def png(colour: tuple[int, int, int] = (180, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (50, 70), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def assign(who: Cadre, level: str, **fields) -> Assignment:  # type: ignore[no-untyped-def]
    return Assignment.objects.create(
        cadre=who, level=level, village_id=VILLAGE_A, started_on=SINCE, **fields
    )


@pytest.fixture
def posted() -> dict[str, Cadre]:
    """刘书记 leads the village (with a photo), 陈村委 answers for 东片, 王帮扶 helps 张大山's
    household (no photo); 赵离任 helped 李小河's household until last year."""
    home = household(HOME_CODE, phone=HOUSEHOLD_PHONE)
    member(home, dt.date(1968, 5, 1), name="张大山")
    member(home, dt.date(1995, 9, 1), name="张小林")
    former = household(FORMER_CODE)
    member(former, dt.date(1959, 2, 1), name="李小河")
    in_area = household(AREA_CODE)
    member(in_area, dt.date(1975, 3, 1), name="周东坡")

    leader = cadre("刘书记", region=TOWNSHIP_A, kind="乡镇领导", post="党委副书记")
    leader.photo.save("leader.png", ContentFile(png()))
    village_cadre = cadre("陈村委", region=VILLAGE_A, kind="村干部", post="村委会委员")
    helper = cadre("王帮扶", unit="洮北区教育局")
    gone = cadre("赵离任")
    east = Area.objects.create(village_id=VILLAGE_A, name="东片")
    AreaHousehold.objects.create(area=east, household=in_area)

    assign(leader, "包村")
    assign(village_cadre, "包片", area=east)
    assign(helper, "包户", household=home)
    assign(gone, "包户", household=former, ended_on=dt.date(2025, 6, 1))
    Pairing.objects.create(
        unit="长春市农业农村局",
        region_id=TOWNSHIP_A,
        started_on=SINCE,
        contact="孙联络",
        phone="0431-88886666",
    )
    Pairing.objects.create(
        unit="已结束的结对单位", region_id=VILLAGE_A, started_on=SINCE, ended_on=dt.date(2025, 3, 1)
    )
    return {"leader": leader, "village_cadre": village_cadre, "helper": helper, "gone": gone}


def more_helpers(count: int) -> None:
    """``count`` more helpers, 干部0… each answering for the household of 户主0…"""
    for number in range(count):
        home = household(f"2208021000010{number:04d}")
        member(home, dt.date(1970, 1, 1), name=f"户主{number}")
        assign(cadre(f"干部{number}"), "包户", household=home)


def secrets() -> list[str]:
    """What the board must never show: the ID numbers of cadres and members, the household
    codes and a household's own phone."""
    return [
        *Cadre.objects.values_list("id_number", flat=True),
        *Member.objects.values_list("id_number", flat=True),
        *Household.objects.values_list("code", flat=True),
        HOUSEHOLD_PHONE,
    ]


def test_the_board_holds_the_cadres_on_duty_and_the_heads_of_their_households(posted):
    board = village_board(Region.objects.get(code=VILLAGE_A), timezone.localdate())
    leaders, areas, helpers = board.sections
    assert board.township.name == "平安镇" and board.title == "新和居委会帮扶责任公示牌"
    assert [(c.name, c.post, c.duty) for c in leaders.cadres] == [("刘书记", "党委副书记", "")]
    assert [(c.name, c.duty) for c in areas.cadres] == [("陈村委", "东片")]
    assert [(c.name, c.unit, c.duty) for c in helpers.cadres] == [
        ("王帮扶", "洮北区教育局", "张大山")
    ]
    assert leaders.cadres[0].photo and not helpers.cadres[0].photo
    assert [(p.unit, p.partner, p.contact) for p in board.pairings] == [
        ("长春市农业农村局", "平安镇", "孙联络")
    ]
    assert board.hotline == "监督举报电话：12317"


def test_a_helper_with_several_households_is_one_card_listing_each_head_in_code_order(posted):
    other = household("22080210000100074")
    member(other, dt.date(1980, 1, 1), name="吴大姐")
    assign(posted["helper"], "包户", household=other)
    board = village_board(Region.objects.get(code=VILLAGE_A), timezone.localdate())
    assert [c.duty for c in board.sections[2].cadres] == ["张大山、吴大姐"]


def test_a_household_whose_head_has_died_is_shown_without_a_name(posted):
    Member.objects.filter(name="张大山").update(member_status="死亡", status_date=SINCE)
    board = village_board(Region.objects.get(code=VILLAGE_A), timezone.localdate())
    assert board.sections[2].cadres[0].duty == "（户主未登记）"


def test_the_page_shows_the_board_and_nothing_private(posted, township_a_admin):
    page = client_for(township_a_admin).get(PAGE).content.decode()
    for shown in ("刘书记", "党委副书记", "东片", "王帮扶", "张大山", "长春市农业农村局", "孙联络"):
        assert shown in page
    assert "监督举报电话：12317" in page and "data-print" in page
    assert "赵离任" not in page and "李小河" not in page and "已结束的结对单位" not in page
    assert "张小林" not in page  # a household is named by its head alone
    assert not ID_NUMBER.search(page)
    assert not [secret for secret in secrets() if secret in page]


def test_the_page_shows_photos_through_the_board(posted, township_a_admin):
    client = client_for(township_a_admin)
    page = client.get(PAGE).content.decode()
    url = reverse("grid:board_photo", args=[VILLAGE_A, posted["leader"].pk])
    assert f'src="{url}"' in page and "board-photo-blank" in page
    response = client.get(url)
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == png()


def test_the_pdf_opens_with_the_board_and_nothing_private(posted, township_a_admin):
    response = client_for(township_a_admin).get(PDF)
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = pdf_text(response.content)
    for shown in ("新和居委会帮扶责任公示牌", "平安镇", "刘书记", "东片", "王帮扶", "张大山"):
        assert shown in text
    assert "长春市农业农村局" in text and "监督举报电话：12317" in text
    assert "赵离任" not in text and "李小河" not in text and "张小林" not in text
    assert not ID_NUMBER.search(text)
    assert not [secret for secret in secrets() if secret in text]


def test_the_pdf_embeds_the_photo_and_a_placeholder_for_the_cadres_without(
    posted, township_a_admin
):
    content = client_for(township_a_admin).get(PDF).content
    images = [image for page in PdfReader(io.BytesIO(content)).pages for image in page.images]
    assert len(images) == 1 and images[0].image.size == (50, 70)
    # 陈村委 and 王帮扶 have no photo.
    assert pdf_text(content).count("照片") == 2


def test_a_photo_whose_file_is_gone_leaves_a_placeholder(posted, township_a_admin, settings):
    (settings.MEDIA_ROOT / posted["leader"].photo.name).unlink()
    content = client_for(township_a_admin).get(PDF).content
    assert pdf_text(content).count("照片") == 3


def test_a_long_board_runs_onto_more_pages(posted, township_a_admin):
    more_helpers(12)
    content = client_for(township_a_admin).get(PDF).content
    assert len(PdfReader(io.BytesIO(content)).pages) > 1
    assert "户主11" in pdf_text(content) and "监督举报电话：12317" in pdf_text(content)


def test_every_role_that_sees_the_village_sees_its_board(
    posted, village_admin, township_a_admin, county_admin, inspector, sysadmin
):
    helper = make_user("helper", Role.HELPER, VILLAGE_A)
    Cadre.objects.filter(pk=posted["helper"].pk).update(user=helper)
    photo = reverse("grid:board_photo", args=[VILLAGE_A, posted["leader"].pk])
    for user in (village_admin, township_a_admin, county_admin, inspector, sysadmin, helper):
        client = client_for(user)
        assert "刘书记" in client.get(PAGE).content.decode(), user.role
        assert client.get(PDF).status_code == 200 and client.get(photo).status_code == 200


def test_outside_the_villages_region_the_board_is_404(posted, township_b_admin, department):
    client = client_for(township_b_admin)
    photo = reverse("grid:board_photo", args=[VILLAGE_A, posted["leader"].pk])
    assert [client.get(url).status_code for url in (PAGE, PDF, photo)] == [404, 404, 404]
    assert Client().get(PAGE).status_code == 302
    # 行业部门 exchanges data through the API and has no pages at all.
    assert client_for(department).get(PAGE).status_code == 403


def test_only_a_village_has_a_board(posted, county_admin):
    url = reverse("grid:board", args=[TOWNSHIP_A])
    assert client_for(county_admin).get(url).status_code == 404


def test_a_photo_is_served_only_for_a_cadre_on_the_board_today(posted, township_a_admin):
    client = client_for(township_a_admin)
    posted["gone"].photo.save("gone.png", ContentFile(png((0, 0, 200))))
    gone = reverse("grid:board_photo", args=[VILLAGE_A, posted["gone"].pk])
    blank = reverse("grid:board_photo", args=[VILLAGE_A, posted["helper"].pk])
    assert client.get(gone).status_code == 404 and client.get(blank).status_code == 404


def test_the_board_takes_as_many_queries_for_twelve_helpers_as_for_one(posted, township_a_admin):
    client = client_for(township_a_admin)
    with CaptureQueriesContext(connection) as one:
        client.get(PAGE)
    more_helpers(11)
    with CaptureQueriesContext(connection) as twelve:
        client.get(PAGE)
    assert len(twelve) == len(one)
