"""The row of ``fupin gaps`` (interchange.md §4): its fields are the output's columns in their
order, with their headers. The command, the gap list, its export and the run's workbook write it."""

from __future__ import annotations

from typing import Annotated, NamedTuple

from fupin.core.idnumber import mask_id_number
from fupin.core.rows import Header


class GapRow(NamedTuple):
    """A member and a policy owed of ``fupin gaps``."""

    household_code: Annotated[str, Header("户编号")]
    id_number: Annotated[str, Header("证件号码")]
    policy_code: Annotated[str, Header("政策代码")]
    policy_name: Annotated[str, Header("政策名称")]

    def masked(self) -> GapRow:
        """The row for a reader who may not see whole ID numbers."""
        return self._replace(id_number=mask_id_number(self.id_number))
