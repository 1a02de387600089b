"""The policy catalogue's rows restored from the code where they went missing."""

from __future__ import annotations

import pytest

from fupin.benefits.catalogue import ensure_policies
from fupin.registry.models import Policy

pytestmark = pytest.mark.django_db


def test_ensure_policies_restores_missing_rows_and_changes_nothing_else():
    assert ensure_policies() == 0
    Policy.objects.filter(code="GC").delete()
    assert ensure_policies() == 1
    assert Policy.objects.filter(code="GC").exists()
