from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("households/", views.household_list, name="household_list"),
    path("households/new/", views.household_create, name="household_create"),
    path("households/<str:code>/", views.household_detail, name="household_detail"),
    path("households/<str:code>/edit/", views.household_edit, name="household_edit"),
    path("households/<str:code>/close/", views.household_close, name="household_close"),
    path("households/<str:code>/members/new/", views.member_add, name="member_add"),
    path("households/<str:code>/members/<int:pk>/edit/", views.member_edit, name="member_edit"),
    path("households/<str:code>/members/<int:pk>/exit/", views.member_exit, name="member_exit"),
    path("households/<str:code>/history/", views.household_history, name="household_history"),
    path("import/", views.import_upload, name="import"),
    path("export/", views.export_start, name="export"),
    path("quality/", views.quality_report, name="quality"),
]
