from collections.abc import Callable

from django.contrib.auth.decorators import login_required, permission_required
from django.http.response import HttpResponseBase

ViewFunction = Callable[..., HttpResponseBase]


def staff_only(permission: str) -> Callable[[ViewFunction], ViewFunction]:
    """Anonymous users go to the login page; logged-in users without the permission get 403."""

    def decorate(view: ViewFunction) -> ViewFunction:
        return login_required(permission_required(permission, raise_exception=True)(view))

    return decorate
