"""The national division tree (统计用区划代码), five levels down to villages."""

from __future__ import annotations

from django.db import models

from fupin.core.scope import RegionScopedQuerySet, ScopedUser, code_range

from .choices import Level, ancestor_codes


class RegionQuerySet(RegionScopedQuerySet):
    region_field = "code"

    def visible_to(self, user: ScopedUser | None) -> RegionQuerySet:
        """Regions in the user's subtree, plus its ancestors (needed for breadcrumbs and
        full names; they reveal nothing beside the user's own chain)."""
        subtree = super().visible_to(user)
        if user is None or not user.is_authenticated or not user.is_active or not user.scope_code:
            return subtree
        return subtree | self.filter(code__in=ancestor_codes(user.scope_code))

    def children_of(self, code: str | None) -> RegionQuerySet:
        if code is None:
            return self.filter(level=Level.PROVINCE)
        return self.filter(parent_id=code)

    def search(self, text: str) -> RegionQuerySet:
        return self.filter(name__contains=text.strip())


def full_names(regions: list[Region]) -> dict[str, str]:
    """Code → full name (吉林省 / 白城市 / …) for many regions in one query."""
    needed = {code for region in regions for code in ancestor_codes(region.code)}
    names = dict(Region.objects.filter(code__in=needed).values_list("code", "name"))
    return {
        region.code: " / ".join(
            [*(names[code] for code in ancestor_codes(region.code) if code in names), region.name]
        )
        for region in regions
    }


class Region(models.Model):
    """One division: province, city, county, township or village, keyed by its national code."""

    code = models.CharField("区划代码", max_length=12, primary_key=True)
    name = models.CharField("名称", max_length=64)
    level = models.PositiveSmallIntegerField("级别", choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def ancestors(self) -> list[Region]:
        """Province first; one query."""
        by_code = Region.objects.in_bulk(ancestor_codes(self.code))
        return [by_code[c] for c in ancestor_codes(self.code) if c in by_code]

    def path(self) -> list[Region]:
        return [*self.ancestors(), self]

    def full_name(self) -> str:
        """吉林省 / 白城市 / 洮北区 / 平安镇 / 新和居委会"""
        return " / ".join(r.name for r in self.path())

    def contains(self, code: str) -> bool:
        low, high = code_range(self.code)
        return low <= code < high
