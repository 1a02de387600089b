"""The project library's procedure: every step by the office that takes it, refusals by role,
office, state and four eyes, and each step kept with who, when and why."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from fupin.core.errors import Refusal
from fupin.projects import services
from fupin.projects.choices import ProjectState as S
from fupin.projects.errors import ProjectError
from fupin.projects.models import ProjectAttachment

from .builders import declaration, photo, walk_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def offices(village_admin, county_admin, township_a_admin):  # type: ignore[no-untyped-def]
    return {"village": village_admin, "county": county_admin, "township": township_a_admin}


def test_a_project_goes_from_declaration_to_evaluation_step_by_step(offices):
    project = walk_to(S.EVALUATED, **offices)
    steps = list(project.steps.values_list("step", "from_state", "to_state", "actor__username"))
    assert steps == [
        ("declare", "", S.DECLARED, "village_admin"),
        ("appraise", S.DECLARED, S.APPRAISED, "county_admin"),
        ("approve", S.APPRAISED, S.APPROVED, "county_admin"),
        ("enter", S.APPROVED, S.IN_LIBRARY, "county_admin"),
        ("start", S.IN_LIBRARY, S.IMPLEMENTING, "township_a_admin"),
        ("accept", S.IMPLEMENTING, S.ACCEPTED, "county_admin"),
        ("evaluate", S.ACCEPTED, S.EVALUATED, "county_admin"),
    ]
    project.refresh_from_db()
    assert (project.actual_start, project.actual_end) == (dt.date(2026, 4, 2), dt.date(2026, 6, 1))
    assert project.benefit_result == "年收益 8.2 万元"
    assert ProjectAttachment.objects.get().step.step == "accept"
    reasons = list(
        project.history.order_by("history_id").values_list("history_change_reason", flat=True)
    )
    assert reasons[-1] == "projects.project.evaluate 绩效评价"


def test_the_one_who_started_the_works_may_not_accept_them(offices):
    project = walk_to(S.IMPLEMENTING, **offices)
    with pytest.raises(ProjectError, match="须由他人验收") as refused:
        services.accept(
            offices["township"],
            project,
            finished_on=dt.date(2026, 6, 1),
            finding="好",
            files=[photo()],
        )
    assert refused.value.refusal == Refusal.ROLE
    assert project.steps.count() == 5


def test_acceptance_needs_evidence(offices):
    project = walk_to(S.IMPLEMENTING, **offices)
    with pytest.raises(ProjectError, match="须上传佐证材料"):
        services.accept(
            offices["county"], project, finished_on=dt.date(2026, 6, 1), finding="好", files=[]
        )
    project.refresh_from_db()
    assert project.state == S.IMPLEMENTING


def test_a_village_office_may_not_take_the_county_s_steps(offices):
    project = walk_to(S.DECLARED, **offices)
    with pytest.raises(ProjectError, match="不能办理“部门论证”") as refused:
        services.appraise(offices["village"], project, opinion="自己论证")
    assert refused.value.refusal == Refusal.ROLE


def test_a_step_out_of_order_is_refused_by_state(offices):
    project = walk_to(S.DECLARED, **offices)
    with pytest.raises(
        ProjectError, match="当前状态为“已申报”，不能办理“入库”（应在“已审定”时办理）"
    ):
        services.enter(offices["county"], project)


def test_another_township_does_not_find_the_project(offices, township_b_admin):
    project = walk_to(S.IN_LIBRARY, **offices)
    with pytest.raises(ProjectError) as refused:
        services.start(township_b_admin, project, started_on=dt.date(2026, 4, 2))
    assert refused.value.refusal == Refusal.NOT_FOUND


def test_an_inspector_changes_nothing(offices, inspector):
    project = walk_to(S.DECLARED, **offices)
    with pytest.raises(ProjectError):
        services.appraise(inspector, project, opinion="看看")
    with pytest.raises(ProjectError):
        services.declare(inspector, declaration())


def test_rejection_states_its_reason_and_ends_the_procedure(offices):
    project = walk_to(S.APPRAISED, **offices)
    services.reject(offices["county"], project, reason="选址不在规划内")
    assert project.state == S.REJECTED
    assert project.steps.last().note == "选址不在规划内"
    with pytest.raises(ProjectError, match="请填写不予入库的理由"):
        services.reject(offices["county"], walk_to(S.DECLARED, **offices), reason=" ")


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"name": ""}, "请填写项目名称"),
        ({"budget": "0"}, "投资规模应大于 0"),
        ({"budget": "12.345"}, "最多到分"),
        ({"budget": "十万"}, "投资规模应为金额"),
        ({"kind": "航天"}, "项目类型应为"),
        ({"capacity_kw": None}, "光伏项目请填写装机容量"),
        ({"subkind": "道路", "capacity_kw": Decimal("5")}, "只有光伏项目填写装机容量"),
        ({"planned_end": dt.date(2026, 3, 1)}, "计划完工日期不能早于计划开工日期"),
        ({"year": 1900}, "年度应为"),
    ],
)
def test_a_bad_declaration_is_refused_and_writes_nothing(offices, values, message):
    with pytest.raises(ProjectError, match=message):
        services.declare(offices["village"], declaration(**values))
    from fupin.projects.models import Project

    assert not Project.objects.exists()


def test_a_village_declares_only_within_its_village(offices, township_b_code):
    with pytest.raises(ProjectError):
        services.declare(offices["village"], declaration(region=township_b_code))
