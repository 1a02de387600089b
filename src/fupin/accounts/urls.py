from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.own_password, name="own_password"),
    path("users/", views.user_list, name="user_list"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("users/<int:pk>/edit/", views.user_edit, name="user_edit"),
    path("users/<int:pk>/password/", views.user_password, name="user_password"),
    path("users/<int:pk>/active/", views.user_active, name="user_active"),
    path("users/<int:pk>/history/", views.user_history, name="user_history"),
    path("users/<int:pk>/tokens/", views.token_create, name="token_create"),
    path("users/<int:pk>/tokens/new/", views.token_created, name="token_created"),
    path("users/<int:pk>/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
]
