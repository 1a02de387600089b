"""Background jobs: one row per long piece of work, with the progress a page polls."""

from __future__ import annotations

import uuid
from typing import Protocol

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from fupin.core.scope import ScopedUser


class JobStatus(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "进行中"
    SUCCEEDED = "succeeded", "已完成"
    FAILED = "failed", "失败"


class JobOwner(ScopedUser, Protocol):
    """Who starts jobs and sees them: the jobs sit below accounts, so they know a user by the
    protocol of their key and region scope rather than by fupin's ``User``."""

    @property
    def pk(self) -> int: ...


class JobQuerySet(models.QuerySet):
    def visible_to(self, user: JobOwner | None) -> JobQuerySet:
        """A user sees the jobs they started; a nationwide administrator sees all."""
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.scope_code is None:
            return self.all()
        return self.filter(created_by_id=user.pk)


class Job(models.Model):
    """A piece of work run by the background worker (or inline when there is none).

    ``handler`` is the dotted path of a function ``handler(job, progress)``: set by code, never
    by user input. ``params`` are its JSON arguments; the acting user is ``created_by``.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    label = models.CharField("任务", max_length=200)
    handler = models.CharField(max_length=200)
    params = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发起人",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        "状态", max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    done = models.PositiveBigIntegerField(default=0)
    total = models.PositiveBigIntegerField(default=0)
    step = models.CharField("当前步骤", max_length=200, blank=True)
    message = models.TextField("结果", blank=True)
    result = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now, db_index=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("jobs:detail", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status in (JobStatus.SUCCEEDED, JobStatus.FAILED)

    @property
    def percent(self) -> int:
        if self.status == JobStatus.SUCCEEDED:
            return 100
        if not self.total:
            return 0
        return min(100, self.done * 100 // self.total)
