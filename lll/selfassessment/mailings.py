"""Invitations and reminders to a round's respondents, one e-mail each over one SMTP connection:
a refused address fails alone and its error stays on the respondent's row."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from lll.core.mail import error_text, send_each

from .models import Respondent, Round


def send_invitations(round_: Round, link: str) -> tuple[int, int]:
    """E-mail every respondent who has not submitted yet; returns (sent, failed)."""
    respondents = list(
        round_.respondents.filter(submitted_at__isnull=True)
        .exclude(person__email="")
        .select_related("person")
    )

    def message_for(respondent: Respondent) -> EmailMessage:
        body = render_to_string(
            "selfassessment/email/invitation.txt",
            {
                "round": round_,
                "person": respondent.person,
                "link": link,
                "office": settings.LLL_OFFICE_NAME,
                "started": respondent.answers.exists(),
            },
        )
        return EmailMessage(subject, body, to=[respondent.person.email])

    def record(respondent: Respondent, error: Exception | None) -> None:
        respondent.mail_error = error_text(error)
        if error is None:
            respondent.mailed_at = timezone.now()
        respondent.save(update_fields=["mailed_at", "mail_error"])

    with override(settings.LANGUAGE_CODE):
        subject = _("Self-assessment: %(title)s") % {"title": round_.title}
        return send_each(respondents, message_for, record)
