"""Sign-in and account management pages. Thin: scoped getter → form → service → message."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from fupin.accounts.requests import AuthenticatedRequest
from fupin.core.history import history_entries
from fupin.core.paging import paged

from . import services
from .forms import AccountForm, LoginForm, NewAccountForm, PasswordResetForm, TokenForm
from .models import ApiToken, User


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


def _manager(request: AuthenticatedRequest) -> User:
    if not services.can_manage_users(request.user):
        raise PermissionDenied("您无权管理用户。")
    return request.user


def _managed_user(request: AuthenticatedRequest, pk: int) -> User:
    return get_object_or_404(User.objects.visible_to(request.user).select_related("region"), pk=pk)


def user_list(request: AuthenticatedRequest) -> HttpResponse:
    _manager(request)
    users = User.objects.visible_to(request.user).select_related("region").order_by("username")
    query = request.GET.get("q", "").strip()
    if query:
        users = users.filter(
            Q(username__icontains=query)
            | Q(display_name__icontains=query)
            | Q(phone__contains=query)
        )
    return render(request, "accounts/user_list.html", {"query": query, **paged(request, users, 50)})


def user_create(request: AuthenticatedRequest) -> HttpResponse:
    actor = _manager(request)
    form = NewAccountForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.create_user(
                actor,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password1"],
                details=form.details(),
            )
        except services.AccountsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"已创建账号 {user.username}。")
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "title": "新建账号"})


def user_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    _manager(request)
    user = _managed_user(request, pk)
    return render(
        request,
        "accounts/user_detail.html",
        {"account": user, "tokens": user.tokens.all(), "token_form": TokenForm()},
    )


def user_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    actor = _manager(request)
    user = _managed_user(request, pk)
    initial = {
        "display_name": user.display_name,
        "role": user.role,
        "region_code": user.region_id or "",
        "phone": user.phone,
        "unit": user.unit,
    }
    form = AccountForm(request.POST or None, initial=initial, actor=actor)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_user(actor, user, details=form.details())
        except services.AccountsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"已保存账号 {user.username}。")
            return redirect("accounts:user_detail", pk=user.pk)
    return render(
        request, "accounts/user_form.html", {"form": form, "title": f"编辑账号 {user.username}"}
    )


def user_password(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    actor = _manager(request)
    user = _managed_user(request, pk)
    form = PasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_password(actor, user, password=form.cleaned_data["password1"])
        except services.AccountsError as error:
            form.add_error("password1", str(error))
        else:
            messages.success(request, f"已重置 {user.username} 的密码。")
            return redirect("accounts:user_detail", pk=user.pk)
    return render(
        request, "accounts/user_form.html", {"form": form, "title": f"重置密码：{user.username}"}
    )


def user_active(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    actor = _manager(request)
    user = _managed_user(request, pk)
    if request.method != "POST":
        return redirect("accounts:user_detail", pk=user.pk)
    active = request.POST.get("active") == "1"
    try:
        services.set_active(actor, user, active=active)
    except services.AccountsError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"已{'启用' if active else '停用'}账号 {user.username}。")
    return redirect("accounts:user_detail", pk=user.pk)


def user_history(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    _manager(request)
    user = _managed_user(request, pk)
    return render(
        request,
        "core/history.html",
        {"object": user, "entries": history_entries(user), "back_url": user.get_absolute_url()},
    )


def token_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    actor = _manager(request)
    user = _managed_user(request, pk)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, key = services.issue_token(actor, user, name=form.cleaned_data["name"])
        except services.AccountsError as error:
            messages.error(request, str(error))
        else:
            # Shown once, on the page after the redirect: a reload must not issue another token.
            request.session[NEW_TOKEN_KEY] = {"token": token.pk, "key": key}
            return redirect("accounts:token_created", pk=user.pk)
    return redirect("accounts:user_detail", pk=user.pk)


NEW_TOKEN_KEY = "fupin_new_token"


def token_created(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    _manager(request)
    user = _managed_user(request, pk)
    shown = request.session.pop(NEW_TOKEN_KEY, None)
    token = user.tokens.filter(pk=shown["token"]).first() if shown else None
    if token is None:
        messages.info(request, "令牌只在创建时显示一次；如已遗失，请撤销后重新创建。")
        return redirect("accounts:user_detail", pk=user.pk)
    return render(
        request,
        "accounts/token_created.html",
        {"account": user, "token": token, "key": shown["key"]},
    )


def token_revoke(request: AuthenticatedRequest, pk: int, token_id: int) -> HttpResponse:
    actor = _manager(request)
    user = _managed_user(request, pk)
    token = get_object_or_404(ApiToken, pk=token_id, user=user)
    if request.method == "POST":
        try:
            services.revoke_token(actor, token)
        except services.AccountsError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"已撤销令牌 {token}。")
    return redirect("accounts:user_detail", pk=user.pk)


def own_password(request: AuthenticatedRequest) -> HttpResponse:
    form = PasswordResetForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_password(
                request.user, request.user, password=form.cleaned_data["password1"]
            )
        except services.AccountsError as error:
            form.add_error("password1", str(error))
        else:
            messages.success(request, "密码已修改，请重新登录。")
            return redirect("accounts:login")
    return render(request, "accounts/user_form.html", {"form": form, "title": "修改我的密码"})
