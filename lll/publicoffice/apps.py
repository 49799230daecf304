from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicOfficeConfig(AppConfig):
    name = "lll.publicoffice"
    verbose_name = _("Public-office duties")

    def ready(self) -> None:
        from lll.core import privacy

        from .services import clauses

        # Other apps show and send the clauses through lll.core.privacy (core imports no app).
        privacy.register_clause_source(clauses.clause_for)
