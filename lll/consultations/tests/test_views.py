"""Every page checks on the server who asks: members of the body, the office, nobody else."""

import io
import re
from html.parser import HTMLParser

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from docx import Document

from lll.consultations import services
from lll.consultations.models import (
    Ballot,
    Comment,
    Poll,
    StudyVisit,
)
from lll.testing import logged_in

from .conftest import Setup, close, open_poll


def _urls(setup: Setup, comment: Comment, visit: StudyVisit) -> list[str]:
    c, p = setup.consultation.pk, setup.poll.pk
    return [
        reverse("consultations:consultation", args=[c]),
        reverse("consultations:comment_table", args=[c, "docx"]),
        reverse("consultations:comment_table", args=[c, "xlsx"]),
        reverse("consultations:comment_add", args=[c]),
        reverse("consultations:comment_edit", args=[comment.pk]),
        reverse("consultations:poll", args=[p]),
        reverse("consultations:visit", args=[visit.pk]),
    ]


@pytest.fixture
def visit(setup: Setup) -> StudyVisit:
    return StudyVisit.objects.create(
        body=setup.team.wzk,
        title="Wizyta w Danii",
        country="Dania",
        host_institutions="VUC",
        themes="uczenie się dorosłych",
    )


def test_a_member_of_another_body_gets_404_everywhere_and_the_public_the_login(setup, visit):
    comment = services.submit_comment(setup.consultation, setup.team.member_user, text="Uwaga")
    outsider = logged_in(setup.team.outsider_user)
    for url in _urls(setup, comment, visit):
        assert outsider.get(url).status_code == 404, url
        response = Client().get(url)
        assert response.status_code == 302 and "/konto/logowanie/" in response["Location"]
    for url in (
        reverse("consultations:poll_vote", args=[setup.poll.pk]),
        reverse("consultations:comment_withdraw", args=[comment.pk]),
    ):
        assert outsider.post(url).status_code == 404
    home = outsider.get(reverse("consultations:home")).content.decode()
    assert setup.consultation.title not in home and setup.poll.question not in home
    assert (
        "Wizyta w Danii" not in outsider.get(reverse("consultations:visit_list")).content.decode()
    )


def test_members_cannot_reach_the_offices_pages(setup, visit):
    member = logged_in(setup.team.member_user)
    for url in (
        reverse("consultations:consultation_create"),
        reverse("consultations:poll_create"),
        reverse("consultations:visit_create"),
        reverse("consultations:position_edit", args=[setup.consultation.pk]),
        reverse("consultations:poll_decision", args=[setup.poll.pk]),
    ):
        assert member.get(url).status_code == 403, url
    assert (
        member.post(
            reverse("consultations:reminders_send", args=[setup.consultation.pk])
        ).status_code
        == 403
    )


def test_a_member_comments_in_the_browser_form_and_another_cannot_edit_it(setup):
    member = logged_in(setup.team.member_user)
    url = reverse("consultations:comment_add", args=[setup.consultation.pk])
    response = member.post(
        url,
        {
            "provision": setup.provision.pk,
            "text": "Moja uwaga",
            "proposed_wording": "",
            "justification": "Uzasadnienie",
        },
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    other = logged_in(setup.second_user)
    edit = reverse("consultations:comment_edit", args=[comment.pk])
    response = other.post(edit, {"text": "Przejęta", "provision": ""}, follow=True)
    assert "Tylko autor" in response.content.decode()
    assert Comment.objects.get().text == "Moja uwaga"
    close(setup.consultation)
    response = member.post(edit, {"text": "Po terminie", "provision": ""}, follow=True)
    assert re.search("zakończyły się", response.content.decode())
    assert Comment.objects.get().text == "Moja uwaga"
    response = member.get(edit, follow=True)  # the form is not even shown
    assert "zakończyły się" in response.content.decode()


def test_voting_through_the_form_once(setup):
    poll = setup.poll
    member = logged_in(setup.team.member_user)
    finland = poll.options.get(label="Finlandia").pk
    url = reverse("consultations:poll_vote", args=[poll.pk])
    member.post(url, {"option": finland})
    response = member.post(url, {"option": finland}, follow=True)
    assert "już głos" in response.content.decode()
    assert Ballot.objects.count() == 1
    assert "Oddałeś" not in response.content.decode()


def test_a_ranking_ballot_from_the_form_needs_distinct_places(setup):
    poll = open_poll(setup.team, Poll.Method.RANKING)
    member = logged_in(setup.team.member_user)
    ids = list(poll.options.values_list("pk", flat=True))
    url = reverse("consultations:poll_vote", args=[poll.pk])
    response = member.post(url, {f"rank-{ids[0]}": "1", f"rank-{ids[1]}": "1"}, follow=True)
    assert "inne miejsce" in response.content.decode() and not Ballot.objects.exists()
    member.post(url, {f"rank-{ids[0]}": "2", f"rank-{ids[1]}": "1", f"rank-{ids[2]}": ""})
    assert list(Ballot.objects.get().choices.order_by("rank").values_list("option", flat=True)) == [
        ids[1],
        ids[0],
    ]


def test_results_with_chart_and_table_once_closed(setup):
    poll = setup.poll
    services.cast_vote(poll, setup.team.members[0], [poll.options.get(label="Dania").pk])
    member = logged_in(setup.team.member_user)
    page = member.get(poll.get_absolute_url()).content.decode()
    assert 'id="results-table"' not in page  # members see results after the close
    close(poll)
    page = member.get(poll.get_absolute_url()).content.decode()
    assert 'id="results-table"' in page and 'id="results-spec"' in page


def test_the_lists_export_to_xlsx(setup):
    office = logged_in(setup.team.office_user)
    response = office.get(reverse("consultations:home") + "?export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=2, column=1).value == setup.consultation.title
    response = office.get(reverse("consultations:home") + "?export=csv&list=polls")
    assert setup.poll.question in response.content.decode("utf-8-sig")
    response = office.get(reverse("consultations:visit_list") + "?export=csv")
    assert response.status_code == 200


def test_the_office_uploads_the_draft_but_not_other_files(setup):

    office = logged_in(setup.team.office_user)
    url = reverse("consultations:consultation_edit", args=[setup.consultation.pk])
    data = {
        "title": "Projekt",
        "legal_acts": "ustawa",
        "bodies": [setup.team.wzk.pk],
        "opens_at": "2026-01-01T10:00",
        "closes_at": "2025-12-01T10:00",
        "reminder_days": 3,
        "document": SimpleUploadedFile("projekt.exe", b"MZ"),
    }
    page = office.post(url, data).content.decode()
    assert "nie jest akceptowany" in page or "dozwolone" in page
    assert "Zamknięcie musi nastąpić po otwarciu" in page
    setup.consultation.refresh_from_db()
    assert setup.consultation.title != "Projekt"


def test_the_office_records_a_visit_and_puts_a_recommendation_on_the_follow_up_board(setup):
    office = logged_in(setup.team.office_user)
    response = office.post(
        reverse("consultations:visit_create"),
        {
            "body": setup.team.wzk.pk,
            "title": "Wizyta we Francji",
            "country": "Francja",
            "host_institutions": "France Travail",
            "themes": "polityka senioralna",
            "starts_on": "2025-05-12",
            "ends_on": "2025-05-10",
            "participants": [setup.team.members[0].pk],
            "budget": "52000,00",
            "status": "planned",
        },
    )
    assert "nie może się skończyć przed rozpoczęciem" in response.content.decode()
    assert not StudyVisit.objects.exists()
    response = office.post(
        reverse("consultations:visit_create"),
        {
            "body": setup.team.wzk.pk,
            "title": "Wizyta we Francji",
            "country": "Francja",
            "host_institutions": "France Travail",
            "themes": "polityka senioralna",
            "starts_on": "2025-05-12",
            "ends_on": "2025-05-15",
            "participants": [setup.team.members[0].pk],
            "budget": "52000",
            "status": "planned",
        },
    )
    visit = StudyVisit.objects.get()
    assert response.status_code == 302 and list(visit.participants.all()) == [setup.team.members[0]]
    office.post(
        reverse("consultations:recommendation_add", args=[visit.pk]),
        {"text": "Program 60+ w PUP"},
    )
    recommendation = visit.recommendations.get()
    url = reverse("consultations:recommendation_action", args=[recommendation.pk])
    office.post(
        url,
        {"meeting": setup.team.meeting.pk, "owner": setup.team.chair.pk, "due_date": "2025-09-30"},
    )
    recommendation.refresh_from_db()
    assert recommendation.action_item is not None
    board = office.get(reverse("coordination:follow_up")).content.decode()
    assert "Program 60+ w PUP" in board
    page = logged_in(setup.team.member_user).get(visit.get_absolute_url()).content.decode()
    assert "na tablicy realizacji ustaleń" in page and "Dodaj do realizacji ustaleń" not in page


def test_the_office_adopts_the_position_and_downloads_the_letter(setup):
    office = logged_in(setup.team.office_user)
    url = reverse("consultations:position_edit", args=[setup.consultation.pk])
    response = office.post(
        url, {"position_text": "Popieramy.", "position_meeting": "", "addressee": ""}, follow=True
    )
    assert "dopiero po zakończeniu" in response.content.decode()
    close(setup.consultation)
    office.post(
        url,
        {
            "position_text": "Popieramy.",
            "position_meeting": setup.team.meeting.pk,
            "addressee": "MRPiPS",
        },
    )
    setup.consultation.refresh_from_db()
    assert setup.consultation.status == "adopted"
    letter = logged_in(setup.team.member_user).get(
        reverse("consultations:position_letter", args=[setup.consultation.pk])
    )
    assert letter["Content-Disposition"].startswith('attachment; filename="stanowisko-')

    text = "\n".join(p.text for p in Document(io.BytesIO(letter.content)).paragraphs)
    assert "Popieramy." in text and "MRPiPS" in text


def test_the_office_sends_the_reminders_from_the_page(setup, mailbox):
    services.submit_comment(setup.consultation, setup.team.member_user, text="Uwaga")
    office = logged_in(setup.team.office_user)
    url = reverse("consultations:reminders_send", args=[setup.consultation.pk])
    page = office.post(url, follow=True).content.decode()
    assert "Przypomnienia są wysyłane" in page
    assert sorted(m["X-Rcpt-To"] for m in mailbox.messages) == [
        "m0@example.org",
        "m2@example.org",
        "m3@example.org",
        "zofia@example.org",
    ]
    assert page.count("wysłane") >= 4  # the deliveries listed on the page
    close(setup.consultation)
    page = office.post(url, follow=True).content.decode()
    assert "tylko w trakcie konsultacji" in page and len(mailbox.messages) == 4


def test_the_poll_list_pages_instead_of_cutting_off(setup):
    for _ in range(26):
        open_poll(setup.team)
    member = logged_in(setup.team.member_user)
    first = member.get(reverse("consultations:home")).content.decode()
    assert first.count("Kierunki wizyt studyjnych") == 25 and "Strona 1 z 2" in first
    second = member.get(reverse("consultations:home") + "?glosowania=2").content.decode()
    assert second.count("Kierunki wizyt studyjnych") == 2


def test_the_downloads_and_the_offices_actions_are_on_separate_lines(setup):
    consultation = setup.consultation
    close(consultation)
    services.adopt_position(consultation, "Popieramy.", None, "")
    page = logged_in(setup.team.office_user).get(consultation.get_absolute_url()).content.decode()
    downloads = page.split('id="downloads"')[1].split("</div>")[0]
    assert "XLSX" in downloads
    assert "Pismo ze stanowiskiem" not in downloads and "Edytuj" not in downloads
    assert "Edytuj" in page.split('id="office-actions"')[1].split("</div>")[0]


class _Landmarks(HTMLParser):
    """(role, name) of the landmarks axe counts: nav, search, regions (named sections)."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        labelledby = a.get("aria-labelledby")
        name = a.get("aria-label") or (f"#{labelledby}" if labelledby else "")
        role = a.get("role") or {"nav": "navigation", "section": "region"}.get(tag, "")
        if role == "region" and not name:
            return  # an unnamed section is no landmark
        if role in ("navigation", "search", "region", "complementary"):
            self.found.append((role, name or ""))


@pytest.mark.parametrize("name", ["home", "visit_list", "consultation"])
def test_every_landmark_of_the_page_is_told_apart(setup, name, mailbox):
    consultation = setup.consultation
    services.send_reminders(consultation)  # the reminders table is shown too
    args = [consultation.pk] if name == "consultation" else []
    page = logged_in(setup.team.office_user).get(reverse(f"consultations:{name}", args=args))
    parser = _Landmarks()
    parser.feed(page.content.decode())
    # The heading a section is named by gives the same name to a region inside it.
    texts = {
        f"#{ident}": re.sub(r"<[^>]+>", "", text).strip()
        for ident, text in re.findall(
            r'<h\d[^>]* id="([^"]+)"[^>]*>(.*?)</h\d>', page.content.decode()
        )
    }
    named = [(role, texts.get(label, label)) for role, label in parser.found]
    duplicates = {pair for pair in named if named.count(pair) > 1}
    assert duplicates == set()
