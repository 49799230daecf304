"""Issue 16: the minutes carry the meeting's votes, per member, and the numbered resolutions
among their attachments, in the DOCX and the PDF."""

import io

import docx
import pytest
from django.utils import timezone
from django.utils.translation import override

from lll.coordination import services
from lll.coordination.documents import render_docx, render_pdf
from lll.coordination.models import Attendance, Person, Vote
from lll.coordination.services import votes
from lll.core.tests.document_checks import pdf_in_house_style

from .conftest import Team

pytestmark = pytest.mark.django_db


def carried_resolution(team: Team) -> Vote:
    for person in (team.chair, *team.members[:3]):
        Attendance.objects.create(meeting=team.meeting, person=person, status="present")
    a, b, c, d = team.members
    choices: dict[Person, str] = {team.chair: "for", a: "for", b: "against", c: "abstain"}
    data = votes.MeetingVoteInput(
        title="Przyjęcie stanowiska w sprawie wizyty studyjnej",
        choices={p.pk: choice for p, choice in {**choices, d: "absent"}.items()},
        agenda_item=team.meeting.agenda_items.get(position=3),
    )
    return votes.record_meeting_vote(team.meeting, team.office_user, data)


def test_the_minutes_state_each_vote_per_member_and_list_the_resolution(team):
    vote = carried_resolution(team)
    number = vote.resolution.reference
    minutes = services.draft_minutes(team.meeting, team.office_user)
    assert any(number in title for title in services.minutes_attachments(minutes))

    with override("en"):  # the documents are in the office's language whatever the page's
        document = docx.Document(io.BytesIO(render_docx(minutes)))
        pdf_text = " ".join(pdf_in_house_style(render_pdf(minutes)))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Głosowania" in headings
    assert f"{vote.title} (nr {number})" in headings
    rows = [
        [cell.text for cell in row.cells]
        for table in document.tables
        for row in table.rows
        if row.cells[0].text == "Anna Ślęzak"
    ]
    assert rows == [["Anna Ślęzak", "przeciw"]]
    assert "Głosowania" in pdf_text and f"(nr {number})" in pdf_text
    assert "Anna Ślęzak przeciw" in pdf_text


def test_locked_minutes_keep_the_vote_results_they_were_accepted_with(team):
    """The minutes read the votes live: a correction of a vote after the members accepted the
    minutes changed what the locked minutes said."""
    vote = carried_resolution(team)
    minutes = services.draft_minutes(team.meeting, team.office_user)
    services.accept_minutes(minutes, team.office_user, on=timezone.localdate(), how="meeting")
    minutes.refresh_from_db()
    # Later, a vote is corrected: Anna Ślęzak's vote, the outcome's note and the title.
    vote.member_votes.filter(person=team.members[1]).update(choice="for")
    Vote.objects.filter(pk=vote.pk).update(title="Inny tytuł", outcome_note="poprawione")

    document = docx.Document(io.BytesIO(render_docx(minutes)))
    rows = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert ["Anna Ślęzak", "przeciw"] in rows and ["Anna Ślęzak", "za"] not in rows
    text = [p.text for p in document.paragraphs]
    assert not any("Inny tytuł" in p or "poprawione" in p for p in text)
    pdf_text = " ".join(pdf_in_house_style(render_pdf(minutes)))
    assert "Anna Ślęzak przeciw" in pdf_text and "Inny tytuł" not in pdf_text
    # A draft follows the votes as they are.
    draft = services.new_minutes_version(minutes, team.office_user, "poprawka")
    assert services.minutes_votes(draft)[0]["title"] == "Inny tytuł"
