"""The reporting cycle in the browser: the office opens it and invites a partner by e-mail; the
partner uploads its report file (a bad row first), submits; the office returns it, the partner
corrects a value, the office approves and the change log shows the correction."""

import datetime
import io
import re
from pathlib import Path

import docx
import openpyxl
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from lll.activities.models import ActivityChange, ImportBatch, Report, ReportStatus
from lll.coordination.models import Institution, InstitutionKind
from lll.core.imports.background import run_step
from lll.territory.models import Unit

from .conftest import account, assert_accessible, log_in, shot

HEADER_TITLE, HEADER_COMPLETED = "tytuł", "ukończyło"


def _row(header: list[str], **cells: object) -> list[object]:
    values = {
        "tytuł": "KKZ Mechatronika samochodowa",
        "typ": "kkz",
        "obszary priorytetowe ZSU 2030": "1;3",
        "grupy docelowe": "adults;unemployed",
        "kody TERYT powiatów lub gmin": "2061",
        "początek": datetime.date(2025, 2, 1),
        "koniec": datetime.date(2025, 6, 30),
        "finansowanie": "kfs",
        "kwota (zł)": 45000,
        "symbol kwalifikacji": "MOT.05",
        "organizator": "ckz",
        "uczestnicy (zapisani)": 18,
        "w tym kobiety": 5,
        "w tym mężczyźni": 13,
        "godziny": 300,
        "ukończyło": 16,
        "zdało egzamin": 14,
        "uzyskane kwalifikacje lub certyfikaty": 14,
    }
    values.update(cells)
    return [values.get(name) for name in header]


def _file(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_a_partner_reports_and_the_office_returns_and_approves(
    page: Page, browser: Browser, live_server, monitoring, occupations, mailbox, tmp_path, settings
):
    bialystok = Unit.objects.get(code="2061")
    Institution.objects.create(
        name="Centrum Kształcenia Zawodowego w Białymstoku",
        kind=InstitutionKind.SCHOOL,
        unit=bialystok,
    )
    Institution.objects.create(
        name="Powiatowy Urząd Pracy w Augustowie",
        kind=InstitutionKind.PUP,
        unit=Unit.objects.get(code="2001"),
    )
    account("biuro", "coordination_office")
    log_in(page, "biuro")

    # The office opens a cycle for two institutions.
    page.goto("/dzialania/cykle/")
    assert_accessible(page)
    page.get_by_role("link", name="Otwórz cykl sprawozdawczy").click()
    page.get_by_label("Nazwa").fill("Rok 2025")
    page.get_by_label("Okres od").fill("2025-01-01")
    page.get_by_label("Okres do").fill("2025-12-31")
    page.get_by_label("Termin").fill("2099-01-31")
    page.get_by_label("Centrum Kształcenia Zawodowego w Białymstoku").check()
    page.get_by_label("Powiatowy Urząd Pracy w Augustowie").check()
    assert_accessible(page)
    page.get_by_role("button", name="Zapisz").click()
    expect(page.get_by_text("Cykl sprawozdawczy został otwarty.")).to_be_visible()
    expect(page.get_by_text("Nierozpoczęte: 2")).to_be_visible()
    assert_accessible(page)
    shot(page, "activities-cycle")

    # ... and invites the CKZ's reporter by e-mail (a real SMTP server).
    page.get_by_role("row", name=re.compile("Centrum Kształcenia")).get_by_role(
        "link", name="zaproś"
    ).click()
    page.get_by_label("E-mail").fill("anna.nowak@ckz.example.org")
    page.get_by_label("Imię").fill("Anna")
    page.get_by_label("Nazwisko").fill("Nowak")
    assert_accessible(page)
    page.get_by_role("button", name="Zapisz").click()
    expect(page.get_by_text("link do ustawienia hasła")).to_be_visible()
    (invitation,) = mailbox.messages
    assert invitation["X-Rcpt-To"] == "anna.nowak@ckz.example.org"
    link = re.search(r"https?://\S+", mailbox.bodies()[0]).group(0)

    # The partner sets a password through the link and logs in.
    partner_context = browser.new_context(
        locale="pl-PL", base_url=live_server.url, viewport={"width": 1280, "height": 900}
    )
    partner = partner_context.new_page()
    partner.goto(link)
    partner.get_by_role("textbox", name="Nowe hasło (wymagane)", exact=True).fill(
        "Haslo-partnera-2026"
    )
    partner.get_by_label("Nowe hasło (powtórz)").fill("Haslo-partnera-2026")
    partner.get_by_role("button", name=re.compile("hasło", re.I)).click()
    log_in(partner, "anna.nowak@ckz.example.org", "Haslo-partnera-2026")
    partner.goto("/dzialania/sprawozdania/")
    assert_accessible(partner)
    partner.get_by_role("link", name="Rok 2025").click()
    assert_accessible(partner)

    # It downloads the pre-filled file and uploads it with a bad row: nothing is stored.
    with partner.expect_download() as download:
        partner.get_by_role("link", name="Pobierz wypełniony plik (XLSX)").click()
    book = openpyxl.load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    header = [str(cell.value) for cell in book.worksheets[0][1]]
    good = _row(header)
    bad = _row(header, **{"tytuł": "Kurs spawania", "ukończyło": 30, "zdało egzamin": 0})
    partner.get_by_role("link", name="Wczytaj wypełniony plik").click()
    partner.get_by_label("Wypełnione sprawozdanie (XLSX lub CSV)").set_input_files(
        str(_file(tmp_path / "raport.xlsx", header, [good, bad]))
    )
    partner.get_by_role("button", name="Wczytaj").click()
    problems = partner.get_by_role("alert")
    expect(problems).to_contain_text("wiersz 3")
    expect(problems).to_contain_text("„ukończyło”")
    expect(problems).to_contain_text("Ukończyło (30) nie może przekraczać liczby uczestników (18)")
    assert_accessible(partner)
    shot(partner, "activities-upload-error")
    report = Report.objects.get(institution__name__startswith="Centrum")
    assert report.activities.count() == 0

    # It fixes the row and uploads again. Taken as a large file: the task worker checks it,
    # then (after "Import") writes it while the page shows it waiting (issue 19).
    settings.LLL_IMPORT_LIMITS = {"background_mb": 0}
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    fixed = _row(header, **{"tytuł": "Kurs spawania", "ukończyło": 12, "zdało egzamin": 10})
    partner.get_by_label("Wypełnione sprawozdanie (XLSX lub CSV)").set_input_files(
        str(_file(tmp_path / "raport2.xlsx", header, [good, fixed]))
    )
    partner.get_by_role("button", name="Wczytaj").click()
    batch = ImportBatch.objects.get(report__institution__name__startswith="Centrum")
    run_step.call("activities.ImportBatch", batch.pk, "preview")
    partner.reload()
    partner.get_by_role("button", name="Zaimportuj działania").click()
    expect(partner.get_by_text("Plik czeka na zapisanie")).to_be_visible()
    assert_accessible(partner)
    shot(partner, "activities-import-commit-waiting")
    assert report.activities.count() == 0
    run_step.call("activities.ImportBatch", batch.pk, "commit")  # the worker writes it
    expect(partner.get_by_text("nowe działania: 2")).to_be_visible()  # the page polled
    partner.get_by_role("button", name="Złóż sprawozdanie").focus()
    partner.keyboard.press("Enter")
    expect(partner.get_by_text("Sprawozdanie zostało złożone w urzędzie.")).to_be_visible()

    # The office returns it with a comment.
    page.goto(f"/dzialania/sprawozdania/{report.pk}/")
    assert_accessible(page)
    page.get_by_label("Co partner ma poprawić?").fill("Proszę sprawdzić liczbę uczestników KKZ.")
    page.get_by_role("button", name="Zwróć do poprawy").click()
    expect(page.get_by_text("Sprawozdanie zostało zwrócone partnerowi.")).to_be_visible()

    # The partner corrects one value in the browser and submits again.
    partner.reload()
    expect(partner.get_by_text("Proszę sprawdzić liczbę uczestników KKZ.")).to_be_visible()
    partner.get_by_role("link", name="KKZ Mechatronika samochodowa").click()
    partner.get_by_role("link", name="Edycja").click()
    assert_accessible(partner)
    partner.get_by_label("Uczestnicy (zapisani)").fill("20")
    partner.get_by_label("W tym kobiety").fill("7")
    # ... names the PUP as its partner and picks the occupation from the suggestions by keyboard
    partner.get_by_label("Instytucje partnerskie").select_option(
        label="Powiatowy Urząd Pracy w Augustowie"
    )
    occupation = partner.get_by_role("combobox", name=re.compile("Zawody"))
    occupation.focus()
    partner.keyboard.type("mechanika pojazdow samoch", delay=20)
    suggestions = partner.get_by_role("listbox", name=re.compile("Zawody"))
    expect(suggestions.get_by_role("option").first).to_have_text(
        "723103 Mechanik pojazdów samochodowych"
    )
    expect(occupation).to_have_attribute("aria-expanded", "true")
    expect(partner.get_by_role("status").filter(has_text="Znaleziono")).to_have_count(1)
    assert_accessible(partner)
    partner.set_viewport_size({"width": 390, "height": 800})
    assert partner.evaluate("document.documentElement.scrollWidth") <= 390
    occupation.scroll_into_view_if_needed()
    shot(partner, "activities-occupation-suggestions-phone")
    partner.set_viewport_size({"width": 1280, "height": 900})
    partner.keyboard.press("ArrowDown")
    expect(occupation).to_have_attribute("aria-activedescendant", re.compile("_0$"))
    partner.keyboard.press("Enter")  # chooses; does not send the form
    expect(occupation).to_have_value("723103, ")
    expect(occupation).to_have_attribute("aria-expanded", "false")
    partner.keyboard.type("7412")
    expect(suggestions.get_by_role("option").first).to_be_visible()
    partner.keyboard.press("Escape")
    expect(suggestions).to_be_hidden()
    occupation.fill("723103")
    partner.get_by_role("button", name="Zapisz").click()
    expect(partner.get_by_text("Działanie zostało zapisane.")).to_be_visible()
    facts = partner.get_by_role("definition")
    expect(facts.filter(has_text="Powiatowy Urząd Pracy w Augustowie")).to_be_visible()
    expect(facts.filter(has_text="723103 Mechanik pojazdów samochodowych")).to_be_visible()
    partner.get_by_role("link", name="Rok 2025").click()
    partner.get_by_role("button", name="Złóż sprawozdanie").click()
    expect(partner.get_by_text("Sprawozdanie zostało złożone w urzędzie.")).to_be_visible()

    # The office approves; the change log shows the correction.
    page.reload()
    page.get_by_role("button", name="Zatwierdź").click()
    expect(page.get_by_text("Sprawozdanie zostało zatwierdzone.")).to_be_visible()
    log = page.locator("section[aria-labelledby=changes-heading]")
    expect(log).to_contain_text("uczestnicy (zapisani)")
    expect(log.get_by_role("row", name=re.compile("uczestnicy"))).to_contain_text("18")
    expect(log.get_by_role("row", name=re.compile("uczestnicy"))).to_contain_text("20")
    assert_accessible(page)
    shot(page, "activities-report-approved")
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    assert set(ActivityChange.objects.values_list("field", flat=True)) == {
        "uczestnicy (zapisani)",
        "w tym kobiety",
        "zawody (kody KZiS)",
        "instytucje partnerskie (nazwy rozdzielone średnikami)",
    }

    # The approved figures reach the KKZ page, the indicators and the annual report.
    page.goto("/dzialania/kkz/?year=2025")
    expect(page.locator("#kkz")).to_contain_text("Białystok")
    # the corrected course now names its occupation: a row of its own (20 of the 38)
    expect(page.locator("#kkz tbody tr").filter(has_text="723103")).to_contain_text("20")
    assert_accessible(page)
    page.goto("/dzialania/wskazniki/?year=2025&unit=2061")
    expect(page.locator("#figures")).to_contain_text("38")
    expect(page.get_by_role("link", name="Kurs spawania")).to_be_visible()
    assert_accessible(page)
    page.goto("/dzialania/raporty/")
    assert_accessible(page)
    page.get_by_label("Rok").fill("2025")
    page.get_by_role("button", name="Rozpocznij raport").click()
    page.get_by_role("link", name="Napisz tekst").click()
    page.get_by_label("Podsumowanie").fill("Pierwszy rok sprawozdań partnerów.")
    assert_accessible(page)
    page.get_by_role("button", name="Zapisz").click()
    page.get_by_role("button", name="Opublikuj (zamroź dane liczbowe)").click()
    expect(page.get_by_text("stan na")).to_be_visible()
    # The bars by priority are drawn on the page (the map needs the population, not loaded here).
    chart = page.locator('[data-vega-spec="annual-chart-priorities"] :is(svg, canvas)')
    expect(chart.first).to_be_visible()
    assert_accessible(page)
    shot(page, "activities-annual-report")
    with page.expect_download() as docx_download:
        page.get_by_role("link", name="Pobierz DOCX").click()
    document = docx.Document(str(docx_download.value.path()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "uczestnicy: 38" in text and "Pierwszy rok sprawozdań partnerów." in text
    assert len(document.inline_shapes) == 1  # the bars, drawn into the document
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Pobierz PDF").click()
    pdf = "\n".join(p.extract_text() for p in PdfReader(pdf_download.value.path()).pages)
    assert "uczestnicy: 38" in pdf

    # A phone: the partner's pages fit 390 px.
    partner.set_viewport_size({"width": 390, "height": 800})
    corrected = report.activities.get(title="KKZ Mechatronika samochodowa")
    for url in [
        "/dzialania/sprawozdania/",
        f"/dzialania/sprawozdania/{report.pk}/",
        f"/dzialania/rejestr/{corrected.pk}/",
        "/dzialania/rejestr/",
        "/dzialania/",
    ]:
        partner.goto(url)
        width = partner.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{url} is {width} px wide"
        assert_accessible(partner)
    shot(partner, "activities-phone")
    partner_context.close()
