"""API: regions within the caller's scope (and the ancestors of it, for full names)."""

from __future__ import annotations

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema

from fupin.core.requests import signed_in

from .models import Region, full_names

router = Router(tags=["行政区划"])

SEARCH_LIMIT = 20


class RegionOut(Schema):
    code: str
    name: str
    level: int
    level_label: str
    parent_code: str | None
    full_name: str | None = None

    @staticmethod
    def of(region: Region, *, full_name: str | None = None) -> RegionOut:
        return RegionOut(
            code=region.code,
            name=region.name,
            level=region.level,
            level_label=region.get_level_display(),
            parent_code=region.parent_id,
            full_name=full_name,
        )


class SearchIn(Schema):
    q: str
    limit: int = SEARCH_LIMIT


@router.get("", response=list[RegionOut], summary="按名称搜索区划（限管辖范围）")
def search_regions(request: HttpRequest, filters: Query[SearchIn]) -> list[RegionOut]:
    user = signed_in(request.user)
    text = filters.q.strip()[:30]
    if not text:
        return []
    scope = Region.objects.all()
    if user.scope_code:
        scope = scope.within(user.scope_code)  # search finds only inside the scope, not ancestors
    found = list(scope.search(text).order_by("level", "code")[: min(filters.limit, 50)])
    names = full_names(found)
    return [RegionOut.of(region, full_name=names[region.code]) for region in found]


@router.get("/top", response=list[RegionOut], summary="账号可见的最上级区划（全国账号为各省）")
def top_regions(request: HttpRequest) -> list[RegionOut]:
    user = signed_in(request.user)
    if user.scope_code is None:
        tops = list(Region.objects.children_of(None).order_by("code"))
    else:
        tops = list(Region.objects.filter(code=user.scope_code))
    names = full_names(tops)
    return [RegionOut.of(region, full_name=names[region.code]) for region in tops]


@router.get("/{code}", response=RegionOut, summary="一个区划及其全称")
def get_region(request: HttpRequest, code: str) -> RegionOut:
    region = get_object_or_404(Region.objects.visible_to(signed_in(request.user)), code=code)
    return RegionOut.of(region, full_name=region.full_name())


@router.get("/{code}/children", response=list[RegionOut], summary="下级区划")
def get_children(request: HttpRequest, code: str) -> list[RegionOut]:
    user = signed_in(request.user)
    visible = Region.objects.visible_to(user)
    region = get_object_or_404(visible, code=code)
    children = visible.children_of(region.code)
    return [RegionOut.of(child) for child in children.order_by("code")]
