"""The form of the standards page: one year's values for the nation or a province, a field for
each parameter as ``parameters`` defines it."""

from __future__ import annotations

from typing import Any

from django import forms

from .parameters import PARAMETERS, Parameter, Value


def parameter_field(parameter: Parameter) -> forms.Field:
    """The optional field of ``parameter``: its label, bounds and help (use, unit, default)."""
    options: dict[str, Any] = {
        "label": parameter.label,
        "required": False,
        "help_text": parameter.details,
    }
    if parameter.kind.decimal_places == 0:
        return forms.IntegerField(
            min_value=int(parameter.minimum), max_value=int(parameter.maximum), **options
        )
    return forms.DecimalField(
        min_value=parameter.minimum,
        max_value=parameter.maximum,
        decimal_places=parameter.kind.decimal_places,
        **options,
    )


class StandardForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    province = forms.CharField(
        label="省级区划代码",
        required=False,
        max_length=2,
        help_text="两位代码，如 53；留空为全国标准",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for parameter in PARAMETERS:
            self.fields[parameter.name] = parameter_field(parameter)

    def values(self) -> dict[str, Value]:
        return {
            parameter.name: self.cleaned_data[parameter.name]
            for parameter in PARAMETERS
            if self.cleaned_data.get(parameter.name) is not None
        }
