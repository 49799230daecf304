from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "lll.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects the receivers
        from .roles import sync_roles_after_migrate

        # Apps added later bring new permissions; give them to the roles once they exist.
        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="lll.accounts.sync_roles")
