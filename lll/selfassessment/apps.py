from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SelfassessmentConfig(AppConfig):
    name = "lll.selfassessment"
    verbose_name = _("Self-assessment")
