from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="project_list"),
    path("new/", views.project_new, name="project_new"),
    path("<int:pk>/", views.project_detail, name="project_detail"),
    path("<int:pk>/steps/<str:code>/", views.project_step, name="project_step"),
    path("<int:pk>/lines/<int:line>/expenses/", views.expense_new, name="expense_new"),
    path("<int:pk>/beneficiaries/", views.beneficiary_new, name="beneficiary_new"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("funds/", views.fund_list, name="fund_list"),
    path("funds/new/", views.fund_new, name="fund_new"),
    path("funds/<int:pk>/", views.fund_detail, name="fund_detail"),
]
