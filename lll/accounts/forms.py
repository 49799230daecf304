import hashlib
import time
from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.db.models import Case, Value, When
from django.utils.translation import gettext_lazy as _

from .models import User
from .roles import ROLES, ROLES_BY_GROUP


class RoleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Group) -> str:
        role = ROLES_BY_GROUP.get(obj.name)
        return f"{role.label} — {role.description}" if role else obj.name


class UserForm(forms.ModelForm):
    roles = RoleChoiceField(
        label=_("Roles"),
        queryset=Group.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "is_active"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        in_role_order = Case(*[When(name=r.group, then=Value(i)) for i, r in enumerate(ROLES)])
        role_groups = Group.objects.filter(name__in=ROLES_BY_GROUP).order_by(in_role_order)
        self.fields["roles"].queryset = role_groups  # type: ignore[attr-defined]
        # An invitation goes by e-mail, so a new user needs an address.
        self.fields["email"].required = not self.instance.pk
        if self.instance.pk:
            self.initial["roles"] = list(self.instance.groups.filter(name__in=ROLES_BY_GROUP))

    def clean_username(self) -> str:
        """Logins ignore letter case (CaseInsensitiveUserManager), so two names that differ only
        in case would be one login: "Ewa.Nowak@..." is refused beside "ewa.nowak@..."."""
        username: str = self.cleaned_data["username"]
        duplicate = User.objects.filter(username__iexact=username).exclude(pk=self.instance.pk)
        if duplicate.exists():
            raise forms.ValidationError(
                _("Another user already has this username (letter case does not matter).")
            )
        return username

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip().lower()
        if not email:
            return email
        duplicate = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if duplicate.exists():
            raise forms.ValidationError(_("Another user already has this e-mail address."))
        return email

    def _save_m2m(self) -> None:
        # Runs on save() and on save_m2m() after save(commit=False): roles go with the user.
        super()._save_m2m()  # type: ignore[misc]
        other_groups = self.instance.groups.exclude(name__in=ROLES_BY_GROUP)
        self.instance.groups.set([*other_groups, *self.cleaned_data["roles"]])


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Also sends the link to active users who never set a password (invited ones)."""

    def get_users(self, email: str) -> Iterator[Any]:
        if not reset_mail_allowed(email):  # the page says the same either way
            return iter(())
        return iter(User.objects.filter(email__iexact=email, is_active=True).exclude(email=""))


RESET_MAILS_PER_HOUR = 3


def reset_mail_allowed(email: str) -> bool:
    """At most RESET_MAILS_PER_HOUR reset e-mails an hour to one address, whoever asks (so the
    form cannot be used to flood a mailbox). Counted in the cache the processes share."""
    cache = caches["progress"]
    key = "lll:password-reset:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()
    now = time.time()
    recent = [t for t in cache.get(key, []) if now - t < 3600]
    if len(recent) >= RESET_MAILS_PER_HOUR:
        return False
    cache.set(key, [*recent, now], timeout=3600)
    return True


def role_choices() -> list[tuple[str, str]]:
    return [("", str(_("all roles"))), *[(role.group, str(role.label)) for role in ROLES]]


class UserSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    role = forms.ChoiceField(label=_("Role"), required=False, choices=role_choices)
