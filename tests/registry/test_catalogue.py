"""The policy catalogue: the data migration and the code hold the same rows of rules.md §6."""

from __future__ import annotations

import importlib

import pytest

from fupin.registry.choices import POLICIES
from fupin.registry.models import Policy

pytestmark = pytest.mark.django_db


def test_the_migration_loaded_the_catalogue_of_the_rules():
    stored = {p.code: (p.name, p.level) for p in Policy.objects.all()}
    assert stored == {code: (name, str(level)) for code, (name, level) in POLICIES.items()}
    assert len(stored) == 15 and stored["DB"] == ("农村最低生活保障", "household")


def test_the_migration_copy_equals_the_code():
    migration = importlib.import_module("fupin.registry.migrations.0002_load_policy_catalogue")
    assert {code: (name, level) for code, name, level in migration.CATALOGUE} == {
        code: (name, str(level)) for code, (name, level) in POLICIES.items()
    }
