"""Loading the shipped national division codes."""

from __future__ import annotations

import pytest

from fupin.regions.choices import Level, ancestor_codes, level_of, parent_code
from fupin.regions.loading import RegionLoadError, load_regions, read_regions
from fupin.regions.models import Region


def test_the_example_village_has_its_full_name(db):
    village = Region.objects.get(code="220802100001")
    assert village.full_name() == "吉林省 / 白城市 / 洮北区 / 平安镇 / 新和居委会"
    assert village.level == Level.VILLAGE
    assert village.parent_id == "220802100"


def test_a_second_load_changes_nothing(db):
    report = load_regions(["22"])
    assert report.inserted == 0 and report.updated == 0
    assert report.unchanged == report.read == Region.objects.within("22").count()


def test_a_renamed_region_is_restored_and_counted_as_updated(db):
    Region.objects.filter(code="220802100").update(name="旧名称")
    report = load_regions(["22"])
    assert report.updated == 1 and report.inserted == 0
    assert Region.objects.get(code="220802100").name == "平安镇"


def test_a_region_missing_from_the_database_is_inserted(db):
    Region.objects.filter(code="220802100001").delete()
    report = load_regions(["22"])
    assert report.inserted == 1
    assert Region.objects.filter(code="220802100001").exists()


def test_a_region_no_longer_in_the_national_table_is_kept_and_counted(db):
    Region.objects.create(
        code="220802100999", name="已撤销村", level=Level.VILLAGE, parent_id="220802100"
    )
    report = load_regions(["22"])
    assert report.retired == 1
    assert Region.objects.filter(code="220802100999").exists()


def test_an_unknown_province_is_refused_before_anything_is_written(db):
    before = Region.objects.count()
    with pytest.raises(RegionLoadError, match="99"):
        load_regions(["22", "99"])
    assert Region.objects.count() == before


def test_the_shipped_files_hold_the_whole_country():
    rows = read_regions()
    levels = [level for _, _, level, _ in rows]
    assert len(rows) == 665_276
    assert levels.count(Level.PROVINCE) == 31
    assert levels.count(Level.VILLAGE) == 620_573


def test_every_shipped_region_sits_under_its_parent_code():
    codes = {code for code, _, _, _ in read_regions(["22"])}
    for code, _, _, parent in read_regions(["22"]):
        assert parent is None or (parent in codes and code.startswith(parent))


def test_code_shapes_give_levels_and_ancestors():
    assert level_of("220802100001") == Level.VILLAGE
    assert level_of("2208021") is None
    assert parent_code("220802100") == "220802"
    assert parent_code("22") is None
    assert ancestor_codes("220802100001") == ["22", "2208", "220802", "220802100"]
