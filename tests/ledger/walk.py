"""Taking a problem through its steps in a line each, with valid values, as the personas would.

The village office registers a problem of 新和居委会 and sets the measure, the helping cadre who
answers for it rectifies, the village office verifies and the township closes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from fupin.accounts.models import User
from fupin.grid.models import Cadre
from fupin.ledger import services
from fupin.ledger.attachments import Upload
from fupin.ledger.choices import EvidenceKind, ProblemClass, ProblemState, Source
from fupin.ledger.models import Problem
from fupin.regions.models import Region
from tests.conftest import VILLAGE_A

BEIJING = ZoneInfo("Asia/Shanghai")
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=BEIJING)
DEADLINE = dt.date(2026, 3, 31)
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32

S = ProblemState


@dataclass
class People:
    village: User
    township: User
    county: User
    helper: User
    cadre: Cadre


def photo(name: str = "整改后.jpg") -> Upload:
    return Upload(EvidenceKind.PHOTO, SimpleUploadedFile(name, JPEG))


def register(actor: User, code: str = VILLAGE_A, **values: Any) -> Problem:
    return services.register(
        actor,
        Region.objects.get(code=code),
        **{
            "category": ProblemClass.HOUSING,
            "source": Source.SUPERVISION,
            "description": "危房改造后屋顶漏雨",
        }
        | values,
    )


# Each step with valid values, by its code: (actor, problem) → what the service returns.
STEP_CALLS: dict[str, Callable[[User, Problem], Any]] = {
    "register": lambda actor, problem: register(actor, problem.region_id),
    "set_measure": lambda actor, problem: services.set_measure(
        actor, problem, measure="更换屋面防水层", deadline=DEADLINE, responsible_unit="平安镇"
    ),
    "extend_deadline": lambda actor, problem: services.extend_deadline(
        actor, problem, deadline=DEADLINE + dt.timedelta(days=30), reason="雨季施工困难"
    ),
    "rectify": lambda actor, problem: services.record_rectification(
        actor, problem, done="已更换防水层，经雨天检查不再漏雨", uploads=[photo()]
    ),
    "verify": lambda actor, problem: services.verify(
        actor, problem, finding="入户查看，屋顶无渗漏"
    ),
    "send_back": lambda actor, problem: services.send_back(actor, problem, reason="墙角仍有渗水"),
    "close": lambda actor, problem: services.close(actor, problem, opinion="同意销号"),
    "reopen": lambda actor, problem: services.reopen(
        actor, problem, reason="复查发现再次漏雨", measure="重新修缮", deadline=DEADLINE
    ),
}


def walk_to(state: str, people: People) -> Problem:
    """A village problem in ``state``, through the services alone: the village office registers,
    measures and verifies, the helping cadre rectifies, the township closes."""
    problem = register(people.village, responsible_cadre=people.cadre)
    path = [
        ("set_measure", people.village),
        ("rectify", people.helper),
        ("verify", people.village),
        ("close", people.township),
    ]
    for code, actor in path:
        if problem.state == state:
            break
        STEP_CALLS[code](actor, problem)
        problem.refresh_from_db()
    assert problem.state == state, problem.state
    return problem
