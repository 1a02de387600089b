"""The policy catalogue of rules.md §6 as reference rows (a copy, so that this migration keeps
meaning what it meant when later code changes)."""

from django.db import migrations

CATALOGUE = [
    ("DB", "农村最低生活保障", "household"),
    ("TK", "特困人员救助供养", "household"),
    ("CJHL", "重度残疾人护理补贴", "person"),
    ("CJSH", "困难残疾人生活补贴", "person"),
    ("YLJ", "城乡居民基础养老金", "person"),
    ("GLBT", "高龄津贴", "person"),
    ("YLJH", "雨露计划职业教育补助", "person"),
    ("JYZZ", "教育资助", "person"),
    ("YBZZ", "资助参加城乡居民医保", "person"),
    ("JTYS", "家庭医生签约服务", "person"),
    ("GYG", "公益岗位", "household"),
    ("XEXD", "扶贫小额信贷", "household"),
    ("CYFH", "产业项目收益分红", "household"),
    ("WFGZ", "危房改造补助", "household"),
    ("GC", "改厕补助", "household"),
]


def load(apps, schema_editor):
    Policy = apps.get_model("registry", "Policy")
    for code, name, level in CATALOGUE:
        Policy.objects.update_or_create(code=code, defaults={"name": name, "level": level})


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
