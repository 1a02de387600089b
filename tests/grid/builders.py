"""Cadres and assignments built in a line for grid tests."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from fupin.grid.models import Cadre
from tests.registry.workbooks import person_id

_sequence = itertools.count(1)
DAY = dt.date(2026, 1, 5)


def cadre(name: str = "王帮扶", *, region: str = "220802100", **fields: Any) -> Cadre:
    number = next(_sequence)
    values = {
        "id_number": person_id(
            dt.date(1980, 1, 1) + dt.timedelta(days=number), number % 100, male=True
        ),
        "region_id": region,
        "unit": "洮北区农业农村局",
        "post": "科员",
        "phone": f"139{number:08d}",
        "kind": "帮扶责任人",
    }
    return Cadre.objects.create(name=name, **(values | fields))
