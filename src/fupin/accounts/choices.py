"""Roles. Each user has exactly one, and a region that is their scope."""

from __future__ import annotations

from django.db import models

from fupin.regions.choices import Level


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", "系统管理员"
    COUNTY_ADMIN = "county_admin", "县级管理员"
    TOWNSHIP_ADMIN = "township_admin", "乡镇管理员"
    VILLAGE_ADMIN = "village_admin", "村级管理员"
    HELPER = "helper", "帮扶责任人"
    INSPECTOR = "inspector", "督导检查"
    DEPARTMENT = "department", "行业部门"


# The region levels a role's scope may be set at. An administrator's scope is exactly the office
# they sit in; inspectors and departments may work at any level from province down to county.
ALLOWED_LEVELS: dict[str, tuple[int, ...]] = {
    Role.SYSTEM_ADMIN: (Level.PROVINCE, Level.CITY, Level.COUNTY),
    Role.COUNTY_ADMIN: (Level.COUNTY,),
    Role.TOWNSHIP_ADMIN: (Level.TOWNSHIP,),
    Role.VILLAGE_ADMIN: (Level.VILLAGE,),
    Role.HELPER: (Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE),
    Role.INSPECTOR: (Level.PROVINCE, Level.CITY, Level.COUNTY, Level.TOWNSHIP),
    Role.DEPARTMENT: (Level.PROVINCE, Level.CITY, Level.COUNTY),
}

# Only a system administrator may be nationwide (no region).
NATIONWIDE_ROLES = frozenset({Role.SYSTEM_ADMIN})

# Who may change data at all. 督导检查 reads everything in scope and changes nothing;
# 行业部门 exchanges data through the API only.
EDITING_ROLES = frozenset(
    {Role.SYSTEM_ADMIN, Role.COUNTY_ADMIN, Role.TOWNSHIP_ADMIN, Role.VILLAGE_ADMIN, Role.HELPER}
)

# Roles that may manage user accounts, and the roles each may hand out (within its own region).
GRANTABLE_ROLES: dict[str, tuple[str, ...]] = {
    Role.SYSTEM_ADMIN: tuple(Role.values),
    Role.COUNTY_ADMIN: (
        Role.TOWNSHIP_ADMIN,
        Role.VILLAGE_ADMIN,
        Role.HELPER,
        Role.INSPECTOR,
        Role.DEPARTMENT,
    ),
    Role.TOWNSHIP_ADMIN: (Role.VILLAGE_ADMIN, Role.HELPER),
}

# Roles that see full ID numbers and phone numbers; others (督导检查, 行业部门) see them masked,
# e.g. 3715**********5338, 138****5678.
IDENTITY_ROLES = frozenset(
    {Role.SYSTEM_ADMIN, Role.COUNTY_ADMIN, Role.TOWNSHIP_ADMIN, Role.VILLAGE_ADMIN, Role.HELPER}
)

# Roles that may import registry workbooks for their region.
IMPORTING_ROLES = frozenset(
    {Role.SYSTEM_ADMIN, Role.COUNTY_ADMIN, Role.TOWNSHIP_ADMIN, Role.VILLAGE_ADMIN}
)
