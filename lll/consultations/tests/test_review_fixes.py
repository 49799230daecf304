"""Rules and wording found in the browser review: each test fails without its fix."""

import datetime
import io
import re
import zipfile
from html.parser import HTMLParser
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from docx import Document

from lll.consultations import charts, services
from lll.consultations.forms import (
    ConsultationForm,
    DecisionForm,
    PollForm,
    PositionForm,
    ResponseForm,
    VisitForm,
)
from lll.consultations.models import (
    Consultation,
    Poll,
    PollOption,
    ReminderDelivery,
    StudyVisit,
)
from lll.coordination.models import Meeting

from .conftest import Setup, close, open_consultation, open_poll


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# 1. Repeated option labels ---------------------------------------------------------------------


def _poll_data(setup: Setup, options: str) -> dict[str, object]:
    return {
        "body": setup.team.wzk.pk,
        "question": "Dokąd?",
        "method": "single",
        "electorate": "voting",
        "opens_at": "2026-01-01T10:00",
        "closes_at": "2026-02-01T10:00",
        "options_text": options,
    }


def test_a_poll_refuses_repeated_options_whatever_their_case_and_spaces(setup):
    form = PollForm(_poll_data(setup, "Niemcy: BA\nDania\n  niemcy  : powtórka"))
    assert not form.is_valid()
    assert "Wiersz 3 powtarza opcję „niemcy” z wiersza 1." in form.errors["options_text"][0]
    assert PollForm(_poll_data(setup, "Niemcy\nDania")).is_valid()
    with pytest.raises(services.NotAllowed, match="już na liście"):
        services.add_option(setup.poll, " DANIA ")
    with pytest.raises(services.NotAllowed, match="już na liście"):
        services.add_option(setup.poll, "Hiszpania  ")
    url = reverse("consultations:poll_option_add", args=[setup.poll.pk])
    response = _client(setup.team.office_user).post(
        url, {"label": "finlandia", "details": "", "justification": ""}, follow=True
    )
    assert response.status_code == 200 and "już na liście" in response.content.decode()
    assert setup.poll.options.count() == 5


def test_the_chart_has_one_bar_per_option_even_with_equal_labels(setup):
    poll = setup.poll
    twin = PollOption.objects.create(poll=poll, position=6, label="Niemcy")  # older data
    services.cast_vote(poll, setup.team.members[0], [twin.pk])
    spec = charts.results_chart(services.results(poll), False, "opis")
    rows = spec["datasets"]["results"]
    assert len(rows) == 6 and len({row[spec["encoding"]["y"]["field"]] for row in rows}) == 6
    label_expr = spec["encoding"]["y"]["axis"]["labelExpr"]
    assert f'"{twin.pk}": "Niemcy"' in label_expr and "Finlandia" in label_expr


# 2. Edited only by the author ------------------------------------------------------------------


def test_only_the_authors_edit_marks_a_comment_as_changed(setup):
    consultation = setup.consultation
    mine = services.submit_comment(consultation, setup.team.member_user, text="Pierwsza")
    other = services.submit_comment(consultation, setup.second_user, text="Druga")
    services.withdraw_comment(other, setup.second_user)
    services.restore_comment(other, setup.second_user)
    services.edit_comment(other, setup.second_user, text="Druga, poprawiona")
    close(consultation)
    services.respond(mine, "accepted", "Uwzględniono.")
    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.edited_at is None and other.edited_at is not None
    page = _client(setup.team.office_user).get(consultation.get_absolute_url()).content.decode()
    first = page.split(f'id="comment-{mine.pk}"')[1].split("</article>")[0]
    second = page.split(f'id="comment-{other.pk}"')[1].split("</article>")[0]
    assert "zmieniona" not in first and "zmieniona" in second


# 3. Reminders by hand and the automatic one -----------------------------------------------------


def test_a_reminder_by_hand_leaves_the_automatic_one_and_a_repeat_needs_confirmation(
    setup, mailbox
):
    consultation = setup.consultation
    office = _client(setup.team.office_user)
    url = reverse("consultations:reminders_send", args=[consultation.pk])
    office.post(url)
    assert len(mailbox.messages) == 5
    consultation.refresh_from_db()
    assert consultation.scheduled_reminder_sent_at is None
    # The reminder period begins: the automatic reminder still goes, once.
    Consultation.objects.filter(pk=consultation.pk).update(
        closes_at=timezone.now() + datetime.timedelta(days=2)
    )
    assert list(services.reminders_due()) == [consultation]
    from django.core.management import call_command

    call_command("send_consultation_reminders")
    assert len(mailbox.messages) == 10
    assert list(services.reminders_due()) == []
    # A second sending by hand is not done without the confirmation.
    page = office.post(url, follow=True).content.decode()
    assert "już wysłano ręcznie" in page and len(mailbox.messages) == 10
    assert 'name="repeat"' in page and "Wysłać je ponownie" in page
    office.post(url, {"repeat": "1"})
    assert len(mailbox.messages) == 15
    sendings = services.reminder_sendings(consultation)
    assert [s.scheduled for s in sendings] in ([False, True, False], [False, False, True])
    assert ReminderDelivery.objects.filter(scheduled=True).count() == 5
    page = office.get(consultation.get_absolute_url()).content.decode()
    listed = page.split('id="reminder-sendings"')[1].split("</ul>")[0]
    assert listed.count("ręcznie") == 2 and listed.count("automatycznie") == 1


# 4. The draft's content, not only its name -----------------------------------------------------


def _docx_bytes() -> bytes:
    buffer = io.BytesIO()
    document = Document()
    document.add_paragraph("Projekt ustawy")
    document.save(buffer)
    return buffer.getvalue()


def _zip_without_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("hello.txt", "not a word document")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "accepted"),
    [
        ("projekt.docx", b"MZ\x90\x00 renamed program", False),
        ("projekt.docx", "zip-without-word", False),
        ("projekt.pdf", b"<html>not a pdf</html>", False),
        ("projekt.docx", "real-docx", True),
        ("projekt.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n", True),
    ],
)
def test_the_draft_document_must_be_what_its_name_says(setup, name, content, accepted):
    data = {"real-docx": _docx_bytes(), "zip-without-word": _zip_without_document()}.get(
        content, content
    )
    form = ConsultationForm(
        {
            "title": "Projekt",
            "legal_acts": "ustawa",
            "bodies": [setup.team.wzk.pk],
            "opens_at": "2026-01-01T10:00",
            "closes_at": "2026-02-01T10:00",
            "reminder_days": 3,
        },
        {"document": SimpleUploadedFile(name, data)},
    )
    assert form.is_valid() is accepted, form.errors
    if not accepted:
        assert "nie jest" in form.errors["document"][0]


# 6. Budget --------------------------------------------------------------------------------------


def test_a_study_visit_budget_cannot_be_negative(setup):
    data = {
        "body": setup.team.wzk.pk,
        "title": "Wizyta",
        "country": "Dania",
        "host_institutions": "VUC",
        "themes": "uczenie się dorosłych",
        "status": StudyVisit.Status.PROPOSED,
        "budget": "-100.00",
    }
    form = VisitForm(data)
    assert not form.is_valid() and "budget" in form.errors
    assert VisitForm({**data, "budget": "0"}).is_valid()


# 7. Duplicates told apart ----------------------------------------------------------------------


def test_the_duplicate_choice_names_the_comment_number(setup):
    consultation = setup.consultation
    first = services.submit_comment(consultation, setup.team.member_user, text="Ta sama uwaga")
    second = services.submit_comment(consultation, setup.second_user, text="Ta sama uwaga")
    field: Any = ResponseForm(instance=second).fields["duplicate_of"]
    labels = [label for value, label in field.choices if value]
    assert len(labels) == 1 and labels[0].startswith("nr 1 — ")
    assert services.comment_numbers(consultation)[first.pk] == 1


# 8. Rule gaps ----------------------------------------------------------------------------------


def _future_meeting(setup: Setup) -> Meeting:
    return Meeting.objects.create(
        body=setup.team.wzk, number=9, starts_at=timezone.now() + datetime.timedelta(days=30)
    )


def test_a_position_or_decision_comes_only_from_a_meeting_that_took_place(setup):
    future = _future_meeting(setup)
    consultation, poll = setup.consultation, setup.poll
    position: Any = PositionForm(instance=consultation).fields["position_meeting"]
    decision: Any = DecisionForm(instance=poll).fields["decision_meeting"]
    assert list(position.queryset) == list(decision.queryset) == [setup.team.meeting]
    close(consultation)
    with pytest.raises(services.NotAllowed, match="już się odbyło"):
        services.adopt_position(consultation, "Popieramy.", future, "")
    with pytest.raises(services.NotAllowed, match="nie odbyło"):
        services.record_decision(poll, "Finlandia.", future)
    services.adopt_position(consultation, "Popieramy.", setup.team.meeting, "")
    assert consultation.status == Consultation.Status.ADOPTED


def test_a_draft_cannot_jump_to_a_position_and_an_adopted_one_not_back_to_a_draft(setup):
    draft = open_consultation(setup.team, title="Szkic", status=Consultation.Status.DRAFT)
    with pytest.raises(services.NotAllowed, match="dopiero po zakończeniu"):
        services.adopt_position(draft, "Popieramy.", None, "")
    with pytest.raises(services.NotAllowed):
        services.set_status(draft, Consultation.Status.ADOPTED)
    with pytest.raises(services.NotAllowed):
        services.set_status(draft, Consultation.Status.CLOSED)
    draft.refresh_from_db()
    assert draft.status == Consultation.Status.DRAFT
    office = _client(setup.team.office_user)
    page = office.get(draft.get_absolute_url()).content.decode()
    assert "Przyjmij stanowisko" not in page
    options = re.findall(r'<option value="(\w+)"', page.split('id="id_status"')[1])
    assert options == ["draft", "open"]
    consultation = setup.consultation
    close(consultation)
    services.adopt_position(consultation, "Popieramy.", None, "")
    with pytest.raises(services.NotAllowed):
        services.set_status(consultation, Consultation.Status.DRAFT)
    with pytest.raises(services.NotAllowed):
        services.set_status(consultation, Consultation.Status.OPEN)
    consultation.refresh_from_db()
    assert consultation.status == Consultation.Status.ADOPTED
    services.set_status(consultation, Consultation.Status.CLOSED)  # taken back to correct it
    assert consultation.status == Consultation.Status.CLOSED


def test_an_empty_response_is_not_reported_as_saved_and_a_withdrawn_comment_gets_none(setup):
    consultation = setup.consultation
    comment = services.submit_comment(consultation, setup.team.member_user, text="Uwaga")
    office = _client(setup.team.office_user)
    url = reverse("consultations:comment_respond", args=[comment.pk])
    page = office.post(
        url, {"response": "", "response_text": "", "duplicate_of": ""}, follow=True
    ).content.decode()
    assert "Zapisano odpowiedź" not in page and "bez odpowiedzi" in page
    services.withdraw_comment(comment, setup.team.member_user)
    page = office.get(url, follow=True).content.decode()
    assert "wycofana" in page and 'name="response_text"' not in page
    office.post(url, {"response": "accepted", "response_text": "Tak", "duplicate_of": ""})
    with pytest.raises(services.NotAllowed, match="wycofana"):
        services.respond(comment, "accepted", "Tak")
    comment.refresh_from_db()
    assert comment.response == ""


def test_who_has_voted_cannot_propose_an_option_and_the_page_says_why(setup):
    poll = setup.poll
    voter, proposer = setup.team.members[0], setup.team.members[1]
    services.cast_vote(poll, voter, [poll.options.first().pk])
    with pytest.raises(services.NotAllowed, match="nie zmienia już oddanych głosów"):
        services.propose_option(poll, voter, "Francja", "", "Polityka senioralna")
    page = _client(setup.second_user).get(poll.get_absolute_url()).content.decode()
    assert 'id="propose-heading"' not in page
    page = _client(setup.team.member_user).get(poll.get_absolute_url()).content.decode()
    assert "nie zmienia już oddanych głosów" in page
    services.propose_option(poll, proposer, "Francja", "", "Polityka senioralna")
    assert poll.options.count() == 6


# 9. Wording and layout -------------------------------------------------------------------------


def test_a_ranking_result_names_its_last_column_as_first_places(setup):
    poll = open_poll(setup.team, Poll.Method.RANKING)
    ids = list(poll.options.values_list("pk", flat=True))
    services.cast_vote(poll, setup.team.members[0], ids[:2])
    page = _client(setup.team.office_user).get(poll.get_absolute_url()).content.decode()
    table = page.split('id="results-table"')[1].split("</thead>")[0]
    assert "Odsetek pierwszych miejsc" in table and "Odsetek głosujących" not in table


def test_the_downloads_and_the_offices_actions_are_on_separate_lines(setup):
    consultation = setup.consultation
    close(consultation)
    services.adopt_position(consultation, "Popieramy.", None, "")
    page = _client(setup.team.office_user).get(consultation.get_absolute_url()).content.decode()
    downloads = page.split('id="downloads"')[1].split("</div>")[0]
    assert "XLSX" in downloads
    assert "Pismo ze stanowiskiem" not in downloads and "Edytuj" not in downloads
    assert "Edytuj" in page.split('id="office-actions"')[1].split("</div>")[0]


def test_the_reminder_lists_each_legal_act_on_its_own_line(setup):
    _subject, body = services.reminder_message(setup.consultation, "https://lll.example.org")
    assert (
        "Akty prawne, których dotyczy:\n"
        "- ustawa o samorządzie województwa\n"
        "- ustawa o instytucjach rynku pracy\n"
    ) in body


# 10. Landmarks named once ----------------------------------------------------------------------


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
    page = _client(setup.team.office_user).get(reverse(f"consultations:{name}", args=args))
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


# 11. One Polish word for one English msgid across the catalogues -------------------------------
