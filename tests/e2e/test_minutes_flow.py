"""Issue 16, done when: the office runs a meeting with "all present" and two remote members,
sends the draft minutes for comments, a member comments on a section, the office amends,
records the acceptance and gets locked minutes whose DOCX and PDF carry the attendance list
with the remote notes; axe passes on every page; the office's page loads are counted."""

import io
import re
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from lll.coordination.demo import load_demo
from lll.coordination.models import Meeting, Minutes, MinutesComment, Person

from .conftest import account, assert_accessible, log_in, shot

pytestmark = pytest.mark.django_db(transaction=True)

REMOTE_NOTE = "przy użyciu środków komunikacji elektronicznej"
# The walk took about 100 page loads; this one must stay well under.
MOST_PAGE_LOADS = 40


def test_the_office_runs_a_meeting_to_locked_minutes_in_few_page_loads(
    page: Page, browser: Browser, live_server, territory, mailbox
):
    load_demo()
    account("biuro", "coordination_office")
    loads: list[str] = []
    page.on("load", lambda loaded: loads.append(loaded.url))
    log_in(page, "biuro")

    # A new meeting of the WZK (held already), its agenda typed on the meeting page.
    page.goto("/koordynacja/posiedzenia/nowe/")
    page.get_by_label("Początek").fill("2025-02-11T10:00")
    page.get_by_label("Koniec").fill("2025-02-11T12:00")
    page.locator("#id_mode").select_option(label="hybrydowo")
    page.get_by_label("Platforma lub adres").fill("WUP w Białymstoku, sala 204, i Teams")
    page.get_by_role("button", name="Zapisz").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("posiedzenie nr 4")
    meeting = Meeting.objects.get(body__short_name="WZK", number=4)
    for title in ["Otwarcie posiedzenia", "Wizyty studyjne: Francja", "Zakończenie"]:
        page.get_by_label("Nowy punkt porządku", exact=True).fill(title)
        page.get_by_role("button", name="Dodaj punkt porządku").click()
        expect(page.get_by_role("heading", name=re.compile(title))).to_be_visible()
    assert_accessible(page)

    # Attendance on one page: all present, one excused, two taking part remotely.
    page.get_by_role("link", name="Odnotuj obecność").click()
    page.get_by_role("button", name="Wszyscy obecni").click()
    expect(page.get_by_text("Wszyscy jeszcze nieodnotowani są obecni")).to_be_visible()
    rows = page.locator(".attendance-list > li")
    remote = [rows.nth(1), rows.nth(2)]
    remote_names = [row.locator("label.fw-semibold").inner_text() for row in remote]
    for row in remote:
        row.get_by_role("checkbox").check()
    excused = rows.nth(3)
    excused.locator("select").select_option("excused")
    page.get_by_role("button", name="Zapisz obecność").first.click()
    expect(page.get_by_text("Zapisano obecność.")).to_be_visible()
    assert meeting.attendance.filter(remote=True).count() == 2
    assert_accessible(page)
    shot(page, "i16-attendance")
    page.set_viewport_size({"width": 390, "height": 844})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the attendance page scrolls sideways at 390 px ({width} px)"
    assert_accessible(page)
    shot(page, "i16-attendance-390")
    page.set_viewport_size({"width": 1440, "height": 900})

    # A decision typed under its item, without leaving the page.
    page.goto(meeting.get_absolute_url())
    item = page.locator(".agenda > li", has_text="Wizyty studyjne: Francja")
    item.get_by_text("Dodaj ustalenie").click()
    item.get_by_label("Treść").fill("Zespół rozszerza listę wizyt studyjnych o Francję.")
    item.get_by_role("button", name=re.compile("Dodaj")).first.click()
    expect(page.locator(".agenda > li", has_text="Wizyty studyjne: Francja")).to_contain_text(
        "Zespół rozszerza listę wizyt studyjnych o Francję."
    )
    assert_accessible(page)

    # The draft, sent to the members for comments.
    page.get_by_role("button", name="Przygotuj projekt protokołu z przebiegu posiedzenia").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Protokół z czwartego")
    page.get_by_label("Termin zgłaszania uwag").fill("2099-02-25")
    page.get_by_role("button", name="Zapisz i przekaż do uwag").click()
    expect(page.get_by_text("przekazano członkom do uwag")).to_be_visible()
    minutes = Minutes.objects.get(meeting=meeting)
    assert minutes.status == Minutes.Status.COMMENTS
    assert_accessible(page)

    # A member reads the draft and comments on one section.
    member = Person.objects.filter(
        memberships__body__short_name="WZK", memberships__role="member", user__isnull=True
    ).first()
    assert member is not None
    account("czlonek", "member", member)
    context = browser.new_context(base_url=live_server.url)
    member_page = context.new_page()
    log_in(member_page, "czlonek")
    member_page.goto(f"/koordynacja/protokoly/{minutes.pk}/")
    comment = member_page.get_by_label("Uwaga do punktu „Wizyty studyjne: Francja”")
    comment.fill("Proszę dopisać, że chodzi o politykę senioralną.")
    section = member_page.locator("section", has=comment)
    section.get_by_role("button", name="Wyślij uwagę").click()
    expect(section).to_contain_text("Proszę dopisać, że chodzi o politykę senioralną.")
    assert_accessible(member_page)
    shot(member_page, "i16-member-comments")
    context.close()
    assert MinutesComment.objects.get().section.title == "Wizyty studyjne: Francja"

    # The office sees the comment, amends the section, records the acceptance: locked.
    page.reload()
    expect(page.get_by_text("Proszę dopisać, że chodzi o politykę senioralną.")).to_be_visible()
    text = page.get_by_label(re.compile("^2. Wizyty studyjne: Francja"))
    text.fill("Zespół rozszerza listę wizyt studyjnych o Francję (polityka senioralna).")
    page.get_by_role("button", name="Zapisz protokół").click()
    expect(page.locator("#minutes-steps")).to_contain_text("Poprawiony przez biuro:")
    page.get_by_label("Przyjęcie protokołu").fill("przyjęty na posiedzeniu nr 5")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Zapisz, odnotuj przyjęcie i zamknij").click()
    expect(page.locator("#minutes-status")).to_have_text("przyjęty i zamknięty")
    expect(page.locator("#minutes-steps")).to_contain_text("przyjęty na posiedzeniu nr 5")
    assert_accessible(page)
    shot(page, "i16-minutes-locked")

    with page.expect_download() as docx_download:
        page.get_by_role("link", name="Pobierz DOCX").click()
    document = Document(io.BytesIO(Path(docx_download.value.path()).read_bytes()))
    paragraphs = [p.text for p in document.paragraphs]
    assert "Zespół rozszerza listę wizyt studyjnych o Francję (polityka senioralna)." in paragraphs
    assert not any("PROJEKT" in p for p in paragraphs)
    annex = {r.cells[1].text: r.cells[4].text for r in document.tables[-1].rows[1:]}
    for name in remote_names:
        assert REMOTE_NOTE in annex[name], annex[name]
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Pobierz PDF").click()
    reader = PdfReader(pdf_download.value.path())
    pdf = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert "Lista obecności" in pdf and REMOTE_NOTE in pdf

    office_loads = len(loads)
    print(f"office page loads: {office_loads}")  # the figure the issue asks for
    assert office_loads < MOST_PAGE_LOADS, loads
