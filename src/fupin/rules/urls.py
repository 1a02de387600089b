from django.urls import path

from . import views

app_name = "rules"

urlpatterns = [
    path("checkup/<str:code>/", views.household_checkup, name="checkup"),
    path("alerts/", views.alert_list, name="alert_list"),
    path("alerts/export/", views.alert_export, name="alert_export"),
    path("gaps/export/", views.gap_export, name="gap_export"),
    path("runs/new/", views.run_start, name="run_start"),
    path("villages/", views.village_list, name="village_list"),
    path("gaps/", views.gap_list, name="gap_list"),
]
