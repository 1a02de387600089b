"""The assessment's row type names its columns in the order of the criteria."""

from __future__ import annotations

from fupin.assessment.exit import CRITERIA
from fupin.assessment.rows import AssessmentRow
from fupin.core.rows import headers


def test_the_assessment_columns_follow_the_criteria():
    columns = headers(AssessmentRow)[4:11]
    assert [column[:2] for column in columns] == [criterion.code for criterion in CRITERIA]
