"""Forms for signing in and for managing accounts. They bind and clean input only; the rules on
who may do what live in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone

from fupin.core.forms import form_field
from fupin.core.widgets import RegionPicker

from . import throttling
from .choices import Role
from .models import User
from .services import AccountDetails, grantable_roles


class LoginForm(AuthenticationForm):
    """Django's sign-in form, refusing locked user names before the password is even checked."""

    error_messages = {
        "invalid_login": "用户名或密码错误。连续失败 5 次后，该用户名将被锁定 15 分钟。",
        "inactive": "该账号已停用，请联系管理员。",
        "locked": "登录失败次数过多，该用户名已被锁定，请于 %(until)s 后再试。",
        "pages_not_allowed": "行业部门账号只能通过数据接口访问，不能登录网页。",
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username") or ""
        if until := throttling.locked_until(username):
            raise forms.ValidationError(
                self.error_messages["locked"],
                code="locked",
                params={"until": timezone.localtime(until).strftime("%H:%M")},
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttling.record_failure(username)
            if until := throttling.locked_until(username):
                raise forms.ValidationError(
                    self.error_messages["locked"],
                    code="locked",
                    params={"until": timezone.localtime(until).strftime("%H:%M")},
                ) from None
            raise
        throttling.record_success(username)
        return cleaned

    def confirm_login_allowed(self, user: User) -> None:
        super().confirm_login_allowed(user)
        if not user.uses_pages:
            raise forms.ValidationError(
                self.error_messages["pages_not_allowed"], code="pages_not_allowed"
            )


class AccountForm(forms.Form):
    """Name, role, region and contacts of an account."""

    display_name = forms.CharField(label="姓名", max_length=50)
    role = forms.ChoiceField(label="角色")
    region_code = forms.CharField(label="管辖区域", required=False, widget=RegionPicker)
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    unit = forms.CharField(label="工作单位", max_length=100, required=False)

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "role", forms.ChoiceField).choices = [
            (role, Role(role).label) for role in grantable_roles(actor)
        ]
        self.fields["region_code"].widget.root_code = actor.scope_code
        if actor.scope_code is None:
            self.fields["region_code"].help_text = "系统管理员账号可留空，表示全国"

    def details(self) -> AccountDetails:
        data = self.cleaned_data
        return AccountDetails(
            display_name=data["display_name"],
            role=data["role"],
            region_code=data["region_code"] or None,
            phone=data["phone"],
            unit=data["unit"],
        )


class NewAccountForm(AccountForm):
    username = forms.CharField(label="用户名", max_length=150)
    password1 = forms.CharField(label="初始密码", widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label="再次输入密码", widget=forms.PasswordInput, strip=False)

    field_order = ["username", "display_name", "role", "region_code", "phone", "unit"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", "两次输入的密码不一致。")
        return cleaned


class PasswordResetForm(forms.Form):
    password1 = forms.CharField(label="新密码", widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label="再次输入新密码", widget=forms.PasswordInput, strip=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        if cleaned.get("password1") != cleaned.get("password2"):
            self.add_error("password2", "两次输入的密码不一致。")
        return cleaned


class TokenForm(forms.Form):
    name = forms.CharField(label="令牌用途", max_length=100, help_text="例如：民政局低保数据交换")
