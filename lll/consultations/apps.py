from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "lll.consultations"
    verbose_name = _("Consultations and polls")

    def ready(self) -> None:
        from lll.coordination import panels

        from . import panels as poll_panels

        panels.register_meeting_panel(poll_panels.meeting_polls)
        panels.register_overview_panel(poll_panels.polls_to_vote)
