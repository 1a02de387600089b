from django.urls import path

from . import views

app_name = "benefits"

urlpatterns = [
    path("gaps/", views.gap_list, name="gap_list"),
    path("gaps/export/", views.gap_export, name="gap_export"),
]
