"""Users, their role and region scope, login throttling state and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from fupin.core.scope import RegionScopedQuerySet
from fupin.regions.models import Region

from .choices import EDITING_ROLES, IDENTITY_ROLES, IMPORTING_ROLES, Role


class UserQuerySet(RegionScopedQuerySet):
    region_field = "region_id"


class ScopedUserManager(UserManager.from_queryset(UserQuerySet)):  # type: ignore[misc]  # the stubs cannot type a base class made by from_queryset
    pass


class User(AbstractUser):
    """A person who signs in. Their ``region`` is the subtree they see; nationwide when empty."""

    display_name = models.CharField("姓名", max_length=50, blank=True)
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    region = models.ForeignKey(
        Region,
        verbose_name="管辖区域",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    phone = models.CharField("联系电话", max_length=20, blank=True)
    unit = models.CharField("工作单位", max_length=100, blank=True)

    objects: ClassVar[ScopedUserManager] = ScopedUserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"
        ordering = ["username"]

    def __str__(self) -> str:
        return self.display_name or self.username

    def get_absolute_url(self) -> str:
        return reverse("accounts:user_detail", args=[self.pk])

    @property
    def scope_code(self) -> str | None:
        return self.region_id

    @property
    def can_edit(self) -> bool:
        return self.role in EDITING_ROLES

    @property
    def sees_identity(self) -> bool:
        """Whether ID numbers and phones are shown in full to this user."""
        return self.role in IDENTITY_ROLES

    @property
    def can_import(self) -> bool:
        return self.role in IMPORTING_ROLES

    @property
    def uses_pages(self) -> bool:
        return self.role != Role.DEPARTMENT


class LoginThrottle(models.Model):
    """Failed sign-ins in a row for one user name, known or not (so that probing for names
    behaves the same as guessing passwords)."""

    username = models.CharField(max_length=150, unique=True)
    failures = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    last_failure_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "登录失败记录"
        verbose_name_plural = "登录失败记录"

    def __str__(self) -> str:
        return f"{self.username}：连续失败 {self.failures} 次"


class ApiTokenQuerySet(models.QuerySet):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    """A bearer token for a machine client. Only a hash is stored; the key is shown once."""

    user = models.ForeignKey(
        User, verbose_name="用户", on_delete=models.CASCADE, related_name="tokens"
    )
    name = models.CharField("用途", max_length=100)
    prefix = models.CharField("前缀", max_length=8)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "接口令牌"
        verbose_name_plural = "接口令牌"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name}（{self.prefix}…）"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode("utf-8")).hexdigest()

    @staticmethod
    def new_key() -> str:
        return "fp_" + secrets.token_urlsafe(32)
