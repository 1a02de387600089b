"""The addresses of the ledger in bulk: the inspection list's import and template, the ledger
workbook and the quality run's problems (mounted by ``ledger.urls``)."""

from django.urls import path

from . import bulk_views

urlpatterns = [
    path("bulk/import/", bulk_views.import_page, name="import"),
    path("bulk/import/template.xlsx", bulk_views.template_download, name="import_template"),
    path("bulk/export.xlsx", bulk_views.export_download, name="export"),
    path("bulk/from-quality/", bulk_views.from_quality, name="from_quality"),
]
