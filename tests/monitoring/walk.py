"""Taking a case through its steps in a line each, with valid values, as the personas would.

``walk_to(state, ...)`` builds a case in any state of rules.md §9 through the services alone, moving
the clock where the rules demand it (5 days of 公示, 6 months of help).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fupin.accounts.models import User
from fupin.monitoring import services
from fupin.monitoring.attachments import Upload
from fupin.monitoring.choices import AttachmentKind, CaseState, Channel, MeasureKind, RiskType
from fupin.monitoring.leads import store_run_opening_leads
from fupin.monitoring.models import Case
from fupin.registry.models import Household
from fupin.rules.facts import RunInputs
from tests.rules.builders import adults, household, income

BEIJING = ZoneInfo("Asia/Shanghai")
START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=BEIJING)
INCOME_YEAR = 2025

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def upload(kind: str, name: str = "授权承诺.pdf", content: bytes = PDF) -> Upload:
    return Upload(kind, SimpleUploadedFile(name, content))


def authorisation() -> Upload:
    return upload(AttachmentKind.AUTHORISATION)


def today() -> dt.date:
    return timezone.localdate()


def stable_household(code: str = "H1", **fields: Any) -> Household:
    """An exited household of two working adults whose income is above the monitoring line: no
    alert fires for it, and 风险消除 is allowed once the time has passed."""
    home = household(code, exit_year=2019, **fields)
    adults(home, 2)
    income(home, INCOME_YEAR, 30_000)
    return home


def alerted_household(code: str = "H1", **fields: Any) -> Household:
    """An exited household below the monitoring line (M01: 4,000 a head against 6,000)."""
    home = household(code, exit_year=2019, **fields)
    adults(home, 2)
    income(home, INCOME_YEAR, 8_000)
    return home


def rule_run(year: int = INCOME_YEAR, region: str = "220802") -> Any:
    stored, _ = store_run_opening_leads(
        None, Household.objects.all(), RunInputs.of(year), region=region
    )
    return stored


# --- One step each, with valid values -----------------------------------------------------------


def open_lead(actor: User, home: Household) -> Case:
    return services.open_lead(
        actor, home, channel=Channel.CADRE_SCREENING, note="走访发现因病支出大"
    )


def verify(actor: User, case: Case, **values: Any) -> Any:
    return services.record_verification(
        actor,
        case,
        **{
            "visited_on": today(),
            "findings": "户主患病住院，家庭收入下降",
            "net_income": "8000",
            "risks": [RiskType.ILLNESS],
            "uploads": [authorisation()],
        }
        | values,
    )


def review(actor: User, case: Case, **values: Any) -> Any:
    return services.record_review(
        actor,
        case,
        **{
            "held_on": today(),
            "participants": ["张三", "李四", "王五"],
            "votes_for": 3,
            "votes_against": 0,
        }
        | values,
    )


def notice(actor: User, case: Case, **values: Any) -> Any:
    return services.start_notice(actor, case, **{"starts_on": today()} | values)


def township_approve(actor: User, case: Case) -> Any:
    return services.township_approve(actor, case, opinion="同意")


def township_return(actor: User, case: Case) -> Any:
    return services.township_return(actor, case, reason="收入数据存疑，请重新核实")


def county_approve(actor: User, case: Case, **values: Any) -> Any:
    return services.county_approve(
        actor,
        case,
        **{"case_type": "脱贫不稳定户", "risks": [RiskType.ILLNESS], "opinion": "同意纳入"}
        | values,
    )


def add_measure(actor: User, case: Case, **values: Any) -> Any:
    return services.add_help_measure(
        actor,
        case,
        **{
            "kind": MeasureKind.PUBLIC_WELFARE_JOB,
            "description": "安排村保洁公益岗位",
            "responsible": "李某",
            "starts_on": today(),
            "amount": "6000",
        }
        | values,
    )


def not_included(actor: User, case: Case) -> Any:
    return services.not_included(actor, case, reason="核实后收入稳定，无返贫风险")


def request_elimination(actor: User, case: Case) -> Any:
    return services.request_elimination(actor, case, reason="收入稳定")


def approve_elimination(actor: User, case: Case) -> Any:
    return services.approve_elimination(actor, case, opinion="同意风险消除")


def cancel_elimination(actor: User, case: Case) -> Any:
    return services.cancel_elimination(actor, case, reason="仍有大额医疗支出")


def reopen(actor: User, case: Case) -> Any:
    return services.reopen(actor, case, channel=Channel.SELF_REPORTED, note="农户再次申报")


# Every step on an existing case, by its code in the workflow table.
STEP_CALLS: dict[str, Callable[[User, Case], Any]] = {
    "verify": verify,
    "review": review,
    "not_include": not_included,
    "notice": notice,
    "township_approve": township_approve,
    "township_return": township_return,
    "county_approve": county_approve,
    "add_measure": add_measure,
    "request_elimination": request_elimination,
    "approve_elimination": approve_elimination,
    "cancel_elimination": cancel_elimination,
}


# --- A case in any state ------------------------------------------------------------------------


@dataclass(frozen=True)
class Staff:
    """The three offices a case passes through (all over 平安镇's 新和居委会)."""

    village: User
    township: User
    county: User


Position = tuple[str, bool]  # (state, eliminating)


def walk_to(target: Position, *, home: Household, staff: Staff, clock: Any) -> Case:
    """A case of ``home`` at ``target``, reached through the services alone."""
    case = open_lead(staff.village, home)

    def wait(days: int) -> None:
        clock.shift(dt.timedelta(days=days))

    s = CaseState
    path: list[tuple[Position, Callable[[], Any]]] = [
        ((s.LEAD, False), lambda: None),
        ((s.VERIFIED, False), lambda: verify(staff.village, case)),
        ((s.REVIEWED, False), lambda: review(staff.village, case)),
        ((s.NOTICE, False), lambda: notice(staff.village, case)),
        ((s.TOWNSHIP_APPROVED, False), lambda: (wait(5), township_approve(staff.township, case))),
        ((s.INCLUDED, False), lambda: county_approve(staff.county, case)),
        ((s.HELPING, False), lambda: add_measure(staff.village, case)),
        (
            (s.ELIMINATION_REQUESTED, True),
            lambda: (wait(190), rule_run(), request_elimination(staff.village, case)),
        ),
        ((s.VERIFIED, True), lambda: verify(staff.village, case, risks=[])),
        ((s.NOTICE, True), lambda: notice(staff.village, case)),
        ((s.ELIMINATED, True), lambda: (wait(5), approve_elimination(staff.county, case))),
    ]
    detours: dict[Position, tuple[Position, Callable[[], Any]]] = {
        (s.RETURNED, False): ((s.NOTICE, False), lambda: township_return(staff.township, case)),
        (s.NOT_INCLUDED, False): ((s.REVIEWED, False), lambda: not_included(staff.village, case)),
    }
    stop, detour = detours.get(target, (target, None))
    for position, step in path:
        step()
        if position == stop:
            break
    if detour is not None:
        detour()
    case.refresh_from_db()
    assert (case.state, case.eliminating) == target
    return case


# Every position a case can be in.
POSITIONS: list[Position] = [
    (CaseState.LEAD, False),
    (CaseState.VERIFIED, False),
    (CaseState.REVIEWED, False),
    (CaseState.NOTICE, False),
    (CaseState.TOWNSHIP_APPROVED, False),
    (CaseState.RETURNED, False),
    (CaseState.INCLUDED, False),
    (CaseState.HELPING, False),
    (CaseState.ELIMINATION_REQUESTED, True),
    (CaseState.VERIFIED, True),
    (CaseState.NOTICE, True),
    (CaseState.ELIMINATED, True),
    (CaseState.NOT_INCLUDED, False),
]
