"""Who may do what: one decorator for views, one permission test, a typed logged-in request.

Each app keeps its rules (which objects a user sees) in its own `access.py`, built on these:
views fetch objects through that module's `get_<thing>_for(request, pk)` helpers, so a rule is
written once and a stranger's object answers 404 the same way everywhere.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


class AuthenticatedRequest(HttpRequest):
    """A request the `requires` decorator has let through: `user` is a logged-in account."""

    user: Any  # lll.accounts.models.User; core imports no app


def has_permission(user: Any, perm: str) -> bool:
    """True for a logged-in user holding `perm` (through a role, or as a superuser)."""
    return bool(user.is_authenticated and user.has_perm(perm))


def requires(permission: str | None = None) -> Callable[[View], View]:
    """The one access decorator of views: anonymous visitors go to the login page; a logged-in
    user without `permission` (when one is given) gets 403."""

    def decorate(view: View) -> View:
        @wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if permission and not has_permission(request.user, permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return cast(View, login_required(checked))

    return decorate
