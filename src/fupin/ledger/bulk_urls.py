"""The ledger's bulk addresses, apart from its pages so that each grows on its own."""

from django.urls import path

from . import bulk_views

app_name = "ledger_bulk"

urlpatterns = [
    path("import/", bulk_views.import_page, name="import"),
    path("import/template.xlsx", bulk_views.template_download, name="template"),
    path("export.xlsx", bulk_views.export_download, name="export"),
    path("from-quality/", bulk_views.from_quality, name="from_quality"),
]
