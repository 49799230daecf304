import pytest
from django.core.files.base import ContentFile
from icalendar import Calendar

from lll.coordination import mailings, services
from lll.coordination.models import Delivery, Mailing, Material, Meeting

pytestmark = pytest.mark.django_db


def _attachments(message):
    return {
        part.get_filename(): part.get_payload(decode=True)
        for part in message.walk()
        if part.get_filename()
    }


def test_the_invitation_arrives_with_the_agenda_and_a_calendar_file(team, mailbox):
    meeting = team.meeting
    meeting.agenda_items.get(position=2).presenters.add(team.guest)
    recipients = mailings.default_recipients(meeting)
    assert team.substitute not in recipients  # no e-mail address: cannot be invited
    mailing = mailings.create_mailing(
        meeting, Mailing.Kind.INVITATION, team.office_user, recipients
    )
    assert mailings.send_mailing(mailing) == (5, 0)

    assert sorted(m["X-Rcpt-To"] for m in mailbox.messages) == sorted(p.email for p in recipients)
    message = mailbox.messages[0]
    assert "WZK" in message["Subject"]
    text = next(
        p.get_payload(decode=True).decode()
        for p in message.walk()
        if p.get_content_type() == "text/plain" and not p.get_filename()
    )
    assert "2. Prezentacja COMORELP (Ewa Ekspertka)" in text, text
    ics = Calendar.from_ical(_attachments(message)["zaproszenie.ics"])
    event = ics.walk("VEVENT")[0]
    assert event.decoded("dtstart") == meeting.starts_at
    assert "Prezentacja COMORELP" in str(event.get("description"))
    assert str(event.get("location")) == "Teams"

    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.INVITED
    assert set(mailing.deliveries.values_list("status", flat=True)) == {"sent"}


def test_a_refused_address_fails_alone_and_is_sent_again_on_retry(team, mailbox):
    mailbox.refused.add("m1@example.org")
    mailing = mailings.create_mailing(
        team.meeting, "invitation", team.office_user, mailings.default_recipients(team.meeting)
    )
    assert mailings.send_mailing(mailing) == (4, 1)
    failed = mailing.deliveries.get(status=Delivery.Status.FAILED)
    assert failed.email == "m1@example.org" and "550" in failed.error
    assert len(mailbox.messages) == 4

    mailbox.refused.clear()
    assert mailings.send_mailing(mailing, only_failed=True) == (1, 0)
    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.error) == ("sent", 2, "")
    assert len(mailbox.messages) == 5  # nobody got the message twice


def test_when_the_server_is_down_every_delivery_fails_and_can_be_retried(team, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    mailing = mailings.create_mailing(
        team.meeting, "invitation", None, mailings.default_recipients(team.meeting)
    )
    assert mailings.send_mailing(mailing) == (0, 5)
    assert set(mailing.deliveries.values_list("status", flat=True)) == {"failed"}


def test_materials_and_approved_minutes_are_attached(team, mailbox):
    meeting = team.meeting
    material = Material(meeting=meeting, title="Prezentacja COMORELP")
    material.file.save("comorelp.pdf", ContentFile(b"%PDF-1.4 slides"), save=True)
    mailing = mailings.create_mailing(
        meeting, "materials", None, [team.chair], "Prezentacje z posiedzenia.", [material]
    )
    mailings.send_mailing(mailing)
    attachments = _attachments(mailbox.messages[-1])
    assert attachments["comorelp.pdf"] == b"%PDF-1.4 slides"

    minutes = services.draft_minutes(meeting, None)
    services.approve_minutes(minutes, None)
    mailing = mailings.create_mailing(meeting, "minutes", None, [team.chair])
    mailings.send_mailing(mailing)
    pdf = next(v for k, v in _attachments(mailbox.messages[-1]).items() if k.endswith(".pdf"))
    assert pdf.startswith(b"%PDF")
    material.file.delete()
