from django.urls import path

from . import asset_views, views

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
    path("<int:pk>/assets/new/", asset_views.asset_new, name="asset_new"),
    path("assets/", asset_views.asset_list, name="asset_list"),
    path("assets/<int:pk>/", asset_views.asset_detail, name="asset_detail"),
    path("assets/<int:pk>/incomes/", asset_views.income_new, name="income_new"),
    path("assets/<int:pk>/plans/", asset_views.plan_new, name="plan_new"),
    path("assets/<int:pk>/plans/import/", asset_views.plan_import, name="plan_import"),
    path("assets/plans/<int:pk>/", asset_views.plan_detail, name="plan_detail"),
    path("assets/plans/<int:pk>/approve/", asset_views.plan_approve, name="plan_approve"),
    path("assets/plans/<int:pk>/pay/", asset_views.plan_pay, name="plan_pay"),
    path("assets/plans/<int:pk>/list.xlsx", asset_views.plan_export, name="plan_export"),
]
