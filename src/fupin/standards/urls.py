from django.urls import path

from . import views

app_name = "standards"

urlpatterns = [
    path("", views.standard_list, name="list"),
    path("set/", views.standard_set, name="set"),
    path("<int:pk>/history/", views.standard_history, name="history"),
]
