"""Issue 16: the minutes from draft to comments, amendment, acceptance and lock; what the
members see meanwhile; the parts of the minutes the office retyped by hand; the statutory
deadlines. Each defect named in the issue has a test here that fails on the code before it."""

import datetime
import io
from email.message import Message

import docx
import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from pypdf import PdfReader

from lll.coordination import documents, services
from lll.coordination.models import (
    Attendance,
    DutyDone,
    Membership,
    MemberVote,
    Minutes,
    MinutesComment,
    Person,
    Vote,
)
from lll.coordination.services import rules, votes
from lll.core.dates import add_working_days
from lll.core.errors import UserError

pytestmark = pytest.mark.django_db


def docx_texts(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    header = [p.text for p in document.sections[0].header.paragraphs]
    return header + [p.text for p in document.paragraphs]


def plain_text(message: Message) -> str:
    return next(
        p.get_payload(decode=True).decode()
        for p in message.walk()
        if p.get_content_type() == "text/plain" and not p.get_filename()
    )


def pdf_text(data: bytes) -> str:
    return " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages
    )


@pytest.fixture
def held(team):
    """The team's meeting after it took place: notes, a decision and attendance recorded."""
    meeting = team.meeting
    meeting.status = "held"
    meeting.save()
    item = meeting.agenda_items.get(position=2)
    item.notes = "Notatka robocza biura o COMORELP."
    item.save()
    for person in [team.chair, *team.members[1:3]]:
        Attendance.objects.create(meeting=meeting, person=person, status="present")
    return meeting


# ---------------------------------------------------------------------------------------------
# Defects


def test_accepting_saves_the_edits_typed_before(client, team, held):
    """The approve form sat above the edit form: approving threw away unsaved edits."""
    minutes = services.draft_minutes(held, team.office_user)
    client.force_login(team.office_user)
    url = reverse("coordination:minutes", args=[minutes.pk])
    page = client.get(url).content.decode()
    # One form: the acceptance button is inside the edit form, after its fields.
    form = page[
        page.index('id="minutes-form"') : page.index("</form>", page.index('id="minutes-form"'))
    ]
    assert 'value="accept"' in form and 'name="introduction"' in form
    data = {
        "place": "Białystok",
        "dated": "2024-07-01",
        "introduction": "Wstęp poprawiony tuż przed przyjęciem.",
        "closing": "Na tym zakończono.",
        "signatory_name": "Zofia Żółkowska",
        "signatory_position": "Wicedyrektor",
        "action": "accept",
        "accept-how": "meeting",
        "accept-on": "2024-09-20",
        "accept-note": "przyjęty na posiedzeniu nr 3",
    }
    data |= {f"section_{s.pk}": s.text for s in minutes.sections.all()}
    client.post(url, data)
    minutes.refresh_from_db()
    assert minutes.introduction == "Wstęp poprawiony tuż przed przyjęciem."
    assert minutes.status == Minutes.Status.APPROVED
    assert minutes.accepted_on == datetime.date(2024, 9, 20)
    assert minutes.acceptance_note == "przyjęty na posiedzeniu nr 3"


def test_adding_a_guest_keeps_the_statuses_typed_before(client, team):
    """Adding a guest before saving the attendance wiped every status typed."""
    meeting = team.meeting
    client.force_login(team.office_user)
    data: dict[str, object] = {
        f"person_{m.person_id}": "present" for m in services.expected_members(meeting)
    }
    data[f"person_{team.members[3].pk}"] = "excused"
    data |= {"remote": [team.members[1].pk], "action": "add_guest", "person": team.guest.pk}
    client.post(reverse("coordination:attendance", args=[meeting.pk]), data)
    statuses = dict(meeting.attendance.values_list("person_id", "status"))
    assert statuses[team.guest.pk] == "guest"
    assert statuses[team.members[3].pk] == "excused"
    assert statuses[team.chair.pk] == "present"
    assert meeting.attendance.get(person=team.members[1]).remote


def test_all_present_fills_only_who_is_not_recorded(client, team):
    meeting = team.meeting
    client.force_login(team.office_user)
    data = {f"person_{m.person_id}": "" for m in services.expected_members(meeting)}
    data[f"person_{team.members[3].pk}"] = "excused"
    data["action"] = "all_present"
    response = client.post(
        reverse("coordination:attendance", args=[meeting.pk]), data, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200  # htmx: the panel comes back, no reload
    assert 'id="attendance-panel"' in response.content.decode()
    statuses = dict(meeting.attendance.values_list("person_id", "status"))
    assert statuses[team.members[3].pk] == "excused"
    assert sorted(statuses.values()).count("present") == 4


def test_the_draft_mark_is_polish(team, held):
    minutes = services.draft_minutes(held, None)
    texts = docx_texts(documents.render_docx(minutes))
    assert "PROJEKT – wersja 1" in texts
    assert not any("DRAFT" in t for t in texts)
    assert "PROJEKT – wersja 1" in pdf_text(documents.render_pdf(minutes))


def test_minutes_carry_project_chair_signatory_agenda_attachments_and_letterhead(team, held):
    body = team.wzk
    body.project_paragraph = "Posiedzenie sfinansowano w ramach projektu „Kompetencje Podlasia”."
    body.office_phone = "85 000 00 00"
    body.office_email = "biuro@example.org"
    body.office_website = "www.example.org"
    body.save()
    signatory = Person.objects.create(
        first_name="Marek", last_name="Podpisujący", position="Dyrektor"
    )
    held.chaired_by = team.chair  # the vice-chair ran the meeting
    held.signed_by = signatory  # and the director signs
    held.save()
    # The order changed during the meeting: the minutes print the announced one and the change.
    last = held.agenda_items.get(position=4)
    services.move_agenda_item(last, 1, team.office_user, "prelegent musiał wyjść")
    minutes = services.draft_minutes(held, team.office_user)
    assert minutes.signatory_name == "Marek Podpisujący"
    minutes.attachment_list = "Notatka służbowa z listą obecności\nPrezentacja COMORELP"
    minutes.save()

    texts = docx_texts(documents.render_docx(minutes))
    joined = "\n".join(texts)
    assert body.project_paragraph in texts
    assert "Posiedzeniu przewodniczyła Zofia Żółkowska, Wicedyrektor." in texts
    agenda = texts.index("Porządek posiedzenia:")
    assert texts[agenda + 1] == "1.\tOtwarcie spotkania"  # as announced
    assert texts[agenda + 4] == "4.\tZakończenie"
    assert "prelegent musiał wyjść" in joined  # the change, in its own paragraph
    assert "1.\tNotatka służbowa z listą obecności" in texts
    assert "tel. 85 000 00 00, e-mail: biuro@example.org, www.example.org" in joined
    assert "Marek Podpisujący" in texts
    pdf = pdf_text(documents.render_pdf(minutes))
    assert "tel. 85 000 00 00" in pdf and "Kompetencje Podlasia" in pdf
    assert "Posiedzeniu przewodniczyła" in pdf

    services.accept_minutes(
        minutes, None, on=timezone.localdate(), how="meeting", note="przyjęty na posiedzeniu nr 3"
    )
    assert minutes.attachments_snapshot[0] == "Notatka służbowa z listą obecności"


def test_participants_are_counted_with_guests_and_presenters(team, held):
    """38 took part, 31 were counted: guests and presenters from outside were missing."""
    Attendance.objects.create(meeting=held, person=team.guest, status="guest")
    presenter = Person.objects.create(first_name="Piotr", last_name="Prelegent")
    held.agenda_items.get(position=2).presenters.add(presenter, team.chair)
    assert services.participant_count(held) == 5  # 3 members, the guest, the presenter


def test_attendance_uses_the_persons_grammatical_form(team, held):
    man = Person.objects.create(first_name="Jan", last_name="Nowacki")
    Membership.objects.create(
        body=team.wzk, person=man, role="member", term_from=datetime.date(2022, 9, 22)
    )
    record = Attendance.objects.create(meeting=held, person=man, status="present")
    Attendance.objects.create(meeting=held, person=team.members[3], status="absent")
    rows = {r["name"]: r for r in services.attendance_rows(held)}
    assert rows["Anna Ślęzak"]["status"] == "obecna"  # was "obecny"
    assert rows["Anna Kowalska"]["status"] == "nieobecna"
    assert rows["Jan Nowacki"]["status"] == "obecny"
    Attendance.objects.filter(pk=record.pk).update(remote=True)
    rows = {r["name"]: r for r in services.attendance_rows(held)}
    assert rows["Jan Nowacki"]["status"].startswith("obecny – uczestniczył przy użyciu")
    # The record overrides the first-name rule.
    team.members[1].grammatical_gender = "m"
    team.members[1].save()
    rows = {r["name"]: r for r in services.attendance_rows(held)}
    assert rows["Anna Ślęzak"]["status"] == "obecny"


# ---------------------------------------------------------------------------------------------
# What members see


def test_members_see_the_record_and_the_draft_only_once_sent_for_comments(client, team, held):
    minutes = services.draft_minutes(held, team.office_user)
    client.force_login(team.member_user)
    meeting_url = reverse("coordination:meeting", args=[held.pk])
    page = client.get(meeting_url).content.decode()
    assert "Prezentacja COMORELP" in page  # the agenda
    assert "Notatka robocza biura" not in page  # not the office's unapproved notes
    assert client.get(reverse("coordination:minutes", args=[minutes.pk])).status_code == 404

    services.send_for_comments(minutes, timezone.localdate(), team.office_user)
    assert "Notatka robocza biura" in client.get(meeting_url).content.decode()
    page = client.get(reverse("coordination:minutes", args=[minutes.pk])).content.decode()
    assert "Uwaga do punktu „Prezentacja COMORELP”" in page


def test_the_minutes_go_from_draft_to_locked_each_step_dated(client, team, held):
    minutes = services.draft_minutes(held, team.office_user)
    deadline = timezone.localdate() + datetime.timedelta(days=7)
    services.send_for_comments(minutes, deadline, team.office_user)

    client.force_login(team.member_user)
    section = minutes.sections.get(position=2)
    response = client.post(
        reverse("coordination:minutes_comment", args=[minutes.pk]),
        {"section": section.pk, "text": "Proszę dopisać nazwę narzędzia."},
        headers={"HX-Request": "true"},
    )
    assert "Proszę dopisać nazwę narzędzia." in response.content.decode()
    comment = MinutesComment.objects.get()
    assert comment.section == section and comment.author_name == "Anna Ślęzak"

    client.force_login(team.office_user)
    url = reverse("coordination:minutes", args=[minutes.pk])
    assert "Proszę dopisać nazwę narzędzia." in client.get(url).content.decode()
    data = {
        "place": "Białystok",
        "dated": "2024-07-01",
        "introduction": minutes.introduction,
        "closing": minutes.closing,
        "signatory_name": minutes.signatory_name,
        "action": "save",
    }
    data |= {f"section_{s.pk}": s.text for s in minutes.sections.all()}
    data[f"section_{section.pk}"] = "Przedstawiono narzędzie COMORELP."
    client.post(url, data)
    minutes.refresh_from_db()
    assert minutes.amended_at is not None and minutes.status == Minutes.Status.COMMENTS

    services.accept_minutes(
        minutes, team.office_user, on=timezone.localdate(), how="circular", note="głosowanie 2/2026"
    )
    minutes.refresh_from_db()
    assert minutes.is_frozen and minutes.approved_at is not None
    steps = services.steps(minutes)
    assert all(step.done for step in steps)
    page = client.get(url).content.decode()
    assert "głosowanie 2/2026" in page and "Zamknięty" in page
    # Locked: no more comments.
    client.force_login(team.member_user)
    client.post(reverse("coordination:minutes_comment", args=[minutes.pk]), {"text": "Jeszcze"})
    assert MinutesComment.objects.count() == 1


def test_acceptance_is_refused_with_a_reason(team, held):
    minutes = services.draft_minutes(held, None)
    with pytest.raises(UserError, match="przyszłości"):
        services.accept_minutes(
            minutes, None, on=timezone.localdate() + datetime.timedelta(days=1), how="meeting"
        )
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.DRAFT


def test_draft_minutes_can_be_mailed_for_comments(client, team, held, mailbox):
    minutes = services.draft_minutes(held, team.office_user)
    client.force_login(team.office_user)
    url = reverse("coordination:mailing_new", args=[held.pk, "minutes"])
    assert client.get(url).status_code == 302  # a draft still with the office: not yet
    services.send_for_comments(minutes, datetime.date(2099, 1, 15), team.office_user)
    client.post(url, {"recipients": [team.members[1].pk]})
    message = mailbox.messages[-1]
    body = plain_text(message)
    assert "projekt protokołu" in body and "15 stycznia 2099" in body
    assert any((p.get_filename() or "").endswith(".pdf") for p in message.walk())


# ---------------------------------------------------------------------------------------------
# Deadlines


def test_twenty_working_days_skip_weekends_and_polish_holidays():
    # From Wednesday 1 April 2026: Easter Monday (6 April), 1 and 3 May are not working days.
    assert add_working_days(datetime.date(2026, 4, 1), 20) == datetime.date(2026, 4, 30)
    assert add_working_days(datetime.date(2026, 4, 24), 5) == datetime.date(2026, 5, 4)
    assert add_working_days(datetime.date(2025, 12, 23), 1) == datetime.date(2025, 12, 29)


def test_the_tracker_shows_the_copy_to_the_marshal_and_the_yearly_report(team):
    meeting = team.meeting
    meeting.body = team.wrrp
    meeting.save()
    minutes = services.draft_minutes(meeting, None)
    accepted = timezone.localdate()
    services.accept_minutes(minutes, None, on=accepted, how="meeting")
    deadlines = services.statutory_deadlines()
    marshal = [d for d in deadlines if d.meeting == meeting]
    assert marshal and marshal[0].due == add_working_days(accepted, 20)
    report = [d for d in deadlines if d.meeting is None and d.body == team.wrrp]
    assert report[0].due.month == 1 and report[0].due.day == 31


def test_the_marshal_deadline_is_counted_by_the_bodys_rules_alike_everywhere(client, team):
    """The tracker counted a constant 20 working days from acceptance, the meeting page the
    rules' days from the meeting: two dates for one duty, and a body's own rules ignored."""
    rules_ = rules.rules_for(team.wzk)
    rules_.marshal_copy_days = 10  # the WZK's rules ask for a copy within 10 working days
    rules.save_rules(rules_)
    minutes = services.draft_minutes(team.meeting, None)
    page_before = services.meeting_deadlines(team.meeting)[0]
    assert page_before.due is None and "10 dni roboczych" in str(page_before.pending)
    accepted = timezone.localdate()
    services.accept_minutes(minutes, None, on=accepted, how="meeting")
    due = add_working_days(accepted, 10)
    tracker = [d for d in services.statutory_deadlines() if d.minutes == minutes]
    assert [d.due for d in tracker] == [due]
    assert services.meeting_deadlines(team.meeting)[0].due == due
    client.force_login(team.office_user)
    page = client.get(team.meeting.get_absolute_url()).content.decode()
    assert date_format(due, "j E Y") in page


def test_the_office_marks_the_copy_and_the_yearly_report_done(client, team):
    meeting = team.meeting
    meeting.body = team.wrrp
    meeting.save()
    minutes = services.draft_minutes(meeting, None)
    services.accept_minutes(minutes, None, on=timezone.localdate(), how="meeting")
    client.force_login(team.office_user)
    home = reverse("coordination:home")
    page = client.get(home).content.decode()
    assert page.count("Oznacz jako wykonane") >= 2
    today = timezone.localdate()
    client.post(
        reverse("coordination:duty_done"),
        {
            "duty": "marshal_copy",
            "body": team.wrrp.pk,
            "minutes": minutes.pk,
            "done_on": today.isoformat(),
            "next": home,
        },
    )
    year = today.year - 1
    client.post(
        reverse("coordination:duty_done"),
        {"duty": "yearly_report", "body": team.wrrp.pk, "year": year, "done_on": "2099-01-01"},
    )  # a date in the future: refused
    assert not DutyDone.objects.filter(duty="yearly_report").exists()
    response = client.post(
        reverse("coordination:duty_done"),
        {
            "duty": "yearly_report",
            "body": team.wrrp.pk,
            "year": year,
            "done_on": today.isoformat(),
            "next": "https://example.org/",  # not followed off the site
        },
    )
    assert response["Location"] == home
    done = {d.what: d.done for d in services.statutory_deadlines() if d.body == team.wrrp}
    copy = next(v for k, v in done.items() if "marszałka" in k)
    assert copy is not None and copy.done_on == today
    assert done[f"Sprawozdanie roczne za {year} r."].done_by == team.office_user
    page = client.get(home).content.decode()
    assert "wykonano" in page and page.count("Oznacz jako wykonane") == 1  # this year's report
    # Once only.
    with pytest.raises(UserError):
        services.mark_done(team.wrrp, "yearly_report", team.office_user, today, year=year)


def test_the_office_replies_to_a_members_comment(client, team, held, mailbox):
    minutes = services.draft_minutes(held, team.office_user)
    services.send_for_comments(minutes, timezone.localdate(), team.office_user)
    section = minutes.sections.get(position=2)
    comment = services.add_comment(minutes, team.member_user, "Proszę dopisać datę.", section)
    client.force_login(team.office_user)
    url = reverse("coordination:minutes", args=[minutes.pk])
    page = client.get(url).content.decode()
    assert f'form="reply-{comment.pk}"' in page and f'id="reply-{comment.pk}"' in page
    reply = reverse("coordination:minutes_reply", args=[comment.pk])
    client.post(reply, {"text": "  "})
    comment.refresh_from_db()
    assert comment.reply == ""
    client.post(reply, {"text": "Dopisano datę 27 czerwca.", "by_email": "on"})
    comment.refresh_from_db()
    assert comment.reply == "Dopisano datę 27 czerwca." and comment.replied_at is not None
    (message,) = mailbox.messages
    assert message["X-Rcpt-To"] == team.members[1].email
    assert "Dopisano datę 27 czerwca." in plain_text(message)
    client.force_login(team.member_user)
    page = client.get(url).content.decode()
    assert "Odpowiedź biura" in page and "Dopisano datę 27 czerwca." in page
    assert client.post(reply, {"text": "nie moje"}).status_code in (302, 403)
    comment.refresh_from_db()
    assert comment.reply == "Dopisano datę 27 czerwca."


def test_the_members_accept_the_minutes_by_circular_vote_from_the_minutes_page(
    client, team, held, mailbox, django_capture_on_commit_callbacks
):
    minutes = services.draft_minutes(held, team.office_user)
    client.force_login(team.office_user)
    url = reverse("coordination:minutes", args=[minutes.pk])
    data = {
        "place": "Białystok",
        "dated": "2024-07-01",
        "introduction": minutes.introduction,
        "closing": minutes.closing,
        "signatory_name": minutes.signatory_name,
        "action": "circular",
        "circular-closes_at": "2099-01-15T12:00",
    }
    data |= {f"section_{s.pk}": s.text for s in minutes.sections.all()}
    response = client.post(url, data)
    vote = Vote.objects.get(minutes=minutes)
    assert response["Location"] == vote.get_absolute_url()
    assert vote.subject == Vote.Subject.MINUTES and vote.kind == Vote.Kind.CIRCULAR
    assert len(mailbox.messages) == 5
    for person in (team.chair, *team.members[:2]):
        votes.cast_circular_vote(vote, person, "for", MemberVote.Via.BROWSER)
    with django_capture_on_commit_callbacks(execute=True):
        votes.close_vote(vote, early=True)
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.APPROVED
    assert minutes.accepted_how == Minutes.Acceptance.CIRCULAR


def test_agenda_item_titles_are_changed_on_the_meeting_page(client, team):
    client.force_login(team.office_user)
    item = team.meeting.agenda_items.get(position=2)
    page = client.get(team.meeting.get_absolute_url()).content.decode()
    action = reverse("coordination:item_title", args=[item.pk])
    assert f'hx-post="{action}"' in page and f'action="{action}"' in page
    response = client.post(
        action, {"title": "Prezentacja narzędzia COMORELP"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#item-{item.pk}")
    item.refresh_from_db()
    assert item.title == "Prezentacja narzędzia COMORELP"
    response = client.post(action, {"title": "   "}, follow=True)
    item.refresh_from_db()
    assert item.title == "Prezentacja narzędzia COMORELP"
    assert "Tytuł: podaj tytuł punktu porządku." in response.content.decode()
