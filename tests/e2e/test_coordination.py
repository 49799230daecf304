"""The coordination office runs a meeting of the demo WZK from the invitation to approved minutes,
and a member sees only their own body's meetings."""

import io
import re
from pathlib import Path

import pytest
from docx import Document
from icalendar import Calendar
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from lll.coordination.demo import load_demo
from lll.coordination.models import Attendance, Body, Meeting, Person

from .conftest import account as _account
from .conftest import assert_accessible, log_in
from .conftest import shot as _shot

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_office_runs_a_meeting_and_a_member_sees_only_their_body(
    page: Page, browser: Browser, live_server, territory, mailbox
):
    load_demo()
    _account("biuro", "coordination_office")
    log_in(page, "biuro", "Haslo-testowe-2026")

    # The demo meeting of 27 June 2024 is complete at once.
    page.goto("/koordynacja/posiedzenia/")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("WZK — posiedzenie nr 2")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("posiedzenie nr 2")
    expect(page.locator(".agenda > li")).to_have_count(8)
    expect(page.locator("#agenda-changes")).to_contain_text("problemy techniczne z połączeniem")
    assert_accessible(page)
    _shot(page, "meeting-2")

    # A new meeting, its agenda, the invitation.
    page.goto("/koordynacja/")
    page.get_by_role("link", name="Nowe posiedzenie").first.click()
    expect(page.get_by_label("Numer kolejny")).to_have_value("4")
    page.get_by_label("Początek").fill("2025-01-14T10:00")
    page.get_by_label("Koniec").fill("2025-01-14T12:00")
    page.locator("#id_mode").select_option(label="zdalnie")
    page.get_by_label("Platforma lub adres").fill("Microsoft Teams")
    assert_accessible(page)
    page.get_by_role("button", name="Zapisz").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("posiedzenie nr 4")
    meeting = Meeting.objects.get(body__short_name="WZK", number=4)

    presenter = Person.objects.filter(memberships__role="vice_chair").first()
    for title in ["Otwarcie posiedzenia", "Wizyty studyjne: Francja", "Wyniki badania losów"]:
        page.get_by_role("link", name=re.compile("Nowy punkt w pełnym formularzu")).click()
        page.get_by_label("Tytuł").fill(title)
        presenters = page.get_by_role("group", name="Prelegenci")
        presenters.get_by_role("searchbox").fill(presenter.last_name)
        presenters.get_by_label(re.compile(presenter.full_name)).check()
        page.get_by_role("button", name="Zapisz").click()
        expect(page.get_by_role("heading", name=re.compile(title))).to_be_visible()
    page.get_by_role("button", name="Dodaj przegląd realizacji ustaleń").click()
    expect(page.get_by_text("Przygotować zestawienie badań")).to_be_visible()

    page.get_by_role("link", name="Wyślij zaproszenie").click()
    assert_accessible(page)
    page.get_by_role("button", name="Wyślij").click()
    expect(page.locator("#deliveries")).to_contain_text("wysłano")
    expect(page.locator("#deliveries")).not_to_contain_text("nieudane")
    assert len(mailbox.messages) == len(page.locator("#deliveries tbody tr").all()) >= 25
    invitation = mailbox.messages[0]
    ics = next(p for p in invitation.walk() if p.get_filename() == "zaproszenie.ics")
    event = Calendar.from_ical(ics.get_payload(decode=True)).walk("VEVENT")[0]
    assert event.decoded("dtstart") == meeting.starts_at
    assert "Wizyty studyjne: Francja" in str(event.get("description"))
    assert_accessible(page)

    # During the meeting: attendance, a change of order, a decision and an action item.
    page.goto(meeting.get_absolute_url())
    page.get_by_role("link", name="Odnotuj obecność").click()
    selects = page.locator(".attendance-list select")
    for index in range(selects.count()):
        selects.nth(index).select_option("present" if index % 5 else "excused")
    assert_accessible(page)
    page.get_by_role("button", name="Zapisz obecność").first.click()
    expect(page.get_by_text("Zapisano obecność.")).to_be_visible()
    page.goto(meeting.get_absolute_url())
    expect(page.locator("#quorum")).to_contain_text("kworum jest")

    page.get_by_role("button", name="Przenieś wyżej: Wyniki badania losów").click()
    expect(page.locator("#agenda-changes")).to_contain_text(
        "„Wyniki badania losów” przeniesiono z pozycji 3 na 2"
    )
    item = page.locator(".agenda > li", has_text="Wizyty studyjne: Francja")
    # Typed under the item on the meeting page (htmx), no form page in between.
    item.get_by_text("Dodaj ustalenie").click()
    item.get_by_label("Treść").fill("Zespół rozszerza listę wizyt studyjnych o Francję.")
    item.locator("details", has_text="Dodaj ustalenie").get_by_role("button").click()
    item = page.locator(".agenda > li", has_text="Wizyty studyjne: Francja")
    expect(item).to_contain_text("Zespół rozszerza listę wizyt studyjnych o Francję.")
    item.get_by_text("Dodaj zadanie").click()
    item.get_by_label("Zadanie").fill("Przygotować program wizyty we Francji")
    item.get_by_label("Odpowiedzialny").select_option(str(presenter.pk))
    item.get_by_label("Termin").fill("2027-03-31")
    item.locator("details", has_text="Dodaj zadanie").get_by_role("button").click()
    expect(page.locator("section[aria-labelledby=actions]")).to_contain_text(
        "Przygotować program wizyty we Francji"
    )

    # Minutes: drafted from the meeting, edited, approved, downloaded.
    page.get_by_role("button", name="Przygotuj projekt protokołu z przebiegu posiedzenia").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Protokół z czwartego posiedzenia Wojewódzkiego Zespołu Koordynacji"
    )
    section = page.get_by_label(re.compile("Wizyty studyjne: Francja"))
    expect(section).to_contain_text("Zespół rozszerza listę wizyt studyjnych o Francję.")
    section.fill("Członkowie poparli wizytę we Francji (polityka senioralna).")
    assert_accessible(page)
    page.get_by_role("button", name="Zapisz protokół").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Zapisz, odnotuj przyjęcie i zamknij").click()
    expect(page.get_by_text("odnotowano jego przyjęcie i zamknięto")).to_be_visible()
    expect(page.get_by_role("button", name="Zapisz protokół")).to_have_count(0)
    assert_accessible(page)
    _shot(page, "minutes-4")

    with page.expect_download() as docx_download:
        page.get_by_role("link", name="Pobierz DOCX").click()
    document = Document(io.BytesIO(Path(docx_download.value.path()).read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Protokół z czwartego posiedzenia Wojewódzkiego Zespołu Koordynacji" in text
    assert "Członkowie poparli wizytę we Francji (polityka senioralna)." in text
    attendance = [row.cells[1].text for row in document.tables[-1].rows[1:]]
    assert presenter.full_name in attendance
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Pobierz PDF").click()
    pdf = PdfReader(pdf_download.value.path())
    pdf_text = "\n".join(p.extract_text() for p in pdf.pages)
    assert "Protokół z czwartego posiedzenia" in pdf_text
    assert "Lista obecności" in pdf_text

    # A member of the WZK sees its meetings and approved minutes, nothing of the WRRP.
    member = Person.objects.filter(memberships__body__short_name="WZK", user__isnull=True).first()
    _account("czlonek", "member", member)
    context = browser.new_context(base_url=live_server.url)
    member_page = context.new_page()
    log_in(member_page, "czlonek", "Haslo-testowe-2026")
    member_page.goto("/koordynacja/posiedzenia/")
    expect(
        member_page.get_by_role("link", name=re.compile("WZK — posiedzenie nr 4"))
    ).to_be_visible()
    expect(member_page.get_by_role("link", name=re.compile("WRRP"))).to_have_count(0)
    assert_accessible(member_page)
    member_page.get_by_role("link", name=re.compile("WZK — posiedzenie nr 4")).click()
    expect(member_page.get_by_role("link", name="Odnotuj obecność")).to_have_count(0)
    expect(member_page.locator("section[aria-labelledby=minutes]")).to_contain_text("Wersja 1")
    wrrp_meeting = Meeting.objects.create(
        body=Body.objects.get(short_name="WRRP"), number=99, starts_at=meeting.starts_at
    )
    response = member_page.goto(wrrp_meeting.get_absolute_url())
    assert response is not None and response.status == 404
    context.close()


def test_presenters_are_found_by_typing_and_ticked_by_keyboard(page: Page, territory):
    load_demo()
    _account("biuro", "coordination_office")
    log_in(page, "biuro", "Haslo-testowe-2026")
    meeting = Meeting.objects.get(body__short_name="WZK", number=3)
    item = meeting.agenda_items.get(position=4)
    chosen = list(item.presenters.all())
    borowska = Person.objects.get(last_name="Borowska")
    wanted = Person.objects.get(last_name="Kwiatkowski")
    assert chosen == [borowska]
    page.goto(f"/koordynacja/posiedzenia/{meeting.pk}/punkty/{item.pk}/")

    presenters = page.get_by_role("group", name="Prelegenci")
    expect(presenters.get_by_role("checkbox").first).to_be_checked()  # the chosen come first
    expect(presenters.get_by_text("Wybrano: 1")).to_be_visible()
    page.get_by_label("Tytuł").focus()
    page.keyboard.press("Tab")
    search = presenters.get_by_role("searchbox", name="Zawęź listę według nazwiska lub instytucji")
    expect(search).to_be_focused()
    page.keyboard.type("kwiatk")  # without the Polish letter: still found
    page.keyboard.press("Enter")  # narrows only; the form is not sent
    expect(page).to_have_url(re.compile(f"/punkty/{item.pk}/$"))
    visible = presenters.locator("[data-picker-option]:visible")
    expect(visible).to_have_count(2)  # the one typed and the one already chosen
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(presenters.get_by_label(re.compile(wanted.full_name))).to_be_focused()
    page.keyboard.press("Space")
    expect(presenters.get_by_text("Wybrano: 2")).to_be_visible()
    assert_accessible(page)
    _shot(page, "walk-b-presenters")
    page.get_by_role("button", name="Zapisz").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("posiedzenie nr 3")
    assert set(item.presenters.all()) == {borowska, wanted}


def test_a_guest_is_removed_only_after_confirmation(page: Page, territory):
    load_demo()
    _account("biuro", "coordination_office")
    log_in(page, "biuro", "Haslo-testowe-2026")
    meeting = Meeting.objects.get(body__short_name="WZK", number=2)
    guest = meeting.attendance.filter(status=Attendance.Status.GUEST).first()
    assert guest is not None
    page.goto(f"/koordynacja/posiedzenia/{meeting.pk}/obecnosc/")
    remove = page.get_by_role("button", name=re.compile(f"usuń.*{guest.person.full_name}"))
    questions: list[str] = []

    def answer(dialog, accept: bool) -> None:
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, False))
    remove.click()
    assert questions == [f"Usunąć gościa {guest.person.full_name} z listy obecności?"]
    assert Attendance.objects.filter(pk=guest.pk).exists()
    page.once("dialog", lambda dialog: answer(dialog, True))
    remove.click()
    expect(page.get_by_text("Zapisano obecność i usunięto gościa.")).to_be_visible()
    assert not Attendance.objects.filter(pk=guest.pk).exists()
    assert not Attendance.objects.filter(pk=guest.pk).exists()


def test_the_coordination_lists_fit_a_phone(browser: Browser, live_server, territory):
    load_demo()
    _account("biuro", "coordination_office")
    context = browser.new_context(
        locale="pl-PL", base_url=live_server.url, viewport={"width": 390, "height": 800}
    )
    page = context.new_page()
    log_in(page, "biuro", "Haslo-testowe-2026")
    for url in [
        "/koordynacja/organy/",
        "/koordynacja/posiedzenia/",
        "/koordynacja/badania/",
        "/koordynacja/osoby/",
        "/koordynacja/instytucje/",
    ]:
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{url} is {width} px wide"
        assert_accessible(page)
    context.close()
