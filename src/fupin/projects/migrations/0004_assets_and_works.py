# Both parts of projects added their models in a 0003 of their own; this joins them.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0003_assets_dividends"),
        ("projects", "0003_works_audits"),
    ]

    operations = []
