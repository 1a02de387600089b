"""core.versions: every save of a versioned row moves it to its next version, and a change made on
a row read at an older version is refused before anything is written, naming what changed."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.db.models import Model

from fupin.core.errors import Refusal
from fupin.core.history import history_entries, record_change
from fupin.core.versions import StaleEdit, as_read, check_version
from fupin.grid.models import Cadre
from fupin.registry.importing import import_file
from fupin.registry.models import Event, Grant, Household, Income, Member
from tests.grid.builders import cadre
from tests.registry.workbooks import county_sheets, write_xlsx

pytestmark = pytest.mark.django_db

# The registry's rows the import writes, and how each is changed in a test.
CHANGES = {
    Household: ("phone", "13900000009"),
    Member: ("ethnicity", "满族"),
    Income: ("wage_income", 12345),
    Grant: ("amount", 999),
    Event: ("note", "复诊"),
}


@pytest.fixture
def county(tmp_path):  # type: ignore[no-untyped-def]
    assert import_file(None, write_xlsx(tmp_path / "县.xlsx", county_sheets())).written


@pytest.mark.parametrize("model", list(CHANGES), ids=lambda m: m.__name__)
def test_every_save_moves_the_row_to_its_next_version(county, model: type[Model], county_admin):
    row = model.objects.order_by("pk").first()
    assert row.version == 1
    field, value = CHANGES[model]
    setattr(row, field, value)
    record_change(row, county_admin)
    row.save(update_fields=[field])  # also when only some fields are written
    row.refresh_from_db()
    assert row.version == 2
    # the history keeps the version, and does not show it as a change of its own
    assert row.history.first().version == 2
    assert [c.label for c in history_entries(row)[0].changes] == [
        str(model._meta.get_field(field).verbose_name)
    ]


@pytest.mark.parametrize("model", list(CHANGES), ids=lambda m: m.__name__)
def test_a_change_on_a_row_read_at_an_older_version_is_refused_and_writes_nothing(
    county, model: type[Model], county_admin, township_a_admin
):
    row = model.objects.order_by("pk").first()
    stale = model.objects.get(pk=row.pk)
    field, value = CHANGES[model]
    setattr(row, field, value)
    record_change(row, township_a_admin)
    row.save()

    setattr(stale, field, "" if isinstance(value, str) else 1)
    with pytest.raises(StaleEdit) as refused, transaction.atomic():
        check_version(as_read(stale, 1))
        stale.save()

    assert refused.value.refusal == Refusal.STATE  # the API answers 409
    assert refused.value.read == 1 and refused.value.current == 2
    label = str(model._meta.get_field(field).verbose_name)
    assert "此记录已被他人修改" in refused.value.message and label in refused.value.message
    assert "township_a_admin" in refused.value.message
    row.refresh_from_db()
    assert getattr(row, field) == model._meta.get_field(field).to_python(value)
    assert row.version == 2


def test_a_change_on_the_current_version_goes_through(county_admin):
    wang = cadre("王帮扶")
    with transaction.atomic():
        check_version(as_read(wang, 1))
        wang.post = "副镇长"
        wang.save()
    wang.refresh_from_db()
    assert wang.post == "副镇长" and wang.version == 2


def test_the_refusal_names_the_latest_five_changes_and_says_there_were_more(county_admin):
    wang = cadre("王帮扶")
    for number in range(7):
        wang.phone = f"1380000000{number}"
        record_change(wang, county_admin)
        wang.save()
    with pytest.raises(StaleEdit) as refused, transaction.atomic():
        check_version(as_read(Cadre.objects.get(pk=wang.pk), 1))
    message = refused.value.message
    assert "有 7 次修改" in message and message.count("修改了联系电话") == 5 and "……" in message
