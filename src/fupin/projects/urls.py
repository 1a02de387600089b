from django.urls import path

from . import bulk_views, views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="project_list"),
    path("new/", views.project_new, name="project_new"),
    path("<int:pk>/", views.project_detail, name="project_detail"),
    path("<int:pk>/steps/<str:code>/", views.project_step, name="project_step"),
    path("<int:pk>/lines/<int:line>/expenses/", views.expense_new, name="expense_new"),
    path("<int:pk>/beneficiaries/", views.beneficiary_new, name="beneficiary_new"),
    path("<int:pk>/notice/", views.project_notice_page, name="project_notice"),
    path("<int:pk>/notice.pdf", views.project_notice_download, name="project_notice_pdf"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("funds/", views.fund_list, name="fund_list"),
    path("funds/new/", views.fund_new, name="fund_new"),
    path("funds/<int:pk>/", views.fund_detail, name="fund_detail"),
    path("funds/<int:pk>/notice/", views.fund_notice_page, name="fund_notice"),
    path("funds/<int:pk>/notice.pdf", views.fund_notice_download, name="fund_notice_pdf"),
    path("bulk/import/", bulk_views.import_page, name="import"),
    path("bulk/import/template.xlsx", bulk_views.template_download, name="import_template"),
    path("bulk/projects.xlsx", bulk_views.project_export, name="project_export"),
    path("bulk/expenses.xlsx", bulk_views.expense_export, name="expense_export"),
]
