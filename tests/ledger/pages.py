"""The ledger's page forms as a browser posts them: each step's values under its prefix."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from fupin.ledger.models import Problem

from .walk import DEADLINE, JPEG

LATER = "2026-04-30"


def evidence(name: str = "整改后.jpg", content: bytes = JPEG) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


# Each step's valid values, without the prefix.
STEP_VALUES: dict[str, Any] = {
    "set_measure": lambda: {
        "measure": "更换屋面防水层",
        "deadline": DEADLINE.isoformat(),
        "responsible_unit": "平安镇",
    },
    "extend_deadline": lambda: {"deadline": LATER, "reason": "雨季施工困难"},
    "rectify": lambda: {"done": "已更换防水层", "evidence": [evidence()]},
    "verify": lambda: {"finding": "入户查看，屋顶无渗漏"},
    "send_back": lambda: {"reason": "墙角仍有渗水"},
    "close": lambda: {"opinion": "同意销号"},
    "reopen": lambda: {"reason": "复查发现再次漏雨", "measure": "重新修缮", "deadline": LATER},
}


def detail_url(problem: Problem) -> str:
    return reverse("ledger:problem_detail", args=[problem.pk])


def take_step(client: Client, problem: Problem, code: str, **values: Any) -> Any:
    """POST one step's form; ``values`` replace the valid ones."""
    # the hidden version the page's form carries: the problem's as the page showed it
    read_at = Problem.objects.values_list("version", flat=True).get(pk=problem.pk)
    given = {"version": read_at} | STEP_VALUES[code]() | values
    return client.post(
        reverse("ledger:problem_step", args=[problem.pk, code]),
        {f"{code}-{name}": value for name, value in given.items()},
    )
