"""Invitations, materials and minutes by e-mail: one Delivery row per recipient, so the office
sees who received what and can send again to those whose delivery failed."""

import datetime
import mimetypes
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from icalendar import Calendar, Event, vCalAddress, vText

from lll.accounts.models import User
from lll.core.downloads import PDF_TYPE, file_name
from lll.core.mail import error_text, send_each
from lll.core.text import sorted_polish

from . import documents, services
from .models import Delivery, Mailing, Material, Meeting, Minutes, Person

# An e-mail attachment's type takes no parameters (the page download uses core's ICS_TYPE).
ICS_ATTACHMENT_TYPE = "text/calendar"


def invitation_ics(meeting: Meeting) -> bytes:
    """An iCalendar request members can add to their calendar (Outlook, Teams, Google)."""
    calendar = Calendar()
    calendar.add("prodid", "-//LLL Regional System//PL")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "localhost"
    event.add("uid", f"meeting-{meeting.pk}@{domain}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at or meeting.starts_at + datetime.timedelta(hours=2))
    event.add("summary", meeting_subject(meeting))
    location = meeting.location
    if meeting.online_link:
        location = f"{location} {meeting.online_link}".strip()
        event.add("url", meeting.online_link)
    event.add("location", vText(location))
    agenda = "\n".join(str(item) for item in meeting.agenda_items.all())
    event.add("description", agenda)
    organizer = vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL}")
    organizer.params["cn"] = vText(settings.LLL_OFFICE_NAME)
    event.add("organizer", organizer)
    event.add("sequence", meeting.history.count())
    calendar.add_component(event)
    return calendar.to_ical()


def meeting_subject(meeting: Meeting) -> str:
    start = timezone.localtime(meeting.starts_at)
    return _("%(body)s: meeting no. %(number)s on %(date)s") % {
        "body": meeting.body.short_name or meeting.body.name,
        "number": meeting.number,
        "date": f"{start:%d.%m.%Y %H:%M}",
    }


def default_recipients(meeting: Meeting) -> list[Person]:
    """The body's members on the day of the meeting who have an e-mail address."""
    return [m.person for m in services.expected_members(meeting) if m.person.email]


def possible_recipients(meeting: Meeting) -> list[Person]:
    """Whom a mailing may reach: the members, their substitutes, the guests and the presenters
    of the agenda items (from outside the body too), with an e-mail address, in Polish order."""
    members = services.expected_members(meeting)
    ids = set(members.values_list("person_id", flat=True))
    ids |= {i for i in members.values_list("substitute_id", flat=True) if i}
    ids |= set(meeting.attendance.values_list("person_id", flat=True))
    ids |= {i for i in meeting.agenda_items.values_list("presenters", flat=True) if i}
    people = Person.objects.filter(pk__in=ids).exclude(email="").select_related("institution")
    return sorted_polish(people, lambda p: p.last_name, lambda p: p.first_name)


def create_mailing(
    meeting: Meeting,
    kind: str,
    user: User | None,
    recipients: Iterable[Person],
    message: str = "",
    materials: Iterable[Material] = (),
    link: str = "",
) -> Mailing:
    """The office's message comes first, after the salutation; a message that signs off itself
    ("Z poważaniem", a name) is not followed by a second sign-off. `link`: the meeting's page."""
    minutes = _minutes_to_send(meeting) if kind == Mailing.Kind.MINUTES else None
    message = message.strip()
    with override(settings.LANGUAGE_CODE):
        subject = {
            Mailing.Kind.INVITATION: _("Invitation"),
            Mailing.Kind.MATERIALS: _("Materials"),
            Mailing.Kind.MINUTES: _("Minutes"),
        }[Mailing.Kind(kind)]
        subject = f"{subject} — {meeting_subject(meeting)}"
        body = render_to_string(
            "coordination/email/mailing.txt",
            {
                "meeting": meeting,
                "kind": kind,
                "message": message,
                "signed_off": _signs_off(message),
                "agenda": meeting.agenda_items.all(),
                "office": settings.LLL_OFFICE_NAME,
                "link": link,
                "draft": minutes is not None and not minutes.is_frozen,
                "deadline": minutes.comments_deadline if minutes else None,
            },
        )
    material_list = list(materials)
    names = [file_name(m.file) for m in material_list]
    if kind == Mailing.Kind.INVITATION:
        names.insert(0, "zaproszenie.ics")
    if minutes is not None:
        names.insert(0, documents.filename(minutes, "pdf"))
    mailing = Mailing.objects.create(
        meeting=meeting,
        kind=kind,
        subject=subject,
        body=body,
        attachment_names=names,
        material_ids=[m.pk for m in material_list],
        created_by=user,
    )
    Delivery.objects.bulk_create(
        Delivery(mailing=mailing, person=p, name=p.full_name, email=p.email)
        for p in recipients
        if p.email
    )
    if kind == Mailing.Kind.INVITATION and meeting.status == Meeting.Status.PLANNED:
        meeting.status = Meeting.Status.INVITED
        meeting.save(update_fields=["status"])
    return mailing


# Sign-offs a message may end with; the mailing then adds none of its own.
_SIGN_OFFS = ("z poważaniem", "z wyrazami szacunku", "łączę wyrazy szacunku", "kind regards")


def _signs_off(message: str) -> bool:
    lowered = message.lower()
    return any(sign_off in lowered for sign_off in _SIGN_OFFS)


def _minutes_to_send(meeting: Meeting) -> Minutes | None:
    """The accepted minutes, else the draft sent to the members for comments."""
    return (
        meeting.minutes.filter(status=Minutes.Status.APPROVED).first()
        or meeting.minutes.filter(status=Minutes.Status.COMMENTS).first()
    )


def _attachments(mailing: Mailing) -> list[tuple[str, bytes, str]]:
    """The files every recipient gets, built once per sending: a PDF takes a second to render."""
    meeting = mailing.meeting
    files: list[tuple[str, bytes, str]] = []
    if mailing.kind == Mailing.Kind.INVITATION:
        files.append(("zaproszenie.ics", invitation_ics(meeting), ICS_ATTACHMENT_TYPE))
    if mailing.kind == Mailing.Kind.MINUTES and (minutes := _minutes_to_send(meeting)):
        files.append((documents.filename(minutes, "pdf"), documents.render_pdf(minutes), PDF_TYPE))
    for material in Material.objects.filter(pk__in=mailing.material_ids):
        with material.file.open("rb") as handle:
            name = file_name(material.file)
            kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
            files.append((name, handle.read(), kind))
    return files


def send_mailing(mailing: Mailing, only_failed: bool = False) -> tuple[int, int]:
    """Send to every waiting (or, on retry, failed) recipient; returns (sent, failed).

    Each recipient gets their own message, so one bad address fails one delivery, not all.
    """
    statuses = [Delivery.Status.FAILED] if only_failed else [Delivery.Status.PENDING]
    deliveries = list(mailing.deliveries.filter(status__in=statuses))
    if not deliveries:
        return 0, 0
    files = _attachments(mailing)

    def message_for(delivery: Delivery) -> EmailMessage:
        return EmailMessage(
            subject=mailing.subject,
            body=mailing.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[delivery.email],
            attachments=files,
        )

    return send_each(deliveries, message_for, _record)


def _record(delivery: Delivery, error: Exception | None) -> None:
    delivery.attempts += 1
    if error is None:
        delivery.status = Delivery.Status.SENT
        delivery.error = ""
        delivery.sent_at = timezone.now()
    else:
        delivery.status = Delivery.Status.FAILED
        delivery.error = error_text(error)
    delivery.save(update_fields=["status", "error", "attempts", "sent_at"])
