from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils.translation import gettext as _


@receiver(user_logged_out)
def confirm_logout(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "_messages"):
        messages.info(request, _("You have logged out."))


@receiver(pre_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="lll.accounts.login_no_history")
def login_writes_no_history(sender: Any, instance: Any, update_fields: Any, **kwargs: Any) -> None:
    """A login saves only `last_login` (Django's `update_last_login`): not a change of the
    account, so no history record (twenty logins would push a role change off the user page)."""
    if update_fields is not None and set(update_fields) == {"last_login"}:
        instance.skip_history_when_saving = True


@receiver(post_save, sender=settings.AUTH_USER_MODEL, dispatch_uid="lll.accounts.login_history")
def history_again(sender: Any, instance: Any, **kwargs: Any) -> None:
    instance.__dict__.pop("skip_history_when_saving", None)  # after simple-history's receiver
