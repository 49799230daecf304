"""Who manages accounts, and the one way the user-management pages fetch one."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from lll.core.access import has_permission

from .models import User

MANAGE_USERS = "accounts.manage_users"


def can_manage_users(user: Any) -> bool:
    return has_permission(user, MANAGE_USERS)


def get_user_for(request: HttpRequest, pk: int, *, active_only: bool = False) -> User:
    """An account for the user-management pages (behind `MANAGE_USERS`); 404 for none, or for
    an inactive one when `active_only`."""
    if not can_manage_users(request.user):
        raise PermissionDenied
    users = User.objects.filter(is_active=True) if active_only else User.objects.all()
    return get_object_or_404(users, pk=pk)


def get_editable_user_for(request: HttpRequest, pk: int) -> User:
    """An account the user may change: only a superuser changes a superuser's account (403)."""
    edited = get_user_for(request, pk)
    if edited.is_superuser and not request.user.is_superuser:
        raise PermissionDenied(_("Only a superuser may change a superuser's account."))
    return edited
