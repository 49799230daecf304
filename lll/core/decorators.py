from collections.abc import Callable
from typing import TypeVar

from django.contrib.auth.decorators import login_required, permission_required

View = TypeVar("View", bound=Callable[..., object])


def staff_only(permission: str) -> Callable[[View], View]:
    """Anonymous users go to the login page; logged-in users without the permission get 403."""

    def decorate(view: View) -> View:
        return login_required(permission_required(permission, raise_exception=True)(view))  # type: ignore[return-value]

    return decorate
