from django.urls import path

from . import bulk_urls, clearance_urls, views

app_name = "ledger"

urlpatterns = [
    path("", views.problem_list, name="problem_list"),
    path("mine/", views.my_problems, name="my_problems"),
    path("new/", views.problem_new, name="problem_new"),
    path("problems/<int:pk>/", views.problem_detail, name="problem_detail"),
    path("problems/<int:pk>/steps/<str:code>/", views.problem_step, name="problem_step"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("classes/", views.class_list, name="class_list"),
    *clearance_urls.urlpatterns,
    *bulk_urls.urlpatterns,
]
