from django.urls import path

from . import audit_views, bulk_views, views, works_views

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
    path("works/", works_views.work_list, name="work_list"),
    path("works/new/", works_views.work_new, name="work_new"),
    path("works/checklists/", works_views.checklists, name="works_checklists"),
    path("works/<int:pk>/", works_views.work_detail, name="work_detail"),
    path("works/<int:pk>/<str:action>/", works_views.work_action, name="work_action"),
    path("works/photos/<int:pk>/", works_views.work_photo, name="work_photo"),
    path("audits/", audit_views.audit_list, name="audit_list"),
    path("audits/new/", audit_views.audit_new, name="audit_new"),
    path("audits/<int:pk>/", audit_views.audit_detail, name="audit_detail"),
    path("audits/<int:pk>/cover/", audit_views.audit_cover, name="audit_cover"),
    path("audits/<int:pk>/lines/<int:line>/", audit_views.audit_mark, name="audit_mark"),
    path("audits/<int:pk>/report/", audit_views.audit_report, name="audit_report"),
    path("audits/evidence/<int:pk>/", audit_views.audit_evidence, name="audit_evidence"),
]
