"""The steps of a monitoring case (rules.md §9), as verb-named services that pages and the API
both call.

Every service takes the acting user first and keyword-only values, runs in one transaction with
the case row locked, checks the step against the table in ``workflow`` (region, role, office,
state, time guards, evidence), then saves the case with a history record naming the actor and
writes one :class:`Transition` with what was recorded and its attachments. A refusal is a
:class:`MonitoringError` with a Chinese message; a household outside the actor's region is
refused as not found.

The current time is ``django.utils.timezone.now()``, read once per step: tests move the clock
with time-machine. Dates typed by a person (visit, meeting, notice) are checked against today's
date in the project's time zone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from fupin.accounts.models import User
from fupin.core.history import record_change
from fupin.core.scope import is_visible
from fupin.core.spreadsheet_safety import FORMULA_NAME_REASON, begins_like_formula
from fupin.core.versions import check_unchanged
from fupin.registry.models import Household

from .attachments import Upload, check_uploads, store_uploads
from .choices import MANUAL_CHANNELS, CaseType, MeasureKind, RiskType
from .constants import NOTICE_MIN_DAYS
from .eligibility import review_elimination
from .errors import MonitoringError, invalid, not_found
from .models import Case, CaseRisk, HelpMeasure, Transition
from .workflow import (
    ADD_MEASURE,
    APPROVE_ELIMINATION,
    CANCEL_ELIMINATION,
    COUNTY_APPROVE,
    NOT_INCLUDE,
    NOTICE,
    OPEN,
    REQUEST_ELIMINATION,
    REVIEW,
    TOWNSHIP_APPROVE,
    TOWNSHIP_RETURN,
    VERIFY,
    Step,
    check_actor,
    check_notice_over,
    check_state,
)

# --- Leads ---------------------------------------------------------------------------------------


def open_lead(
    actor: User,
    household: Household,
    *,
    channel: str,
    note: str,
    reopened_from: Case | None = None,
) -> Case:
    """线索: a lead from 农户自主申报, 干部排查 or 部门预警 (系统预警 leads come from rule runs)."""
    check_actor(actor, OPEN, household)
    if channel not in MANUAL_CHANNELS:
        raise invalid(
            f"线索来源应为{'、'.join(sorted(MANUAL_CHANNELS))}之一（系统预警由规则运行自动生成）"
        )
    note = _required(note, "线索说明")
    if household.closed_on is not None:
        raise MonitoringError(f"该户已于 {household.closed_on:%Y-%m-%d} 注销，不能登记线索")
    now = timezone.now()
    try:
        with transaction.atomic():
            _refuse_second_open_case(household)
            case = Case(
                household=household,
                channel=channel,
                note=note,
                opened_at=now,
                opened_by=actor,
                reopened_from=reopened_from,
            )
            _save(case, actor, OPEN)
            _write_transition(actor, case, OPEN, "", now=now, reason=note, data={})
    except IntegrityError:  # another lead for the household was committed at the same moment
        _refuse_second_open_case(household)
        raise
    return case


def reopen(actor: User, case: Case, *, channel: str, note: str) -> Case:
    """A closed case starts again as a new lead (a new case that points back to the old one)."""
    if not is_visible(actor, case.household):
        raise not_found()
    if case.is_open:
        raise MonitoringError("案件尚未关闭，不能重新登记为线索")
    return open_lead(actor, case.household, channel=channel, note=note, reopened_from=case)


def _refuse_second_open_case(household: Household) -> None:
    current = Case.objects.open().filter(household=household).first()
    if current is not None:
        raise MonitoringError(
            f"该户已有未关闭的监测案件（当前状态：{current.get_state_display()}），不能重复登记"
        )


# --- Identification: 入户核实, 民主评议, 公示, 乡镇初审, 县级审定 -----------------------------------


def record_verification(
    actor: User,
    case: Case,
    *,
    visited_on: dt.date,
    findings: str,
    net_income: Decimal | str | int,
    risks: Sequence[str],
    uploads: Sequence[Upload],
) -> Transition:
    """入户核实: the visit's findings, the household's net income of the year (yuan), the risks
    found, and the household's signed authorisation (农户授权承诺) with any photos. In the second
    pass of 风险消除 the same record is made again."""
    with transaction.atomic():
        case, now = _begin(actor, case, VERIFY)
        data = {
            "visited_on": _past_date(
                visited_on, "核实日期", not_before=_last_step_at(case), now=now
            ).isoformat(),
            "findings": _required(findings, "核实情况"),
            "net_income": str(_money(net_income, "家庭年纯收入")),
            "risks": _risks(risks, at_least_one=False),
        }
        return _advance(actor, case, VERIFY, now=now, data=data, uploads=uploads)


def record_review(
    actor: User,
    case: Case,
    *,
    held_on: dt.date,
    participants: Sequence[str],
    votes_for: int,
    votes_against: int,
    uploads: Sequence[Upload] = (),
) -> Transition:
    """民主评议: the village meeting's date, who took part, and the votes. A meeting that does not
    approve (no majority for) cannot move the case on: the village records 不予纳入 instead."""
    with transaction.atomic():
        case, now = _begin(actor, case, REVIEW)
        names = [name.strip() for name in participants if name and name.strip()]
        if not names:
            raise invalid("请填写参加评议的人员")
        for label, votes in (("赞成票", votes_for), ("反对票", votes_against)):
            if not isinstance(votes, int) or votes < 0:
                raise invalid(f"{label}应为不小于 0 的整数")
        if votes_for + votes_against > len(names):
            raise invalid(f"票数合计 {votes_for + votes_against} 多于参加人数 {len(names)}")
        if votes_for <= votes_against:
            raise invalid(
                f"评议未获通过（赞成 {votes_for} 票，反对 {votes_against} 票）：应办理“不予纳入”"
            )
        data = {
            "held_on": _past_date(
                held_on, "评议日期", not_before=_last_step_at(case), now=now
            ).isoformat(),
            "participants": names,
            "votes_for": votes_for,
            "votes_against": votes_against,
        }
        return _advance(actor, case, REVIEW, now=now, data=data, uploads=uploads)


def not_included(actor: User, case: Case, *, reason: str) -> Transition:
    """不予纳入, after 入户核实 or 民主评议: the decision, with its reason; the case is closed."""
    with transaction.atomic():
        case, now = _begin(actor, case, NOT_INCLUDE)
        reason = _required(reason, "不予纳入的理由")
        case.decided_at = now
        case.closed_at = now
        case.close_reason = reason
        return _advance(actor, case, NOT_INCLUDE, now=now, reason=reason)


def start_notice(
    actor: User,
    case: Case,
    *,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    uploads: Sequence[Upload] = (),
) -> Transition:
    """公示 in the village, at least 5 days counted inclusively (by default exactly 5)."""
    with transaction.atomic():
        case, now = _begin(actor, case, NOTICE)
        start = _past_date(starts_on, "公示开始日期", not_before=_last_step_at(case), now=now)
        end = ends_on or start + dt.timedelta(days=NOTICE_MIN_DAYS - 1)
        if (end - start).days + 1 < NOTICE_MIN_DAYS:
            raise invalid(
                f"公示期至少{NOTICE_MIN_DAYS}天（{start:%Y-%m-%d} 至 {end:%Y-%m-%d} 只有"
                f" {(end - start).days + 1} 天）"
            )
        case.notice_start, case.notice_end = start, end
        data = {"starts_on": start.isoformat(), "ends_on": end.isoformat()}
        return _advance(actor, case, NOTICE, now=now, data=data, uploads=uploads)


def township_approve(actor: User, case: Case, *, opinion: str = "") -> Transition:
    """乡镇初审 passed, once the 公示 is over."""
    with transaction.atomic():
        case, now = _begin(actor, case, TOWNSHIP_APPROVE)
        return _advance(actor, case, TOWNSHIP_APPROVE, now=now, reason=opinion.strip())


def township_return(actor: User, case: Case, *, reason: str) -> Transition:
    """乡镇初审 sends the case back to 入户核实, with the reason. Objections raised during the 公示
    may send it back before the notice ends."""
    with transaction.atomic():
        case, now = _begin(actor, case, TOWNSHIP_RETURN)
        reason = _required(reason, "退回理由")
        return _advance(actor, case, TOWNSHIP_RETURN, now=now, reason=reason)


def county_approve(
    actor: User, case: Case, *, case_type: str, risks: Sequence[str], opinion: str = ""
) -> Transition:
    """县级审定: the household becomes a 监测对象 (已纳入) of the given type and risk types."""
    with transaction.atomic():
        case, now = _begin(actor, case, COUNTY_APPROVE)
        _check_type(case_type, case.household)
        chosen = _risks(risks, at_least_one=True)
        case.case_type = case_type
        case.decided_at = now
        transition = _advance(
            actor,
            case,
            COUNTY_APPROVE,
            now=now,
            reason=opinion.strip(),
            data={"case_type": case_type, "risks": chosen},
        )
        CaseRisk.objects.bulk_create([CaseRisk(case=case, risk=risk) for risk in chosen])
        return transition


def _check_type(case_type: str, household: Household) -> None:
    if case_type not in CaseType.values:
        raise invalid(f"监测对象类型应为{'、'.join(CaseType.values)}之一")
    if case_type == CaseType.UNSTABLE_EXITED and not (
        household.is_registered and household.exit_year is not None
    ):
        raise invalid("脱贫不稳定户应为已脱贫的建档立卡户")
    if case_type == CaseType.MARGINAL and household.is_registered:
        raise invalid("边缘易致贫户应为未建档立卡的农户")


# --- Help ------------------------------------------------------------------------------------


def add_help_measure(
    actor: User,
    case: Case,
    *,
    kind: str,
    description: str,
    responsible: str,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    amount: Decimal | str | int | None = None,
    result: str = "",
    responsible_user: User | None = None,
) -> HelpMeasure:
    """帮扶措施 for an included household. The first one puts the case in 帮扶中, and the 6 months
    before 风险消除 count from that day (not from a start date typed into the measure)."""
    with transaction.atomic():
        case, now = _begin(actor, case, ADD_MEASURE)
        if kind not in MeasureKind.values:
            raise invalid(f"措施类型应为{'、'.join(MeasureKind.values)}之一")
        if ends_on is not None and ends_on < starts_on:
            raise invalid("结束日期不能早于开始日期")
        money = None if amount in (None, "") else _money(amount, "金额")
        if money is not None and money < 0:
            raise invalid("金额不能为负数")
        if responsible_user is not None and not is_visible(actor, responsible_user):
            raise invalid("责任人账号不在您的管辖范围内")
        if begins_like_formula((responsible or "").strip()):
            raise invalid(f"帮扶责任人{FORMULA_NAME_REASON}")
        measure = HelpMeasure(
            case=case,
            kind=kind,
            description=_required(description, "措施内容"),
            responsible=_required(responsible, "帮扶责任人"),
            responsible_user=responsible_user,
            starts_on=starts_on,
            ends_on=ends_on,
            amount=money,
            result=result.strip(),
            created_by=actor,
            created_at=now,
        )
        record_change(measure, actor)
        measure.save()
        if case.helping_since is None:
            case.helping_since = timezone.localdate(now)
        _advance(
            actor,
            case,
            ADD_MEASURE,
            now=now,
            reason=f"{kind}：{measure.description}",
            data={"measure": measure.pk, "kind": kind, "responsible": measure.responsible},
        )
        return measure


def record_help_result(
    actor: User, measure: HelpMeasure, *, result: str, ends_on: dt.date | None = None
) -> HelpMeasure:
    """A measure's result (帮扶成效) and end date, while its case is open; kept in history."""
    with transaction.atomic():
        case = _locked(measure.case)
        check_actor(actor, ADD_MEASURE, case.household)
        if not case.is_open:
            raise MonitoringError("案件已关闭，不能修改帮扶措施")
        if ends_on is not None and ends_on < measure.starts_on:
            raise invalid("结束日期不能早于开始日期")
        measure.result = _required(result, "帮扶成效")
        measure.ends_on = ends_on or measure.ends_on
        record_change(measure, actor, "monitoring.measure.result 登记帮扶成效")
        measure.save()
        return measure


# --- 风险消除 ------------------------------------------------------------------------------------


def request_elimination(actor: User, case: Case, *, reason: str = "") -> Transition:
    """Start the second pass (入户核实, 公示, 县级审定) once the conditions of 风险消除 hold; the
    figures they were judged on are kept with the transition."""
    with transaction.atomic():
        case, now = _begin(actor, case, REQUEST_ELIMINATION)
        review = _elimination_review(case, REQUEST_ELIMINATION, now)
        return _advance(
            actor, case, REQUEST_ELIMINATION, now=now, reason=reason.strip(), data=review.figures
        )


def approve_elimination(actor: User, case: Case, *, opinion: str = "") -> Transition:
    """县级审定 of 风险消除, after its 公示; the conditions are checked again (a rule run may have
    raised an alert meanwhile). The case is closed."""
    with transaction.atomic():
        case, now = _begin(actor, case, APPROVE_ELIMINATION)
        review = _elimination_review(case, APPROVE_ELIMINATION, now)
        case.closed_at = now
        case.close_reason = opinion.strip() or "风险消除"
        return _advance(
            actor, case, APPROVE_ELIMINATION, now=now, reason=opinion.strip(), data=review.figures
        )


def cancel_elimination(actor: User, case: Case, *, reason: str) -> Transition:
    """The risk is not gone after all: back to 帮扶中, with the reason."""
    with transaction.atomic():
        case, now = _begin(actor, case, CANCEL_ELIMINATION)
        reason = _required(reason, "继续帮扶的理由")
        return _advance(actor, case, CANCEL_ELIMINATION, now=now, reason=reason)


def _elimination_review(case: Case, step: Step, now: dt.datetime) -> Any:
    review = review_elimination(case, today=timezone.localdate(now))
    if not review.passed:
        raise MonitoringError(f"不能办理“{step.label}”：" + "；".join(review.blockers))
    return review


# --- The common path of every step -------------------------------------------------------------


def _locked(case: Case) -> Case:
    """The case as stored now, its row locked until the transaction ends (PostgreSQL; SQLite's
    IMMEDIATE transactions serialise writers anyway), so two users cannot both take a step."""
    return Case.objects.select_for_update().select_related("household").get(pk=case.pk)


def _begin(actor: User, case: Case, step: Step) -> tuple[Case, dt.datetime]:
    """Lock the case and check region, role, office, that the case is still as the page (or
    the API client) read it, state and the step's time guard."""
    fresh = _locked(case)
    check_actor(actor, step, fresh.household)
    check_unchanged(case, fresh)
    if not fresh.is_open:
        raise MonitoringError(f"案件已关闭（{fresh.get_state_display()}），不能办理“{step.label}”")
    check_state(fresh, step)
    now = timezone.now()
    if step.after_notice:
        check_notice_over(fresh, step, timezone.localdate(now))
    return fresh, now


def _advance(
    actor: User,
    case: Case,
    step: Step,
    *,
    now: dt.datetime,
    reason: str = "",
    data: dict[str, Any] | None = None,
    uploads: Sequence[Upload] = (),
) -> Transition:
    """Check the evidence, move the case to the step's state and write the transition."""
    check_uploads(uploads, required=step.evidence, step_label=step.label)
    from_state = case.state
    case.state = step.target
    if step.eliminating is not None:
        case.eliminating = step.eliminating
    _save(case, actor, step)
    transition = _write_transition(
        actor, case, step, from_state, now=now, reason=reason, data=data or {}
    )
    store_uploads(transition, uploads, now=now)
    return transition


def _save(case: Case, actor: User | None, step: Step) -> None:
    record_change(case, actor, f"{step.audit_code} {step.label}")
    case.save()


def _write_transition(
    actor: User | None,
    case: Case,
    step: Step,
    from_state: str,
    *,
    now: dt.datetime,
    reason: str,
    data: dict[str, Any],
) -> Transition:
    return Transition.objects.create(
        case=case,
        action=step.code,
        from_state=from_state,
        to_state=case.state,
        actor=actor,
        at=now,
        reason=reason,
        data=data,
    )


def _last_step_at(case: Case) -> dt.datetime:
    last = case.transitions.order_by("-at", "-id").values_list("at", flat=True).first()
    return last or case.opened_at


# --- Values ---------------------------------------------------------------------------------------


def _required(text: str, label: str) -> str:
    text = (text or "").strip()
    if not text:
        raise invalid(f"请填写{label}")
    return text


def _money(value: Any, label: str) -> Decimal:
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except (InvalidOperation, ValueError):
        raise invalid(f"{label}应为金额（元），如 12000 或 12000.50") from None
    if not amount.is_finite() or amount != amount.quantize(Decimal("0.01")):
        raise invalid(f"{label}应为金额（元），至多两位小数")
    if abs(amount) >= Decimal("1e12"):
        raise invalid(f"{label}过大")
    return amount


def _risks(values: Sequence[str], *, at_least_one: bool) -> list[str]:
    chosen = list(dict.fromkeys(value.strip() for value in values if value and value.strip()))
    unknown = [value for value in chosen if value not in RiskType.values]
    if unknown:
        raise invalid(f"未知的风险类型：{'、'.join(unknown)}")
    if at_least_one and not chosen:
        raise invalid("请选择至少一项风险类型")
    return sorted(chosen, key=RiskType.values.index)


def _past_date(day: dt.date, label: str, *, not_before: dt.datetime, now: dt.datetime) -> dt.date:
    """A date a person typed for something that happened: not in the future, and not before the
    case's previous step."""
    if not isinstance(day, dt.date):
        raise invalid(f"请填写{label}")
    today, earliest = timezone.localdate(now), timezone.localdate(not_before)
    if day > today:
        raise invalid(f"{label}不能晚于今天（{today:%Y-%m-%d}）")
    if day < earliest:
        raise invalid(f"{label}不能早于上一步的办理日期（{earliest:%Y-%m-%d}）")
    return day
