from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("cases/", views.case_list, name="case_list"),
    path("statistics/", views.statistics, name="statistics"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/steps/<str:code>/", views.case_step, name="case_step"),
    path("cases/<int:pk>/reopen/", views.case_reopen, name="case_reopen"),
    path("measures/<int:pk>/result/", views.measure_result, name="measure_result"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("leads/new/", views.lead_create, name="lead_create"),
    path("households/<str:code>/", views.household_panel, name="household_panel"),
    path("households/<str:code>/screening/", views.household_screening, name="screening"),
    path("bulk/<str:office>/", views.bulk_approve, name="bulk_approve"),
    path("notice/<str:village>/", views.notice_page, name="notice"),
    path("notice/<str:village>/pdf/", views.notice_download, name="notice_pdf"),
]
