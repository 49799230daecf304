from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class CaseInsensitiveUserManager(UserManager["User"]):
    def get_by_natural_key(self, username: Any) -> "User":
        """Logging in, "Izabela.Czarnecka@..." is the account "izabela.czarnecka@...": the exact
        name first, else the one account whose name differs only in letter case."""
        try:
            return self.get(username=username)
        except self.model.DoesNotExist:
            matches = list(self.filter(username__iexact=username)[:2])
            if len(matches) != 1:  # none, or two names that differ only in case: no guessing
                raise
            return matches[0]


class User(AbstractUser):
    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        help_text=_("Set for a one-time password: the user must choose a new one at next login."),
    )

    objects: ClassVar[CaseInsensitiveUserManager] = CaseInsensitiveUserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"], m2m_fields=["groups"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        permissions = [("manage_users", "Can manage users and their roles")]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def role_names(self) -> list[str]:
        from .roles import role_labels

        return role_labels(self)
