from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VetConfig(AppConfig):
    name = "lll.vet"
    verbose_name = _("Vocational education directions")
