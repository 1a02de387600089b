"""What the project pages read: the projects a user sees, and one project's page in a few queries
(its steps with their evidence, its fund lines with what each has paid, its beneficiaries and the
ledger's problems found on it)."""

from __future__ import annotations

from typing import Any

from django.db.models import DecimalField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce

from fupin.accounts.models import User

from .funds import ZERO
from .models import Allocation, Expense, Project, ProjectQuerySet, ProjectStep
from .workflow import STEPS


def projects_for(user: User) -> ProjectQuerySet:
    return Project.objects.visible_to(user)


def project_page_rows(user: User, project: Project) -> dict[str, Any]:
    paid = (
        Expense.objects.filter(allocation=OuterRef("pk"))
        .order_by()
        .values("allocation")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    allocations = list(
        Allocation.objects.filter(project=project)
        .select_related("fund")
        .prefetch_related("expenses")
        .annotate(
            spent_total=Coalesce(
                Subquery(paid, output_field=DecimalField(max_digits=14, decimal_places=2)), ZERO
            )
        )
        .order_by("allocated_on", "pk")
    )
    for line in allocations:
        line.left = line.amount - line.spent_total
    steps = list(
        ProjectStep.objects.filter(project=project)
        .select_related("actor")
        .prefetch_related("attachments")
    )
    for step in steps:
        step.label = STEPS[step.step].label
    return {
        "timeline": steps,
        "allocations": allocations,
        "allocated": sum((line.amount for line in allocations), ZERO.value),
        "spent": sum((line.spent_total for line in allocations), ZERO.value),
        "beneficiaries": list(
            project.beneficiaries.select_related("household", "village").order_by("pk")
        ),
        "problems": list(project.problems.visible_to(user).order_by("-pk")[:20]),
        "assets": list(project.assets.select_related("owner_village").order_by("pk")),
    }
