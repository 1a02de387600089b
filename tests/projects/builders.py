"""Projects and funds as the tests need them: a 光伏 station declared in 新和居委会, walked through
the library by the offices that take each step, and a county fund."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from fupin.accounts.models import User
from fupin.projects import funds, services
from fupin.projects.choices import FundSource, ProjectKind, ProjectState
from fupin.projects.models import Fund, Project
from fupin.regions.models import Region
from tests.conftest import COUNTY, VILLAGE_A

JPEG = b"\xff\xd8\xff\xe0" + b"0" * 200
TODAY = dt.date(2026, 6, 15)


def declaration(region: str = VILLAGE_A, **values: Any) -> services.Declaration:
    good: dict[str, Any] = {
        "region": Region.objects.get(code=region),
        "name": "新和村 100 千瓦村级光伏电站",
        "year": 2026,
        "kind": ProjectKind.INDUSTRY,
        "subkind": "光伏",
        "capacity_kw": Decimal("100"),
        "content": "在村委会屋顶建设 100 千瓦光伏电站，并网发电",
        "implementing_unit": "平安镇人民政府",
        "budget": Decimal("400000.00"),
        "planned_start": dt.date(2026, 4, 1),
        "planned_end": dt.date(2026, 9, 30),
        "output_target": "建成 100 千瓦光伏电站 1 座",
        "benefit_target": "年发电收益 8 万元，带动 50 户脱贫户分红",
    }
    return services.Declaration(**(good | values))


def photo(name: str = "验收.jpg") -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, JPEG, content_type="image/jpeg")


def walk_to(state: str, *, village: User, county: User, township: User) -> Project:
    """A project in ``state``: declared by the village, appraised, approved and entered by the
    county, started by the township and accepted and evaluated by the county."""
    project = services.declare(village, declaration())
    path = [
        (ProjectState.APPRAISED, lambda: services.appraise(county, project, opinion="论证可行")),
        (ProjectState.APPROVED, lambda: services.approve(county, project, opinion="同意")),
        (ProjectState.IN_LIBRARY, lambda: services.enter(county, project)),
        (
            ProjectState.IMPLEMENTING,
            lambda: services.start(township, project, started_on=dt.date(2026, 4, 2)),
        ),
        (
            ProjectState.ACCEPTED,
            lambda: services.accept(
                county,
                project,
                finished_on=dt.date(2026, 6, 1),
                finding="并网发电正常",
                files=[photo()],
            ),
        ),
        (
            ProjectState.EVALUATED,
            lambda: services.evaluate(
                county, project, output_result="建成 100 千瓦", benefit_result="年收益 8.2 万元"
            ),
        ),
    ]
    for target, take in path:
        if project.state == state:
            break
        take()
        assert project.state == target
    assert project.state == state
    return project


def county_fund(actor: User, amount: str = "1000000.00", region: str = COUNTY) -> Fund:
    return funds.receive(
        actor,
        region=Region.objects.get(code=region),
        source=FundSource.CENTRAL,
        year=2026,
        document_number="吉财农〔2026〕12号",
        name="2026年中央财政衔接推进乡村振兴补助资金",
        amount=amount,
        received_on=dt.date(2026, 3, 1),
    )


def household_work(actor: User, code: str = "W1", kind: str = "危房改造", **values: Any) -> Any:
    """A works registered at a new household of 新和居委会 (or ``values['household']``)."""
    from fupin.projects import works
    from tests.rules.builders import household

    home = values.pop("household", None) or household(code)
    good: dict[str, Any] = {
        "kind": kind,
        "year": 2026,
        "budget": Decimal("20000.00"),
        "content": "C 级危房加固改造",
    }
    return works.register_work(actor, home, **(good | values))


def all_pass(work: Any) -> list[Any]:
    from fupin.projects.works import ItemResult

    return [ItemResult(passed=True) for _ in work.checklist]


def one_fails(work: Any, note: str = "屋面仍漏雨") -> list[Any]:
    from fupin.projects.works import ItemResult

    return [ItemResult(passed=False, note=note)] + [
        ItemResult(passed=True) for _ in work.checklist[1:]
    ]


def books(*, village: User, county: User, township: User) -> dict[str, Any]:
    """A project being built, a county fund, a fund line of 300,000 yuan and an expense of
    120,000 yuan from it: what an audit covers."""
    project = walk_to(ProjectState.IMPLEMENTING, village=village, county=county, township=township)
    fund = county_fund(county)
    line = funds.allocate(
        county, fund=fund, project=project, amount="300000.00", allocated_on=dt.date(2026, 5, 1)
    )
    expense = funds.spend(
        county,
        allocation=line,
        amount="120000.00",
        paid_on=dt.date(2026, 5, 1),
        payee="吉林某光伏公司",
        purpose="组件款",
    )
    return {"project": project, "fund": fund, "allocation": line, "expense": expense}


def county_audit(actor: User, region: str = COUNTY) -> Any:
    from fupin.projects import audits

    return audits.open_audit(
        actor,
        region=Region.objects.get(code=region),
        name="2026年衔接资金专项审计",
        auditor_unit="船营区审计局",
        started_on=dt.date(2026, 6, 1),
        ended_on=dt.date(2026, 6, 30),
    )
