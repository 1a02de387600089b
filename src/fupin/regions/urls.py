from django.urls import path

from . import views

app_name = "regions"

urlpatterns = [
    path("", views.browse, name="browse"),
    path("reload/", views.reload_codes, name="reload"),
    path("<str:code>/", views.detail, name="detail"),
]
