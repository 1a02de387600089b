def test_region_tree_is_loaded_for_tests(db):
    from fupin.regions.models import Region

    assert (
        Region.objects.get(code="220802100001").full_name()
        == "吉林省 / 白城市 / 洮北区 / 平安镇 / 新和居委会"
    )
