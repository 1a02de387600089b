"""Model fields shared by the apps."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from django.db import models

_ST = TypeVar("_ST", contravariant=True)  # what may be assigned to the field
_GT = TypeVar("_GT", covariant=True)  # what reading it gives

if TYPE_CHECKING:
    _DecimalField = models.DecimalField
else:

    class _DecimalField(models.DecimalField, Generic[_ST, _GT]):
        """The stubs' DecimalField takes the types of its values; Django's own takes none."""


class MoneyField(_DecimalField[_ST, _GT]):
    """An amount in yuan, to the fen: 14 digits, two of them after the point, unless told."""

    def __init__(
        self,
        verbose_name: str,
        *,
        null: bool = False,
        blank: bool = False,
        max_digits: int = 14,
        decimal_places: int = 2,
    ) -> None:
        super().__init__(
            verbose_name,
            null=null,
            blank=blank,
            max_digits=max_digits,
            decimal_places=decimal_places,
        )

    def deconstruct(self) -> tuple[str, str, Sequence[Any], dict[str, Any]]:
        """Migrations record a plain DecimalField with its digits, as the amounts were first
        declared: which Python class builds the column is no business of the schema's."""
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DecimalField", args, kwargs
