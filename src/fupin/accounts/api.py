"""API: who am I, with my role and scope."""

from __future__ import annotations

from ninja import Router, Schema

from .auth import api_user
from .requests import ApiRequest

router = Router(tags=["账号"])


class MeOut(Schema):
    username: str
    display_name: str
    role: str
    role_label: str
    region_code: str | None
    region_name: str | None


@router.get("", response=MeOut, summary="当前账号")
def me(request: ApiRequest) -> MeOut:
    user = api_user(request)
    return MeOut(
        username=user.username,
        display_name=user.display_name,
        role=user.role,
        role_label=user.get_role_display(),
        region_code=user.region_id,
        region_name=user.region.full_name() if user.region else None,
    )
