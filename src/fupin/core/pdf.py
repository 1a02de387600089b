"""A4 sheets in the bundled Chinese font: the notices and boards a village prints and posts.

Servers in offline intranets have no Chinese fonts of their own, so the font ships with fupin;
fpdf2 embeds only the glyphs a sheet uses, not the whole 5 MB collection.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

FONT = Path(__file__).resolve().parents[1] / "static" / "vendor" / "fonts" / "wqy-microhei.ttc"
# wqy-microhei.ttc holds two faces: 0 is 文泉驿微米黑, 1 its monospaced companion.
FONT_NUMBER = 0
FAMILY = "wqy"
BODY_SIZE = 10.5
# The collection has no bold face: headings are shaded instead of bold.
HEADING_FILL = (230, 230, 230)
HEADINGS = FontFace(emphasis="", fill_color=HEADING_FILL)


def a4_sheet(title: str) -> FPDF:
    """A portrait A4 document, its first page begun with ``title`` centred, set in the body font."""
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_title(title)
    pdf.set_creator("扶贫 · 防返贫监测帮扶系统")
    pdf.add_font(FAMILY, fname=str(FONT), collection_font_number=FONT_NUMBER)
    pdf.add_page()
    pdf.set_font(FAMILY, size=16)
    pdf.cell(0, 12, title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, size=BODY_SIZE)
    return pdf
