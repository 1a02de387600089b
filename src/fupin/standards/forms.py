"""The form of the standards page: one year's values for the nation or a province."""

from __future__ import annotations

from django import forms

from .resolve import PARAMETERS


class StandardForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    province = forms.CharField(
        label="省级区划代码",
        required=False,
        max_length=2,
        help_text="两位代码，如 53；留空为全国标准",
    )
    poverty_line = forms.DecimalField(
        label=PARAMETERS["poverty_line"], required=False, min_value=0, decimal_places=2
    )
    monitoring_line = forms.DecimalField(
        label=PARAMETERS["monitoring_line"], required=False, min_value=0, decimal_places=2
    )
    medical_amount = forms.DecimalField(
        label=PARAMETERS["medical_amount"], required=False, min_value=0, decimal_places=2
    )
    loss_amount = forms.DecimalField(
        label=PARAMETERS["loss_amount"], required=False, min_value=0, decimal_places=2
    )
    income_share = forms.DecimalField(
        label=PARAMETERS["income_share"],
        required=False,
        min_value=0,
        max_value=1,
        decimal_places=4,
        help_text="如 0.5",
    )
    drop_share = forms.DecimalField(
        label=PARAMETERS["drop_share"],
        required=False,
        min_value=0,
        max_value=1,
        decimal_places=4,
        help_text="如 0.3",
    )
    old_age = forms.IntegerField(
        label=PARAMETERS["old_age"], required=False, min_value=50, max_value=120
    )
    lookback_days = forms.IntegerField(
        label=PARAMETERS["lookback_days"], required=False, min_value=1, max_value=3650
    )

    def values(self) -> dict[str, object]:
        return {
            name: self.cleaned_data[name]
            for name in PARAMETERS
            if self.cleaned_data.get(name) is not None
        }
