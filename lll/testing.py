"""Helpers the tests of every app share: accounts with a role and clients logged in as them.

Only the tests import this module; it lives in the package so that `lll/*/tests` and `tests/`
reach it by one name.
"""

from django.contrib.auth.models import Group
from django.test import Client

from lll.accounts.models import User

PASSWORD = "x-Pass-1234"  # noqa: S105 - the test accounts' password


def make_user(
    username: str,
    role: str | None = None,
    *,
    password: str = PASSWORD,
    email: str | None = None,
    **fields: object,
) -> User:
    """An active account in the role's group (a role from lll.accounts.roles, or none).

    The e-mail address is username@example.org unless given ("" for none)."""
    user = User.objects.create_user(
        username,
        email=f"{username}@example.org" if email is None else email,
        password=password,
        **fields,
    )
    if role is not None:
        user.groups.add(Group.objects.get(name=role))
    return user


def logged_in(user: User) -> Client:
    """A test client with this user's session, as after logging in through the form."""
    client = Client()
    client.force_login(user)
    return client
