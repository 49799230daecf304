from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "lll.activities"
    verbose_name = _("Regional LLL activities")
