"""The village's notice board of its responsibility grid (帮扶责任公示牌): who answers for the
village, for each area and for each household, the units paired with it, and where to report
a cadre who does not do the job; as a page and as an A4 PDF.

The board hangs outside the village committee, so it names the cadres with their photo, post,
unit and office phone, and a household only by the name of its head: never an ID number, a
household code, a household's phone or anything else from the registry. ``BoardCadre`` holds
only what may be shown, so neither the page nor the PDF can reach anything more.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from fpdf import FPDF

from fupin.core.pdf import BODY_SIZE, FAMILY, HEADING_FILL, HEADINGS, a4_sheet
from fupin.regions.models import Region
from fupin.registry.choices import Relation
from fupin.registry.models import Member
from fupin.registry.queries import active_members

from .choices import Level
from .models import Assignment, Cadre, Pairing
from .queries import active_on

# 全国扶贫监督举报电话. The township's own 扶贫办 phone is not recorded anywhere, so the board
# gives the national line, which passes reports on to the county.
SUPERVISION_HOTLINE = "12317"
NO_HEAD = "（户主未登记）"
NONE_YET = "（暂无）"


@dataclass(frozen=True)
class BoardCadre:
    pk: int
    name: str
    post: str
    unit: str
    phone: str
    photo: str  # the stored file's name, empty when the cadre has no photo
    duty: str  # what they answer for, as posted: areas, or the heads of their households


@dataclass(frozen=True)
class Section:
    heading: str
    duty_label: str  # empty where the heading says it all (包村: the whole village)
    cadres: list[BoardCadre]


@dataclass(frozen=True)
class BoardPairing:
    unit: str
    partner: str  # the village or its township
    contact: str
    phone: str


@dataclass(frozen=True)
class Board:
    village: Region
    township: Region
    day: dt.date
    sections: list[Section]
    pairings: list[BoardPairing]

    @property
    def title(self) -> str:
        return f"{self.village.name}帮扶责任公示牌"

    @property
    def hotline(self) -> str:
        return f"监督举报电话：{SUPERVISION_HOTLINE}"


SECTIONS = (
    (Level.VILLAGE, "包村领导", ""),
    (Level.AREA, "包片村干部", "负责片区"),
    (Level.HOUSEHOLD, "包户帮扶责任人", "帮扶农户"),
)


def village_board(village: Region, day: dt.date) -> Board:
    """The board of ``village`` (already checked against the user's scope) as on ``day``.

    A board is public, so everyone who may see the village sees the whole of it: a helping
    cadre, who otherwise sees only their own households, included."""
    head = active_members(
        day, Member.objects.filter(household=OuterRef("household_id"), relation=Relation.HEAD)
    )
    assignments = (
        Assignment.objects.filter(village=village)
        .active_on(day)
        .select_related("cadre", "area")
        .annotate(head_name=Subquery(head.values("name")[:1]))
        .order_by("area__name", "cadre__name", "cadre_id", "household__code")
    )
    duties: dict[str, dict[Cadre, list[str]]] = defaultdict(dict)
    for assignment in assignments:
        targets = duties[assignment.level].setdefault(assignment.cadre, [])
        if assignment.level == Level.AREA:
            targets.append(assignment.area.name)
        elif assignment.level == Level.HOUSEHOLD:
            targets.append(assignment.head_name or NO_HEAD)
    sections = [
        Section(
            heading,
            label,
            [_shown(cadre, "、".join(targets)) for cadre, targets in duties[level].items()],
        )
        for level, heading, label in SECTIONS
    ]
    # Pairings end as assignments do: ``ended_on`` is the first day without.
    pairings = (
        Pairing.objects.filter(active_on("", day), region_id__in=[village.code, village.parent_id])
        .select_related("region")
        .order_by("-region_id", "started_on", "id")  # the village's own before its township's
    )
    township = village.parent
    assert township is not None, "a village lies in a township"
    return Board(
        village=village,
        township=township,
        day=day,
        sections=sections,
        pairings=[BoardPairing(p.unit, p.region.name, p.contact, p.phone) for p in pairings],
    )


def _shown(cadre: Cadre, duty: str) -> BoardCadre:
    return BoardCadre(
        pk=cadre.pk,
        name=cadre.name,
        post=cadre.post,
        unit=cadre.unit,
        phone=cadre.phone,
        photo=cadre.photo.name or "",
        duty=duty,
    )


# --- PDF -----------------------------------------------------------------------------------------

# Two cards a row across the 190 mm between A4's margins; the photo keeps the 5:7 of an ID photo.
CARD_WIDTH = 92
CARD_GAP = 6
PHOTO_WIDTH = 20
PHOTO_HEIGHT = 28
PADDING = 2
LINE = 5
NAME_SIZE = 12
CARD_SIZE = 9.5
TEXT_WIDTH = CARD_WIDTH - PHOTO_WIDTH - 3 * PADDING
PAIRING_COLUMNS = (("帮扶单位", 70), ("结对对象", 40), ("联系人", 35), ("联系电话", 45))


def board_pdf(board: Board) -> bytes:
    pdf = a4_sheet(board.title)
    pdf.cell(
        0,
        6,
        f"{board.township.name}　{board.village.name}　　{board.day:%Y年%m月%d日}",
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    for section in board.sections:
        _heading(pdf, section.heading)
        for start in range(0, len(section.cadres), 2):
            _card_row(pdf, section.cadres[start : start + 2], section.duty_label)
        if not section.cadres:
            pdf.cell(0, 8, NONE_YET, new_x="LMARGIN", new_y="NEXT")
    _heading(pdf, "结对帮扶")
    if board.pairings:
        with pdf.table(
            col_widths=[width for _, width in PAIRING_COLUMNS],
            text_align="LEFT",
            headings_style=HEADINGS,
        ) as table:
            table.row([label for label, _ in PAIRING_COLUMNS])
            for pairing in board.pairings:
                table.row([pairing.unit, pairing.partner, pairing.contact, pairing.phone])
    else:
        pdf.cell(0, 8, NONE_YET, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font(FAMILY, size=13)
    pdf.cell(0, 8, board.hotline, align="C", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(3)
    pdf.set_font(FAMILY, size=12)
    pdf.set_fill_color(HEADING_FILL)
    pdf.cell(0, 8, text, fill=True, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, size=BODY_SIZE)
    pdf.ln(2)


def _card_lines(cadre: BoardCadre, duty_label: str) -> list[str]:
    lines = [f"职务：{cadre.post}", f"单位：{cadre.unit}", f"电话：{cadre.phone}"]
    return [*lines, f"{duty_label}：{cadre.duty}"] if duty_label else lines


def _card_row(pdf: FPDF, cadres: list[BoardCadre], duty_label: str) -> None:
    """One or two cards side by side, as tall as the taller; a row never splits over pages."""
    pdf.set_font(FAMILY, size=CARD_SIZE)
    texts = [_card_lines(cadre, duty_label) for cadre in cadres]
    text_heights = [LINE * (1 + sum(len(_wrapped(pdf, line)) for line in lines)) for lines in texts]
    height = max(PHOTO_HEIGHT, *text_heights) + 2 * PADDING
    if pdf.get_y() + height > pdf.page_break_trigger:
        pdf.add_page()
    top = pdf.get_y()
    for column, (cadre, lines) in enumerate(zip(cadres, texts, strict=True)):
        left = pdf.l_margin + column * (CARD_WIDTH + CARD_GAP)
        pdf.rect(left, top, CARD_WIDTH, height)
        _photo(pdf, cadre.photo, left + PADDING, top + PADDING)
        text_left = left + 2 * PADDING + PHOTO_WIDTH
        pdf.set_xy(text_left, top + PADDING)
        pdf.set_font(FAMILY, size=NAME_SIZE)
        pdf.cell(TEXT_WIDTH, LINE, cadre.name, new_x="LEFT", new_y="NEXT")
        pdf.set_font(FAMILY, size=CARD_SIZE)
        for line in lines:
            pdf.multi_cell(TEXT_WIDTH, LINE, line, align="L", new_x="LEFT", new_y="NEXT")
    pdf.set_xy(pdf.l_margin, top + height + CARD_GAP / 2)
    pdf.set_font(FAMILY, size=BODY_SIZE)


def _wrapped(pdf: FPDF, text: str) -> list[str]:
    lines = pdf.multi_cell(TEXT_WIDTH, LINE, text, dry_run=True, output="LINES")
    assert isinstance(lines, list)  # what output="LINES" asks for, of all the kinds it may give
    return lines


def _photo(pdf: FPDF, name: str, x: float, y: float) -> None:
    """The cadre's photo fitted into the frame, or a grey box saying 照片 when there is none or
    its file cannot be read (a missing file must not keep the board from printing)."""
    if name:
        try:
            with Cadre._meta.get_field("photo").storage.open(name) as stored:
                image = io.BytesIO(stored.read())
            pdf.image(image, x, y, PHOTO_WIDTH, PHOTO_HEIGHT, keep_aspect_ratio=True)
            return
        except OSError:  # a missing or unreadable file (Pillow's errors are OSErrors too)
            pass
    pdf.set_fill_color(225, 225, 225)
    pdf.rect(x, y, PHOTO_WIDTH, PHOTO_HEIGHT, style="F")
    pdf.set_text_color(120)
    pdf.set_xy(x, y + (PHOTO_HEIGHT - LINE) / 2)
    pdf.cell(PHOTO_WIDTH, LINE, "照片", align="C")
    pdf.set_text_color(0)
