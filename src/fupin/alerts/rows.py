"""The row of ``fupin monitor`` (interchange.md §4): its fields are the output's columns in their
order, with their headers. The command, the alert list's export and the run's workbook write it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

from fupin.core.rows import Header

if TYPE_CHECKING:
    from .models import Alert


class AlertRow(NamedTuple):
    """An alert of ``fupin monitor``."""

    household_code: Annotated[str, Header("户编号")]
    village_code: Annotated[str, Header("行政区划代码")]
    rule_code: Annotated[str, Header("规则代码")]
    rule_name: Annotated[str, Header("规则名称")]
    value: Annotated[Any, Header("数值")]
    threshold: Annotated[Any, Header("阈值")]

    @classmethod
    def of_stored(cls, alert: Alert) -> AlertRow:
        """A stored alert, its figures as the run wrote them."""
        household = alert.household
        return cls(
            household.code,
            household.village_id,
            alert.rule_code,
            alert.rule_name,
            alert.value,
            alert.threshold,
        )
