"""Issue 17 in the browser: the accessibility statement (every v2.0 section, axe), the RODO
clause in a new member's first e-mail, a member downloading their data with their comments and
votes, and an anonymous visitor reading the WZK's public page and approved minutes, never a
draft."""

import datetime
import json
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from lll.consultations import services as consultations
from lll.consultations.models import Consultation, Poll
from lll.coordination import services as coordination
from lll.coordination.demo import load_demo
from lll.coordination.models import Body, Meeting, Minutes, Person
from lll.publicoffice.models import PublicBody

from .conftest import account, assert_accessible, log_in, shot

pytestmark = pytest.mark.django_db(transaction=True)

V2_SECTIONS = [
    "a11y-podmiot",
    "a11y-url",
    "a11y-data-publikacja",
    "a11y-data-aktualizacja",
    "a11y-status",
    "a11y-niedostepne",
    "a11y-wylaczenia",
    "a11y-przygotowanie",
    "a11y-data-sporzadzenie",
    "a11y-kontakt",
    "a11y-osoba",
    "a11y-email",
    "a11y-telefon",
    "a11y-procedura",
    "a11y-architektura",
    "a11y-aplikacje",
]


def test_the_statement_is_linked_from_the_footer_and_holds_every_section(
    page: Page, territory
) -> None:
    page.goto("/")
    page.locator("footer").get_by_role("link", name="Deklaracja dostępności").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Deklaracja dostępności")
    for section in V2_SECTIONS:
        expect(page.locator(f"#{section}")).to_be_visible()
    expect(
        page.get_by_role("heading", name="Obsługa wniosków i skarg związanych z dostępnością")
    ).to_be_visible()
    assert_accessible(page)
    shot(page, "publicoffice-statement")
    page.set_viewport_size({"width": 390, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(page)


def test_the_administrator_edits_the_statement(page: Page, territory) -> None:
    account("adm", "administrator")
    log_in(page, "adm")
    page.goto("/deklaracja-dostepnosci/")
    page.get_by_role("link", name="Edytuj deklarację").click()
    assert_accessible(page)
    page.get_by_label("Osoba kontaktowa").fill("Irena Dostępna")
    page.get_by_role("button", name="Zapisz").click()
    expect(page.locator("#a11y-osoba")).to_have_text("Irena Dostępna")


def test_a_new_member_accounts_first_email_carries_the_clause(
    page: Page, territory, mailbox
) -> None:
    person = Person.objects.create(
        first_name="Nowa", last_name="Członkini", email="nowa@example.org"
    )
    account("biuro", "coordination_office")
    log_in(page, "biuro")
    page.goto(f"/koordynacja/osoby/{person.pk}/")
    page.get_by_role("button", name="Nadaj dostęp do systemu (konto członka)").click()
    expect(page.get_by_role("status")).to_contain_text("nowa@example.org")
    assert len(mailbox.messages) == 1
    body = mailbox.bodies()[0]
    assert "Administratorem Pani/Pana danych osobowych jest" in body
    assert "ciał dialogu" in body  # the members' purpose


def test_a_member_downloads_their_data_with_comments_and_votes(
    page: Page, territory, tmp_path: Path
) -> None:
    load_demo()
    wzk = Body.objects.get(kind="wzk")
    person = wzk.memberships_on(timezone.localdate()).filter(role="member").first().person
    user = account("czlonek", "member", person)
    now = timezone.now()
    consultation = Consultation.objects.create(
        title="Projekt zmian w koordynacji",
        legal_acts="ustawa o rynku pracy",
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=5),
        status=Consultation.Status.OPEN,
    )
    consultation.bodies.add(wzk)
    consultations.submit_comment(consultation, user, text="Moja uwaga do projektu")
    poll = Poll.objects.create(
        body=wzk,
        question="Dokąd na wizytę?",
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(days=2),
        status=Poll.Status.OPEN,
    )
    for label in ("Norwegia", "Estonia"):
        consultations.add_option(poll, label, "")
    consultations.cast_vote(poll, person, [poll.options.get(label="Estonia").pk])
    log_in(page, "czlonek")
    page.goto("/konto/")
    page.get_by_role("link", name="Moje dane (RODO)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Moje dane")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Pobierz jako JSON").click()
    path = tmp_path / "dane.json"
    download.value.save_as(path)
    data = json.loads(path.read_text())
    assert [c["comment"] for c in data["comments"]] == ["Moja uwaga do projektu"]
    assert [(v["poll"], v["vote"]) for v in data["poll_votes"]] == [("Dokąd na wizytę?", "Estonia")]
    assert data["person"][0]["last_name"] == person.last_name
    with page.expect_download() as download:
        page.get_by_role("link", name="Pobierz jako XLSX").click()
    assert download.value.suggested_filename.endswith(".xlsx")


def test_an_anonymous_visitor_reads_the_wzk_page_and_approved_minutes_but_no_draft(
    page: Page, territory
) -> None:
    load_demo()
    wzk = Body.objects.get(kind="wzk")
    PublicBody.objects.create(body=wzk, is_public=True, published_by="Sekretariat WZK")
    approved = Minutes.objects.filter(meeting__body=wzk, status=Minutes.Status.APPROVED).first()
    assert approved is not None
    meeting = Meeting.objects.create(
        body=wzk, number=99, starts_at=timezone.now() - datetime.timedelta(days=2), mode="remote"
    )
    coordination.add_agenda_item(meeting, "Punkt roboczy")
    draft = coordination.draft_minutes(meeting, None)
    draft.introduction = "SZKIC-NIEPUBLICZNY"
    draft.save()
    page.goto("/")
    page.locator("footer").get_by_role(
        "link", name="Informacja publiczna o ciałach dialogu"
    ).click()
    assert_accessible(page)
    page.get_by_role("link", name=wzk.name).click()
    expect(page.get_by_role("heading", name="Skład")).to_be_visible()
    expect(page.get_by_role("heading", name="Zatwierdzone protokoły")).to_be_visible()
    assert "SZKIC-NIEPUBLICZNY" not in page.content()
    assert f"/protokoly/{draft.pk}/" not in page.content()
    assert_accessible(page)
    shot(page, "publicoffice-wzk-public")
    page.get_by_text("Metryczka i rejestr zmian").first.click()
    expect(page.get_by_text("Sekretariat WZK").first).to_be_visible()
    page.locator(f'a[href$="/protokoly/{approved.pk}/"]').click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Protokół z posiedzenia")
    assert_accessible(page)
    response = page.goto(f"/urzad/organy/{wzk.pk}/protokoly/{draft.pk}/")
    assert response is not None and response.status == 404


def test_the_office_pages_for_rodo_and_the_ezd_pass_axe(page: Page, territory) -> None:
    load_demo()
    account("adm", "administrator")
    log_in(page, "adm")
    page.goto("/urzad/rodo/")
    assert_accessible(page)
    page.get_by_role("link", name="Rejestr czynności przetwarzania: wpis do wydruku").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rejestr czynności przetwarzania")
    assert_accessible(page)
    page.goto("/urzad/rodo-retencja/")
    assert_accessible(page)
    minutes = Minutes.objects.filter(status=Minutes.Status.APPROVED).first()
    assert minutes is not None
    page.goto("/")
    page.locator("footer").get_by_role("link", name="Dokumenty do EZD").click()
    assert_accessible(page)
    page.locator(f'a[href$="/urzad/ezd/protokol/{minutes.pk}/"]').click()
    page.get_by_label("Znak sprawy").fill("WUP-II.0012.1.2024")
    page.get_by_label("Klasa JRWA").fill("0012")
    page.get_by_role("button", name="Zapisz").click()
    expect(page.get_by_label("Znak sprawy")).to_have_value("WUP-II.0012.1.2024")
    assert_accessible(page)
    shot(page, "publicoffice-ezd")
