"""Projects and funds (项目资金), one module per part: the funds and the project library
(``library``), household works (``works``) and audits (``audits``)."""

from .audits import Audit, AuditEvidence, AuditLine
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
from .works import (
    HouseholdWork,
    WorkExpense,
    WorkInspection,
    WorkInspectionItem,
    WorkPhoto,
    WorksChecklist,
)

__all__ = [
    "Allocation",
    "AllocationQuerySet",
    "Audit",
    "AuditEvidence",
    "AuditLine",
    "Beneficiary",
    "BeneficiaryQuerySet",
    "Expense",
    "ExpenseQuerySet",
    "Fund",
    "FundQuerySet",
    "HouseholdWork",
    "Project",
    "ProjectAttachment",
    "ProjectAttachmentQuerySet",
    "ProjectQuerySet",
    "ProjectStep",
    "ProjectStepQuerySet",
    "WorkExpense",
    "WorkInspection",
    "WorkInspectionItem",
    "WorkPhoto",
    "WorksChecklist",
    "attachment_path",
]
