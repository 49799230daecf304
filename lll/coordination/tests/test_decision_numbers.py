"""Decisions (ustalenia), recommendations and opinions carry a number within their meeting:
on the meeting page, in search, in the drafted minutes and so in the DOCX and PDF. The number
is stored when the decision is recorded, so reordering the agenda or deleting another decision
never changes a number already printed."""

import io

import docx
import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from pypdf import PdfReader

from lll.coordination import services
from lll.coordination.documents import render_docx, render_pdf
from lll.coordination.models import Attendance, Meeting, Outcome

pytestmark = pytest.mark.django_db


def _record(client, meeting, item, text, kind="decision"):
    response = client.post(
        reverse("coordination:outcome_create", args=[meeting.pk]),
        {"agenda_item": item.pk, "kind": kind, "text": text, "addressee": ""},
    )
    assert response.status_code in (200, 302)
    return Outcome.objects.get(text=text)


def test_decisions_are_numbered_in_the_meeting_page_and_the_minutes(client, team):
    meeting = team.meeting
    client.force_login(team.office_user)
    comorelp = meeting.agenda_items.get(title="Prezentacja COMORELP")
    consult = meeting.agenda_items.get(title="Prekonsultacje")
    first = _record(client, meeting, comorelp, "Zespół przeprowadzi samoocenę.")
    second = _record(client, meeting, consult, "Uwagi do 15 lipca.", kind="recommendation")
    third = _record(client, meeting, comorelp, "Wyniki na kolejnym posiedzeniu.")
    assert [first.number, second.number, third.number] == [1, 2, 3]
    assert first.meeting == meeting

    # Deleting a decision leaves the others' numbers; the next one does not reuse it.
    second.delete()
    fourth = _record(client, meeting, consult, "Konsultacje w sierpniu.")
    assert fourth.number == 4

    # Another meeting counts from one.
    other = Meeting.objects.create(body=meeting.body, number=3, starts_at=meeting.starts_at)
    item = services.add_agenda_item(other, "Otwarcie")
    assert Outcome.objects.create(agenda_item=item, text="Inne ustalenie.").number == 1

    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Ustalenie nr 1:" in page
    assert "Ustalenie nr 3:" in page
    assert "Ustalenie nr 4:" in page

    Attendance.objects.create(meeting=meeting, person=team.chair, status="present")
    minutes = services.draft_minutes(meeting, team.office_user)
    document = docx.Document(io.BytesIO(render_docx(minutes)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Ustalenie nr 1: Zespół przeprowadzi samoocenę." in text
    assert "Ustalenie nr 3: Wyniki na kolejnym posiedzeniu." in text
    assert "Ustalenie nr 4: Konsultacje w sierpniu." in text
    pdf = " ".join(
        " ".join((page.extract_text() or "").split())
        for page in PdfReader(io.BytesIO(render_pdf(minutes))).pages
    )
    assert "Ustalenie nr 4: Konsultacje w sierpniu." in pdf

    # Locked minutes, then the agenda is reordered: no number changes, printed or stored.
    services.approve_minutes(minutes, team.office_user)
    locked = [p.text for p in docx.Document(io.BytesIO(render_docx(minutes))).paragraphs]
    services.move_agenda_item(consult, 1, team.office_user, "korekta")
    assert list(
        Outcome.objects.filter(meeting=meeting)
        .order_by("agenda_item__position")
        .values_list("number", flat=True)
    ) == [4, 1, 3]
    again = docx.Document(io.BytesIO(render_docx(minutes)))
    assert [p.text for p in again.paragraphs] == locked
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Ustalenie nr 4:" in page


def test_search_names_the_decision_by_its_number(client, team):
    meeting = team.meeting
    item = meeting.agenda_items.get(title="Prekonsultacje")
    Outcome.objects.create(agenda_item=item, text="Samoocena regionalna w sierpniu.")
    client.force_login(team.office_user)
    page = client.get(reverse("coordination:search"), {"q": "samoocena"}).content.decode()
    assert "Ustalenie nr 1" in page


def test_a_number_is_unique_within_its_meeting(team):
    item = team.meeting.agenda_items.first()
    Outcome.objects.create(agenda_item=item, text="Pierwsze.")
    with pytest.raises(IntegrityError), transaction.atomic():
        Outcome.objects.create(agenda_item=item, text="Drugie.", number=1)
