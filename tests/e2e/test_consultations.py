"""Issue 4, "Done when", in the browser: the office opens a pre-consultation, two members comment,
one edits hers before the deadline and is refused after it, the office answers and downloads the
comment table (DOCX, XLSX) whose rows match what was submitted; a poll on study-visit
destinations runs with a member adding an option; results with a chart and a table; a member of
another body sees none of it."""

import datetime
import io
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
import pytest
from django.utils import timezone
from docx import Document
from playwright.sync_api import Browser, BrowserContext, Dialog, Page, expect

from lll.consultations.models import Comment, Consultation, Poll
from lll.coordination.demo import load_demo
from lll.coordination.models import Body, Person

from .conftest import PASSWORD, account, assert_accessible, log_in, shot

pytestmark = pytest.mark.django_db(transaction=True)


def _account(username: str, role: str, last_name: str | None = None) -> None:
    """An account of the demo person with this last name (if any)."""
    person = Person.objects.get(is_demo=True, last_name=last_name) if last_name else None
    account(username, role, person)


@pytest.fixture
def member_page(browser: Browser, live_server) -> Iterator[Callable[..., Page]]:
    """Log a member in in a browser of their own; the browsers close with the test."""
    contexts: list[BrowserContext] = []

    def open_page(username: str, width: int = 1280) -> Page:
        context = browser.new_context(
            base_url=live_server.url, locale="en-US", viewport={"width": width, "height": 900}
        )
        contexts.append(context)
        member = context.new_page()
        member.set_default_timeout(15_000)
        member.on("dialog", lambda dialog: dialog.accept())
        log_in(member, username, PASSWORD)
        return member

    yield open_page
    for context in contexts:
        context.close()


def _comment(member: Page, provision: str, text: str, wording: str, why: str) -> None:
    member.get_by_label("Jednostka redakcyjna").select_option(label=provision)
    member.get_by_role("textbox", name=re.compile("^Uwaga")).fill(text)
    member.get_by_label("Propozycja brzmienia").fill(wording)
    member.get_by_label("Uzasadnienie").fill(why)
    member.get_by_role("button", name="Zgłoś uwagę").click()
    expect(member.get_by_role("status").first).to_contain_text("Uwaga została zgłoszona")


def test_pre_consultation_and_poll_as_the_issue_asks(
    page: Page, member_page: Callable[..., Page], territory, tmp_path
):
    load_demo()
    _account("biuro", "coordination_office")
    _account("halina", "member", "Sawicka")
    _account("agnieszka", "member", "Pietrzak")
    _account("wrrp", "member", "Leończuk")
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, "biuro", PASSWORD)

    # The office opens a consultation with the draft and its provisions.
    draft = Document()
    draft.add_paragraph("Projekt założeń: wzmocnienie koordynacji i monitorowania LLL")
    draft_path = tmp_path / "projekt-zalozen.docx"
    draft.save(str(draft_path))
    page.goto("/konsultacje/")
    assert_accessible(page)
    page.get_by_role("link", name="Nowe konsultacje").click()
    page.get_by_role("textbox", name=re.compile("^Temat")).fill(
        "Wzmocnienie koordynacji i monitorowania LLL w regionach"
    )
    page.get_by_label("Akty prawne, których dotyczy").fill(
        "ustawa o samorządzie województwa\nustawa o instytucjach rynku pracy"
    )
    page.get_by_label("Projekt dokumentu (DOCX lub PDF)").set_input_files(str(draft_path))
    page.get_by_label("Wojewódzki Zespół Koordynacji").check()
    now = timezone.localtime()
    page.get_by_label("Otwarte od").fill(
        (now - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    )
    page.get_by_label("Uwagi do").fill(
        (now + datetime.timedelta(days=10)).strftime("%Y-%m-%dT%H:%M")
    )
    assert_accessible(page)
    shot(page, "consultations-01-new")
    page.get_by_role("button", name="Zapisz").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Wzmocnienie koordynacji i monitorowania LLL w regionach"
    )
    consultation = Consultation.objects.get()
    for label, text in [("Założenie 1", "Umocowanie WZK"), ("Założenie 2", "Monitorowanie ZSU")]:
        page.get_by_text("Dodaj jednostkę redakcyjną").click()
        page.locator("#id_label").fill(label)
        page.locator("#id_text").fill(text)
        page.get_by_role("button", name="Dodaj jednostkę").click()
        expect(page.get_by_role("status").first).to_contain_text("Dodano jednostkę")
    page.get_by_label("Status", exact=True).select_option(label="otwarte na uwagi")
    page.get_by_role("button", name="Zmień", exact=True).click()
    expect(page.locator("#consultation-status")).to_have_text("otwarte na uwagi")
    assert_accessible(page)
    shot(page, "consultations-02-opened")

    # Two members comment; one edits hers before the deadline.
    halina = member_page("halina")
    halina.goto(consultation.get_absolute_url())
    expect(halina.get_by_role("heading", name="Zgłoś uwagę")).to_be_visible()
    assert_accessible(halina)
    _comment(
        halina,
        "Założenie 2",
        "Dane tylko już gromadzone",
        "„…przekazują dane gromadzone w ramach zadań ustawowych”",
        "Obciążenie sprawozdawczością PUP",
    )
    agnieszka = member_page("agnieszka", width=390)
    agnieszka.goto(consultation.get_absolute_url())
    _comment(
        agnieszka,
        "Założenie 1",
        "Uczelnie w składzie zespołu",
        "Dodać dwóch przedstawicieli uczelni",
        "Kształcenie dorosłych na uczelniach",
    )
    shot(agnieszka, "consultations-03-member-phone")
    assert_accessible(agnieszka)
    halina.reload()
    expect(halina.locator("article.comment")).to_have_count(2)
    # Only her own comment can be changed by her.
    expect(halina.get_by_role("link", name=re.compile("^Zmień"))).to_have_count(1)
    halina.get_by_role("link", name=re.compile("^Zmień")).click()
    assert_accessible(halina)
    halina.get_by_role("textbox", name=re.compile("^Uwaga")).fill(
        "Obowiązek obejmuje tylko dane już gromadzone"
    )
    halina.get_by_role("button", name="Zapisz").click()
    expect(halina.get_by_role("status").first).to_contain_text("Uwaga została zmieniona")
    expect(halina.locator("article.comment").filter(has_text="Halina Sawicka")).to_contain_text(
        "Obowiązek obejmuje tylko dane już gromadzone"
    )
    shot(halina, "consultations-04-edited")
    mine = Comment.objects.get(author__last_name="Sawicka")

    # The deadline passes: editing is refused, on the page and on the server.
    Consultation.objects.filter(pk=consultation.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    halina.reload()
    expect(halina.locator("#consultation-status")).to_have_text("zakończone")
    expect(halina.get_by_role("link", name=re.compile("^Zmień"))).to_have_count(0)
    halina.goto(f"/konsultacje/konsultacje/uwagi/{mine.pk}/edycja/")
    expect(halina.get_by_role("alert")).to_contain_text("Konsultacje zakończyły się")
    assert_accessible(halina)
    shot(halina, "consultations-05-refused")
    token = halina.evaluate("document.querySelector('[name=csrfmiddlewaretoken]').value")
    response = halina.request.post(
        f"/konsultacje/konsultacje/uwagi/{mine.pk}/edycja/",
        form={"csrfmiddlewaretoken": token, "text": "Po terminie", "provision": ""},
    )
    assert response.ok
    mine.refresh_from_db()
    assert mine.text == "Obowiązek obejmuje tylko dane już gromadzone"

    # The office answers both and downloads the comment table.
    page.goto(consultation.get_absolute_url())
    for number, response_label, text in [
        (1, "uwzględniona", "Dodano przedstawicieli uczelni."),
        (2, "uwzględniona częściowo", "Zakres określi porozumienie."),
    ]:
        page.get_by_role("link", name=re.compile(rf"^Odpowiedz.*uwaga nr {number}$")).click()
        page.get_by_label("Odpowiedź", exact=True).select_option(label=response_label)
        page.get_by_label("Wyjaśnienie odpowiedzi").fill(text)
        if number == 1:
            assert_accessible(page)
        page.get_by_role("button", name="Zapisz").click()
        expect(page.get_by_role("status").first).to_contain_text("Zapisano odpowiedź")
    assert_accessible(page)
    shot(page, "consultations-06-answered")
    with page.expect_download() as docx_download:
        page.get_by_role("link", name=re.compile("^DOCX")).click()
    table = Document(io.BytesIO(Path(docx_download.value.path()).read_bytes())).tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0][:3] == ["Lp.", "Jednostka redakcyjna", "Zgłaszający"]
    assert rows[1] == [
        "1.",
        "Założenie 1",
        "Agnieszka Pietrzak (Uniwersytet w Białymstoku)",
        "Uczelnie w składzie zespołu",
        "Dodać dwóch przedstawicieli uczelni",
        "Kształcenie dorosłych na uczelniach",
        "Uwzględniona. Dodano przedstawicieli uczelni.",
    ]
    assert rows[2][1:4] == [
        "Założenie 2",
        "Halina Sawicka (Powiatowy Urząd Pracy w Bielsku Podlaskim)",
        "Obowiązek obejmuje tylko dane już gromadzone",
    ]
    assert rows[2][6] == "Uwzględniona częściowo. Zakres określi porozumienie."
    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name=re.compile("^XLSX")).click()
    sheet = openpyxl.load_workbook(io.BytesIO(Path(xlsx_download.value.path()).read_bytes())).active
    cells = [list(r) for r in sheet.iter_rows(min_row=4, values_only=True)]
    assert [r[0] for r in cells] == [1, 2]
    assert [r[1:] for r in cells] == [row[1:] for row in rows[1:]]

    # A poll on the study-visit destinations.
    page.goto("/konsultacje/")
    page.get_by_role("link", name="Nowe głosowanie").click()
    page.get_by_label("Organ").select_option(label="Wojewódzki Zespół Koordynacji")
    page.get_by_label("Pytanie").fill("Kierunki wizyt studyjnych członków WZK")
    page.get_by_label("Sposób głosowania").select_option(label="aprobata (kilka opcji)")
    page.get_by_label("Otwarte od").fill(
        (now - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    )
    page.get_by_label("Głosowanie do").fill(
        (now + datetime.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    )
    page.get_by_role("textbox", name="Opcje").fill(
        "Niemcy: Bundesagentur für Arbeit; kształcenie dualne\n"
        "Dania: centra kształcenia dorosłych\n"
        "Finlandia: Opetushallitus; edukacja pozaformalna\n"
        "Holandia: ROC; edukacja i rynek pracy\n"
        "Hiszpania: SEPE; aktywizacja młodzieży"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Zapisz").click()
    page.get_by_role("button", name="Otwórz głosowanie").click()
    expect(page.locator("#poll-status")).to_have_text("otwarte")
    poll = Poll.objects.get()

    halina.goto(poll.get_absolute_url())
    halina.get_by_label("Proponowana opcja").fill("Francja")
    halina.get_by_label("Szczegóły").fill("France Travail; polityka senioralna")
    halina.get_by_label("Uzasadnienie").fill(
        "Łączenie edukacji z rynkiem pracy w polityce senioralnej"
    )
    halina.get_by_role("button", name="Dodaj moją propozycję").click()
    expect(halina.get_by_role("status").first).to_contain_text("Opcję „Francja” dodano")
    expect(halina.locator("ol.options > li")).to_have_count(6)
    assert_accessible(halina)
    shot(halina, "consultations-07-poll-proposal")
    halina.get_by_label("Francja").check()
    halina.get_by_label("Finlandia").check()
    halina.get_by_role("button", name="Oddaj głos").click()
    expect(halina.get_by_role("status").first).to_contain_text("Głos został zapisany")
    expect(halina.get_by_role("button", name="Oddaj głos")).to_have_count(0)

    agnieszka.goto(poll.get_absolute_url())
    agnieszka.get_by_label("Finlandia").check()
    agnieszka.get_by_label("Niemcy").check()
    agnieszka.get_by_role("button", name="Oddaj głos").click()
    expect(agnieszka.get_by_role("status").first).to_contain_text("Głos został zapisany")

    page.goto(poll.get_absolute_url())
    page.get_by_role("button", name="Zakończ głosowanie teraz").click()
    expect(page.locator("#poll-status")).to_have_text("zakończone")
    page.get_by_role("link", name="Zapisz ustalenie").click()
    page.get_by_label("Podjęte ustalenie").fill("Wybrano Finlandię; lista rozszerzona o Francję.")
    page.get_by_label("Ustalono na posiedzeniu").select_option(label="WZK, posiedzenie nr 2")
    page.get_by_role("button", name="Zapisz").click()

    # The results: chart and table, turnout, the decision and its meeting.
    halina.goto(poll.get_absolute_url())
    expect(halina.locator(".vega-chart svg")).to_be_visible()
    results = halina.locator("#results-table tbody tr")
    expect(results.first).to_contain_text("Finlandia")
    expect(results.first).to_contain_text("2")
    expect(halina.locator("#results-table")).to_contain_text("Francja")
    expect(halina.locator("#turnout")).to_contain_text("zagłosowało 2 z")
    expect(halina.get_by_role("link", name="WZK, posiedzenie nr 2")).to_be_visible()
    assert_accessible(halina)
    shot(halina, "consultations-08-results")

    # A member of another body sees none of it.
    outsider = member_page("wrrp")
    outsider.goto("/konsultacje/")
    expect(outsider.get_by_text("Nie ma jeszcze konsultacji.")).to_be_visible()
    expect(outsider.get_by_text("Nie ma jeszcze głosowań.")).to_be_visible()
    assert_accessible(outsider)
    shot(outsider, "consultations-09-outsider")
    for url in (consultation.get_absolute_url(), poll.get_absolute_url()):
        assert outsider.goto(url).status == 404
    response = outsider.request.get(
        f"/konsultacje/konsultacje/{consultation.pk}/zestawienie-uwag.xlsx"
    )
    assert response.status == 404


def test_a_study_visits_recommendation_goes_onto_the_follow_up_board(page: Page, territory):
    from lll.consultations.demo import load_demo as load_consultations

    load_demo()
    load_consultations()
    _account("biuro", "coordination_office")
    log_in(page, "biuro", PASSWORD)
    page.goto("/konsultacje/wizyty/")
    assert_accessible(page)
    page.get_by_role("link", name="Wizyta studyjna w Finlandii").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wizyta studyjna w Finlandii")
    expect(page.get_by_role("heading", name="Wnioski")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^Dodaj do realizacji ustaleń.*pilotaż")).click()
    page.get_by_label("Odpowiedzialny").select_option(label="Monika Borowska")
    page.get_by_label("Termin").fill("2025-03-31")
    assert_accessible(page)
    page.get_by_role("button", name="Zapisz").click()
    expect(page.get_by_role("status").first).to_contain_text("w realizacji ustaleń")
    expect(page.locator("#recommendations")).to_contain_text("Monika Borowska")
    shot(page, "consultations-10-visit")
    page.goto("/koordynacja/dzialania/")
    assert_accessible(page)
    expect(page.get_by_text("Przygotować pilotaż indywidualnych planów")).to_be_visible()


def test_reminders_by_hand_are_listed_and_a_repeat_is_confirmed(page: Page, territory, mailbox):
    load_demo()
    _account("biuro", "coordination_office")
    now = timezone.now()
    consultation = Consultation.objects.create(
        title="Projekt ustawy o instytucjach rynku pracy",
        legal_acts="ustawa o instytucjach rynku pracy\nustawa o samorządzie powiatowym",
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=10),
        status=Consultation.Status.OPEN,
    )
    consultation.bodies.add(Body.objects.get(short_name="WZK"))
    dialogs: list[str] = []

    def accept(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    log_in(page, "biuro", PASSWORD)
    page.goto(consultation.get_absolute_url())
    expect(page.locator("#reminders")).to_contain_text("nie zostało jeszcze wysłane")
    page.get_by_role("button", name="Wyślij przypomnienie teraz").click()
    expect(page.get_by_role("status").first).to_contain_text("Przypomnienia są wysyłane")
    first = len(mailbox.messages)
    assert first > 0
    sendings = page.locator("#reminder-sendings li")
    expect(sendings).to_have_count(1)
    expect(sendings.first).to_contain_text("wysłane ręcznie")
    # The automatic reminder is still to come.
    expect(page.locator("#reminders")).to_contain_text("nie zostało jeszcze wysłane")
    assert_accessible(page)
    page.get_by_role("button", name="Wyślij przypomnienie ponownie").click()
    assert "już wysłano ręcznie" in dialogs[-1]
    expect(sendings).to_have_count(2)
    assert len(mailbox.messages) == 2 * first
    shot(page, "consultations-11-reminders")
