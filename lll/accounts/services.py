"""Account operations used by the views and the management commands."""

import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from lll.core.privacy import with_clause

from .models import User
from .roles import ADMINISTRATOR, sync_roles

ADMIN_PASSWORD_FILE = "admin-password.txt"  # noqa: S105 (a file name, not a password)


def ensure_admin(username: str = "admin", email: str = "") -> tuple[User, Path | None]:
    """Create the first administrator with a one-time password written to var/, if none exists.

    Returns the administrator and the password file, or None for the file when an administrator
    already existed (its password is then the one its owner chose).
    """
    existing = User.objects.filter(is_superuser=True).order_by("pk").first()
    password_file = Path(settings.VAR_DIR) / ADMIN_PASSWORD_FILE
    if existing is not None:
        return existing, password_file if password_file.exists() else None
    password = secrets.token_urlsafe(12)
    user = User.objects.create_superuser(
        username=username, email=email, password=password, must_change_password=True
    )
    sync_roles()
    user.groups.add(Group.objects.get(name=ADMINISTRATOR))
    password_file.write_text(
        f"username: {username}\npassword: {password}\n"
        "# One-time password: the system asks for a new one at the first login.\n"
    )
    password_file.chmod(0o600)
    return user, password_file


def password_set_link(request: HttpRequest, user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return request.build_absolute_uri(
        reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    )


def send_invitation(
    request: HttpRequest, user: User, new_account: bool = True, purpose: str = "accounts"
) -> None:
    """E-mail a user a link where they set their own password (a new account, or a new link).
    A new account's e-mail is the first the person gets: it carries the RODO information clause
    of `purpose` (art. 13)."""
    context = {
        "user": user,
        "link": password_set_link(request, user),
        "office": settings.LLL_OFFICE_NAME,
        "new_account": new_account,
    }
    subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
    body: str = render_to_string("accounts/email/invitation.txt", context)
    if new_account:
        body = with_clause(body, purpose)
    send_mail(subject, body, None, [user.email])
