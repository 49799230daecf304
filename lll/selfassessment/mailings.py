"""Invitations and reminders to a round's respondents, one e-mail each over one SMTP connection:
a refused address fails alone and its error stays on the respondent's row."""

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from .models import Round


def send_invitations(round_: Round, link: str) -> tuple[int, int]:
    """E-mail every respondent who has not submitted yet; returns (sent, failed)."""
    respondents = list(
        round_.respondents.filter(submitted_at__isnull=True)
        .exclude(person__email="")
        .select_related("person")
    )
    sent = failed = 0
    with override(settings.LANGUAGE_CODE):
        subject = _("Self-assessment: %(title)s") % {"title": round_.title}
        connection = get_connection()
        try:
            connection.open()
        except (smtplib.SMTPException, OSError) as exc:
            for respondent in respondents:
                respondent.mail_error = str(exc)
                respondent.save(update_fields=["mail_error"])
            return 0, len(respondents)
        try:
            for respondent in respondents:
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
                message = EmailMessage(
                    subject, body, to=[respondent.person.email], connection=connection
                )
                try:
                    message.send()
                except (smtplib.SMTPException, OSError) as exc:
                    respondent.mail_error = str(exc)
                    failed += 1
                else:
                    respondent.mailed_at = timezone.now()
                    respondent.mail_error = ""
                    sent += 1
                respondent.save(update_fields=["mailed_at", "mail_error"])
        finally:
            connection.close()
    return sent, failed
