from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("households/", views.household_list, name="household_list"),
    path("households/<str:code>/", views.household_detail, name="household_detail"),
    path("households/<str:code>/history/", views.household_history, name="household_history"),
    path("import/", views.import_upload, name="import"),
    path("export/", views.export_start, name="export"),
    path("quality/", views.quality_report, name="quality"),
]
