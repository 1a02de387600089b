"""The national lines of rules.md §2 (yuan per person per year, current prices)."""

from decimal import Decimal

from django.db import migrations

# year: (poverty line, monitoring line or None)
NATIONAL_LINES = {
    2014: (2800, None),
    2015: (2855, None),
    2016: (2952, None),
    2017: (3335, None),
    2018: (3535, None),
    2019: (3747, None),
    2020: (4000, 6000),
    2021: (4000, 6000),
}


def load(apps, schema_editor):
    Standard = apps.get_model("standards", "Standard")
    for year, (poverty, monitoring) in NATIONAL_LINES.items():
        Standard.objects.update_or_create(
            province=None,
            year=year,
            defaults={
                "poverty_line": Decimal(poverty),
                "monitoring_line": None if monitoring is None else Decimal(monitoring),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("standards", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
