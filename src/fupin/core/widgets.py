"""The region picker: cascading selects (province → … → village) with search by name.

It renders a hidden input holding the chosen code and a container that
``static/fupin/region-picker.js`` fills from the scoped region API, so the picker never offers a
region outside the user's scope.
"""

from __future__ import annotations

from typing import Any

from django import forms


class RegionPicker(forms.HiddenInput):
    template_name = "widgets/region_picker.html"

    def __init__(self, attrs: dict[str, Any] | None = None, *, root_code: str | None = None):
        super().__init__(attrs)
        self.root_code = root_code

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        context["widget"]["root_code"] = self.root_code or ""
        return context

    class Media:
        js = ["fupin/region-picker.js"]
