"""Projects and funds (项目资金), one module per part: the funds and the project library
(``library``)."""

from .library import (
    Allocation,
    AllocationQuerySet,
    Beneficiary,
    BeneficiaryQuerySet,
    Expense,
    ExpenseQuerySet,
    Fund,
    FundQuerySet,
    Project,
    ProjectAttachment,
    ProjectAttachmentQuerySet,
    ProjectQuerySet,
    ProjectStep,
    ProjectStepQuerySet,
    attachment_path,
)

__all__ = [
    "Allocation",
    "AllocationQuerySet",
    "Beneficiary",
    "BeneficiaryQuerySet",
    "Expense",
    "ExpenseQuerySet",
    "Fund",
    "FundQuerySet",
    "Project",
    "ProjectAttachment",
    "ProjectAttachmentQuerySet",
    "ProjectQuerySet",
    "ProjectStep",
    "ProjectStepQuerySet",
    "attachment_path",
]
