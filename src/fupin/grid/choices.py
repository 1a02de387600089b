"""Kinds of cadres and the three levels of the responsibility grid (三级网格)."""

from __future__ import annotations

from django.db import models


class CadreKind(models.TextChoices):
    COUNTY_LEADER = "县级领导", "县级领导"
    TOWNSHIP_LEADER = "乡镇领导", "乡镇领导"
    HELPER = "帮扶责任人", "帮扶责任人"
    VILLAGE_CADRE = "村干部", "村干部"
    SPECIALIST = "扶贫专干", "扶贫专干"
    FIRST_SECRETARY = "驻村第一书记", "驻村第一书记"
    TEAM_MEMBER = "驻村工作队员", "驻村工作队员"


class Level(models.TextChoices):
    """What an assignment makes a cadre answer for."""

    VILLAGE = "包村", "包村（领导干部包村）"
    HOUSEHOLD = "包户", "包户（帮扶干部包户）"
    AREA = "包片", "包片（村级干部包片）"


# The target column each level fills; the other two stay empty (a check constraint says so).
TARGET_FIELD: dict[str, str] = {
    Level.VILLAGE: "village",
    Level.HOUSEHOLD: "household",
    Level.AREA: "area",
}
