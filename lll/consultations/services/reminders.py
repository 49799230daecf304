"""Reminders to the members who have not commented: by hand, or once before the close."""

import datetime
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from lll.coordination.models import Person
from lll.core.errors import NotAllowed
from lll.core.mail import error_text, send_each

from ..models import Consultation, ReminderDelivery
from .comments import active_comments, consulted_members


def non_responders(consultation: Consultation) -> list[Person]:
    """Members of the consulted bodies, with an address, who have no comment standing."""
    authors = set(
        active_comments(consultation).exclude(author=None).values_list("author", flat=True)
    )
    return [p for p in consulted_members(consultation) if p.pk not in authors and p.email]


def reminder_message(consultation: Consultation, base_url: str = "") -> tuple[str, str]:
    base_url = base_url or getattr(settings, "LLL_SITE_URL", "")
    with override(settings.LANGUAGE_CODE):
        subject = _("Reminder: comments on “%(title)s” until %(date)s") % {
            "title": consultation.title,
            "date": f"{timezone.localtime(consultation.closes_at):%d.%m.%Y %H:%M}",
        }
        body = render_to_string(
            "consultations/email/reminder.txt",
            {
                "consultation": consultation,
                "closes_at": timezone.localtime(consultation.closes_at),
                "legal_acts": [
                    line.strip() for line in consultation.legal_acts.splitlines() if line.strip()
                ],
                "url": base_url.rstrip("/") + consultation.get_absolute_url(),
                "office": settings.LLL_OFFICE_NAME,
            },
        )
    return subject, body


def send_reminders(
    consultation: Consultation, base_url: str = "", *, scheduled: bool = False
) -> tuple[int, int]:
    """E-mail every member who has not commented; returns (sent, failed). One message per
    recipient over one connection, so a refused address fails alone. `scheduled`: the automatic
    reminder before the close (sent once); otherwise a sending the office asked for by hand,
    which does not replace the automatic one."""
    if not consultation.is_open:
        raise NotAllowed(_("Reminders are sent only while the consultation is open."))
    recipients = non_responders(consultation)
    subject, body = reminder_message(consultation, base_url)
    sending = uuid.uuid4()

    def message_for(person: Person) -> EmailMessage:
        return EmailMessage(
            subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[person.email]
        )

    def record(person: Person, error: Exception | None) -> None:
        _delivery(consultation, person, error, scheduled, sending)

    sent, failed = send_each(recipients, message_for, record)
    _mark_scheduled(consultation, scheduled)
    return sent, failed


def _mark_scheduled(consultation: Consultation, scheduled: bool) -> None:
    if scheduled:
        consultation.scheduled_reminder_sent_at = timezone.now()
        consultation.save(update_fields=["scheduled_reminder_sent_at"])


def _delivery(
    consultation: Consultation,
    person: Person,
    error: Exception | None,
    scheduled: bool,
    sending: uuid.UUID,
) -> None:
    ReminderDelivery.objects.create(
        consultation=consultation,
        person=person,
        email=person.email,
        scheduled=scheduled,
        sending=sending,
        status=ReminderDelivery.Status.FAILED if error else ReminderDelivery.Status.SENT,
        error=error_text(error),
    )


def reminders_due(now: datetime.datetime | None = None) -> QuerySet[Consultation]:
    """Open consultations within their reminder period whose reminder has not gone out."""
    now = now or timezone.now()
    candidates = Consultation.objects.filter(
        status=Consultation.Status.OPEN,
        opens_at__lte=now,
        closes_at__gt=now,
        scheduled_reminder_sent_at__isnull=True,
    )
    due = [
        c.pk for c in candidates if c.closes_at - datetime.timedelta(days=c.reminder_days) <= now
    ]
    return Consultation.objects.filter(pk__in=due)


@dataclass(frozen=True)
class ReminderSending:
    """The reminders sent at one go: automatically or by hand."""

    at: datetime.datetime
    scheduled: bool
    sent: int
    failed: int


def reminder_sendings(consultation: Consultation) -> list[ReminderSending]:
    """The sendings, newest first (deliveries recorded before sendings were numbered: one per
    minute)."""
    by_sending: dict[object, list[ReminderDelivery]] = {}
    for delivery in consultation.reminders.order_by("sent_at", "pk"):
        key = delivery.sending or (
            delivery.scheduled,
            delivery.sent_at.replace(second=0, microsecond=0),
        )
        by_sending.setdefault(key, []).append(delivery)
    groups = list(by_sending.values())
    return [
        ReminderSending(
            at=group[0].sent_at,
            scheduled=group[0].scheduled,
            sent=sum(1 for d in group if d.status == ReminderDelivery.Status.SENT),
            failed=sum(1 for d in group if d.status == ReminderDelivery.Status.FAILED),
        )
        for group in reversed(groups)
    ]


def last_manual_sending(consultation: Consultation) -> ReminderSending | None:
    return next((s for s in reminder_sendings(consultation) if not s.scheduled), None)
