"""The one pagination bar: every link keeps the page's filters."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.template.loader import render_to_string


def test_every_link_keeps_the_filters_and_the_ends_are_one_click_away():
    page = Paginator(range(120), 50).get_page(2)
    html = render_to_string(
        "widgets/pagination.html", {"page": page, "query_string": "q=%E7%8E%8B"}
    )
    for number in (1, 3):
        assert f'href="?q=%E7%8E%8B&amp;page={number}"' in html
    assert "共 120 条，第 51–100 条" in html and "2 / 3" in html


def test_without_filters_the_links_carry_the_page_alone():
    html = render_to_string(
        "widgets/pagination.html", {"page": Paginator(range(60), 50).get_page(1)}
    )
    assert 'href="?page=2"' in html and "首页" in html
