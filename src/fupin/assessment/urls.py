from django.urls import path

from . import views

app_name = "assessment"

urlpatterns = [
    path("villages/", views.village_list, name="village_list"),
]
