"""Managing user accounts and API tokens. Every function takes the acting user first, checks that
the actor may do it within their own scope, and raises AccountsError with a Chinese message if not."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from fupin.core.errors import DomainError, Refusal
from fupin.core.history import record_change
from fupin.core.scope import in_scope, is_visible
from fupin.core.spreadsheet_safety import FORMULA_NAME_REASON, begins_like_formula
from fupin.regions.choices import Level
from fupin.regions.models import Region

from . import throttling
from .choices import ALLOWED_LEVELS, GRANTABLE_ROLES, NATIONWIDE_ROLES, Role
from .models import ApiToken, User


class AccountsError(DomainError):
    """A refusal, in Chinese, fit to show to the user as it is."""

    default_refusal = Refusal.INPUT


@dataclass(frozen=True)
class AccountDetails:
    """The editable facts of an account (the password is set separately)."""

    display_name: str
    role: str
    region_code: str | None
    phone: str = ""
    unit: str = ""


def grantable_roles(actor: User) -> list[str]:
    return list(GRANTABLE_ROLES.get(actor.role, ()))


def can_manage_users(actor: User) -> bool:
    return actor.is_active and bool(grantable_roles(actor))


def _check_details(actor: User, details: AccountDetails) -> Region | None:
    if details.role not in Role.values:
        raise AccountsError(f"未知角色：{details.role}")
    if details.role not in grantable_roles(actor):
        raise AccountsError(f"您无权设置“{Role(details.role).label}”角色。", refusal=Refusal.ROLE)
    if not details.region_code:
        if details.role not in NATIONWIDE_ROLES:
            raise AccountsError(f"“{Role(details.role).label}”必须指定管辖区域。")
        if actor.scope_code is not None:
            raise AccountsError(
                "只有全国范围的系统管理员可以设置全国范围的账号。", refusal=Refusal.ROLE
            )
        return None
    # Ancestors are visible for breadcrumbs, but an account may only be placed inside the scope.
    region = Region.objects.filter(code=details.region_code).first()
    if region is None or not in_scope(actor, region.code):
        raise AccountsError(
            f"区划代码 {details.region_code} 不存在或不在您的管辖范围内。",
            refusal=Refusal.NOT_FOUND,
        )
    if region.level not in ALLOWED_LEVELS[details.role]:
        levels = "、".join(Level(level).label for level in ALLOWED_LEVELS[details.role])
        raise AccountsError(
            f"“{Role(details.role).label}”的管辖区域应为{levels}区划，{region.name}是"
            f"{region.get_level_display()}。"
        )
    return region


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise AccountsError(" ".join(error.messages)) from error


def create_user(actor: User, *, username: str, password: str, details: AccountDetails) -> User:
    """Create an account within the actor's scope, with a role the actor may hand out."""
    username = username.strip()
    if not username:
        raise AccountsError("请填写用户名。")
    if User.objects.filter(username__iexact=username).exists():
        raise AccountsError(f"用户名“{username}”已被使用。", refusal=Refusal.STATE)
    region = _check_details(actor, details)
    user = User(username=username, region=region, **_plain_fields(details))
    _check_password(password, user)
    user.set_password(password)
    record_change(user, actor, f"由 {actor} 创建账号")
    with transaction.atomic():  # the account and its history record together
        user.save()
    return user


def update_user(actor: User, user: User, *, details: AccountDetails) -> User:
    """Change an account's name, role, region or contacts."""
    _check_manageable(actor, user)
    region = _check_details(actor, details)
    for field, value in _plain_fields(details).items():
        setattr(user, field, value)
    user.region = region
    record_change(user, actor)
    with transaction.atomic():
        user.save()
    return user


def set_password(actor: User, user: User, *, password: str) -> None:
    """An administrator resets an account's password (or a user changes their own)."""
    if actor.pk != user.pk:
        _check_manageable(actor, user)
    _check_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    throttling.record_success(user.username)  # a reset also lifts a lock from failed sign-ins


def set_active(actor: User, user: User, *, active: bool) -> None:
    """Disable or re-enable an account. Accounts are never deleted: history points at them."""
    _check_manageable(actor, user)
    if actor.pk == user.pk:
        raise AccountsError("不能停用自己的账号。", refusal=Refusal.STATE)
    user.is_active = active
    record_change(user, actor)
    user.save()
    if not active:
        ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )


def issue_token(actor: User, user: User, *, name: str) -> tuple[ApiToken, str]:
    """A new API token for ``user``; returns the token and its key, which is shown only once."""
    _check_manageable(actor, user)
    if not name.strip():
        raise AccountsError("请填写令牌用途。")
    key = ApiToken.new_key()
    token = ApiToken.objects.create(
        user=user, name=name.strip()[:100], prefix=key[3:11], key_hash=ApiToken.hash_key(key)
    )
    return token, key


def revoke_token(actor: User, token: ApiToken) -> None:
    _check_manageable(actor, token.user)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])


def _check_manageable(actor: User, user: User) -> None:
    if not can_manage_users(actor) or not is_visible(actor, user):
        raise AccountsError("您无权管理该账号。", refusal=Refusal.ROLE)
    if user.role not in grantable_roles(actor):
        raise AccountsError(f"您无权管理“{user.get_role_display()}”账号。", refusal=Refusal.ROLE)


def _plain_fields(details: AccountDetails) -> dict[str, str]:
    if begins_like_formula(details.display_name.strip()):
        raise AccountsError(f"姓名{FORMULA_NAME_REASON}。")
    return {
        "display_name": details.display_name.strip(),
        "role": details.role,
        "phone": details.phone.strip(),
        "unit": details.unit.strip(),
    }
