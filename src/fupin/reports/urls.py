from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("checkup/<str:code>/", views.household_checkup, name="checkup"),
    path("runs/new/", views.run_start, name="run_start"),
]
