"""The issue's "Done when" walk in the browser with the demo region, screenshots included."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import xlsx_bytes
from lll.accounts.models import User
from lll.coordination.models import Meeting
from lll.vet.models import BarometerEntry, Opinion, OpinionRequest, Outcome

from .conftest import assert_accessible, log_in, shot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_region(settings, tmp_path: Path, vet_demo: None) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_public_reads_what_the_opinions_are_and_the_published_study(page: Page, demo_region):
    page.goto("/")
    page.get_by_role("link", name="Kształcenie zawodowe", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kierunki kształcenia zawodowego")
    expect(page.get_by_role("heading", name="Czym są opinie Rady")).to_be_visible()
    expect(page.get_by_role("link", name="Rejestr wniosków")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="Kierunki pozytywnie zaopiniowane w 2023 r.").click()
    expect(page.locator("#launch-rate")).to_have_text("60,0\u00a0%")
    expect(page.locator(".vega-map svg").first).to_be_visible()
    assert_accessible(page)
    shot(page, "vet-public-report")


def test_secretary_registers_a_request_records_the_opinion_imports_outcomes_and_reads_the_report(
    page: Page, demo_region, tmp_path: Path
):
    secretary = User.objects.create_user("sekretarz", password="Haslo-sekretarza-1")
    secretary.groups.add(Group.objects.get(name="wrrp_secretary"))
    log_in(page, "sekretarz", "Haslo-sekretarza-1")
    planned = Meeting.objects.get(body__short_name="WRRP", number=5)

    # The request.
    page.goto("/ksztalcenie-zawodowe/")
    expect(page.get_by_role("link", name="2 wnioski oczekują na opinię")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Zarejestruj wniosek").first.click()
    page.get_by_label("Szkoła").select_option(label="Technikum w Sokółce (Sokółka)")
    page.get_by_label("Zawód").select_option(label="Technik hotelarstwa (422402)")
    page.get_by_label("Forma kształcenia").select_option(label="technikum")
    page.get_by_label("Planowane uruchomienie").fill("2027/2028")
    page.get_by_label("Posiedzenie Rady").select_option(value=str(planned.pk))
    page.get_by_label("Współpracujący pracodawcy").fill("Hotel Demo w Sokółce (dane demo)")
    assert_accessible(page)
    page.get_by_role("button", name="Zapisz").click()
    expect(page.get_by_role("status").filter(has_text="Zapisano wniosek.")).to_be_visible()

    # The evidence sheet for Sokółka's powiat and technik hotelarstwa.
    expect(page.get_by_role("heading", name="Karta informacyjna")).to_be_visible()
    barometer = page.get_by_role("table", name="Barometr zawodów")
    expect(barometer.get_by_role("columnheader", name="powiat sokólski")).to_be_visible()
    expect(barometer.get_by_role("row").nth(1)).to_contain_text("Recepcjoniści i pracownicy hoteli")
    expect(barometer.get_by_role("row").nth(1)).to_contain_text("nadwyżka")
    expect(page.get_by_text("Zawodu nie ma w prognozie na 2026 r.")).to_be_visible()
    others = page.get_by_role("table", name="Inne szkoły w województwie kształcące w zawodzie")
    expect(others).to_contain_text("Technikum w Augustowie")
    assert_accessible(page)
    shot(page, "vet-evidence-sheet")
    with page.expect_download() as download:
        page.get_by_role("link", name="Karta informacyjna (DOCX)").click()
    assert download.value.suggested_filename.endswith(".docx")

    # The opinion, pre-filled from the sheet.
    page.get_by_role("link", name="Wpisz opinię").click()
    text = page.get_by_label("Treść opinii")
    # Surplus in the powiat and the voivodeship: the draft is a negative opinion.
    expect(text).to_have_value(re.compile("wydaje negatywną opinię"))
    expect(text).to_have_value(re.compile("Recepcjoniści i pracownicy hoteli"))
    expect(page.locator("#id_opinion")).to_have_value("negative")
    assert_accessible(page)
    # The council decides otherwise: the negative draft cannot stand as a positive opinion.
    page.locator("#id_opinion").select_option("positive")
    page.get_by_label("Numer uchwały").fill("5/41/2026")
    page.get_by_role("button", name="Zapisz").click()
    expect(page.get_by_text("Ta treść to projekt dla wyniku „negatywna”")).to_be_visible()
    page.get_by_label("Treść opinii").fill(
        "Rada opiniuje pozytywnie: pracodawca zapewnia praktyki i zatrudnienie absolwentów."
    )
    page.get_by_label("Numer uchwały").fill("")
    page.get_by_role("button", name="Zapisz").click()
    expect(page.get_by_text("Podaj numer uchwały.")).to_be_visible()
    page.get_by_label("Numer uchwały").fill("5/41/2026")
    page.get_by_role("button", name="Zapisz").click()
    expect(page.get_by_role("status").filter(has_text="Zapisano opinię.")).to_be_visible()
    expect(page.locator("dl").nth(1)).to_contain_text("5/41/2026")
    request = OpinionRequest.objects.get(occupation__code="422402", start_year="2027/28")
    assert request.opinion == Opinion.POSITIVE and request.valid_until is not None
    # The meeting is still ahead: the opinion is dated today, never ahead of its day.
    assert request.decided_on == timezone.localdate()
    assert request.valid_until.year == timezone.localdate().year + 5
    shot(page, "vet-opinion")

    # Outcomes: a file with bad rows first, nothing written; then the corrected file.
    before = Outcome.objects.count()
    header = ["Numer RSPO", "Kod zawodu", "Rok szkolny", "Uruchomiono", "Nabór", "Przyczyna"]
    rows = [
        [900114, "343404", "2023/24", "tak", 15, ""],
        [900115, "343203", "2023/24", "nie", "", "za mało kandydatów"],
        [900116, "314207", "2023/24", "tak", 14, ""],
    ]
    bad = tmp_path / "losy-2023.xlsx"
    bad.write_bytes(
        xlsx_bytes(
            [
                header,
                rows[0],
                [900115, "343203", "2023/24", "nie", 9, ""],
                rows[2],
                [900199, "343404", "2023/24", "tak", 10, ""],
            ]
        )
    )
    page.get_by_role("link", name="Importy").click()
    page.get_by_role("link", name="Importuj plik").click()
    page.get_by_label("Dane").select_option(label="losy kierunków (wyciąg z SIO lub ankieta)")
    page.get_by_label("Plik (CSV, XLSX lub JSON)").set_input_files(str(bad))
    assert_accessible(page)
    page.get_by_role("button", name="Dalej: kolumny").click()
    expect(page.get_by_role("heading", name="Kolumny pliku")).to_be_visible()
    expect(page.get_by_label("numer RSPO szkoły")).to_have_value("0")
    assert_accessible(page)
    page.get_by_role("button", name="Dalej: podgląd").click()
    problems = page.get_by_role("table", name="Problemy")
    expect(problems.get_by_role("row")).to_have_count(3)
    expect(problems.get_by_role("row").nth(1)).to_contain_text("3")
    expect(problems.get_by_role("row").nth(1)).to_contain_text("Nabór")
    expect(problems).to_contain_text("nieuruchomiony kierunek nie ma naboru.")
    expect(problems).to_contain_text("brak pozytywnej opinii dla szkoły o numerze RSPO 900199")
    expect(page.get_by_role("button", name=re.compile("^Importuj"))).to_have_count(0)
    assert_accessible(page)
    shot(page, "vet-import-problems")
    assert Outcome.objects.count() == before

    good = tmp_path / "losy-2023-poprawione.xlsx"
    good.write_bytes(xlsx_bytes([header, *rows]))
    page.get_by_role("link", name="Wgraj poprawiony plik").click()
    expect(page.get_by_label("Dane")).to_have_value("outcomes")
    page.get_by_label("Plik (CSV, XLSX lub JSON)").set_input_files(str(good))
    page.get_by_role("button", name="Dalej: kolumny").click()
    page.get_by_role("button", name="Dalej: podgląd").click()
    expect(page.locator("#effect")).to_contain_text("Import doda rekordy: 3")
    assert Outcome.objects.count() == before
    page.get_by_role("button", name="Importuj 3 wiersze").click()
    expect(page.get_by_role("status").filter(has_text="Zaimportowano")).to_contain_text("dodano 3")
    assert Outcome.objects.count() == before + 3
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Import #\d+$"))
    assert_accessible(page)
    shot(page, "vet-import-done")

    # The fate report of 2023 with its breakdowns and map.
    page.goto("/ksztalcenie-zawodowe/")
    page.get_by_role("link", name="Kierunki pozytywnie zaopiniowane w 2023 r.").click()
    expect(page.locator("#launch-rate")).to_have_text("60,9\u00a0%")  # 14 of 23
    by_powiat = page.get_by_role("table", name="Odsetek uruchomionych według powiatów")
    expect(by_powiat.get_by_role("row", name=re.compile("Białystok"))).to_contain_text("100,0")
    expect(page.locator(".vega-map svg").first).to_be_visible()
    for heading in ("typ szkoły", "branża", "kategoria barometru w powiecie", "prognoza ministra"):
        expect(
            page.get_by_role("heading", name=f"Odsetek uruchomionych: {heading}")
        ).to_be_visible()
    expect(page.get_by_role("table", name="Przyczyny nieuruchomienia")).to_contain_text(
        "za mało kandydatów"
    )
    assert_accessible(page)
    shot(page, "vet-report")
    # At 1280 px every table of the report fits its column: no column is cut off.
    page.set_viewport_size({"width": 1280, "height": 900})
    overflowing = page.evaluate(
        "() => [...document.querySelectorAll('main .table-responsive')]"
        ".filter(d => d.scrollWidth > d.clientWidth + 1).length"
    )
    assert overflowing == 0
    with page.expect_download() as download:
        page.get_by_role("link", name="DOCX").click()
    assert download.value.suggested_filename == "losy-kierunkow-2023.docx"

    # The deadlines.
    page.get_by_role("link", name="Terminy").click()
    expect(page.get_by_role("heading", name="Po terminie")).to_be_visible()
    expect(page.get_by_role("table", name="Opinie wygasające w ciągu roku")).to_contain_text(
        "Technik budownictwa"
    )
    assert_accessible(page)
    shot(page, "vet-deadlines")


def test_analyst_imports_barometr_in_its_own_column_layout(
    page: Page, demo_region, tmp_path, settings
):
    analyst = User.objects.create_user("analityk", password="Haslo-analityka-1")
    analyst.groups.add(Group.objects.get(name="analyst"))
    log_in(page, "analityk", "Haslo-analityka-1")
    rows = [
        "Ocena;Grupa zawodowa;Obszar;KZiS",
        "deficyt;Kucharze;sokólski;512001, 343404",
        "brak danych;Kucharze;Białystok;",
        "równowaga;Spawacze;20;722204",
    ]
    first = tmp_path / "barometr-2027.csv"
    first.write_text("\n".join(rows) + "\n", encoding="utf-8")
    before = BarometerEntry.objects.count()

    page.goto("/ksztalcenie-zawodowe/import/nowy/?kind=barometer")
    page.get_by_label("Plik (CSV, XLSX lub JSON)").set_input_files(str(first))
    page.get_by_role("button", name="Dalej: kolumny").click()
    # The guess found the group and the unit; the rest is chosen here.
    expect(page.get_by_label("grupa zawodów")).to_have_value("1")
    expect(page.get_by_label("powiat lub województwo")).to_have_value("2")
    page.get_by_label("kategoria").select_option(label="A: Ocena")
    page.get_by_label("6-cyfrowe kody zawodów grupy").select_option(label="D: KZiS")
    page.get_by_role("button", name="Dalej: podgląd").click()
    expect(
        page.get_by_text("Wybierz kolumnę z rokiem albo podaj rok dla wszystkich wierszy.")
    ).to_be_visible()
    page.get_by_label("Rok dla wszystkich wierszy").fill("2027")
    assert_accessible(page)
    page.get_by_role("button", name="Dalej: podgląd").click()
    problems = page.get_by_role("table", name="Problemy")
    expect(problems.get_by_role("row")).to_have_count(2)
    expect(problems).to_contain_text("„brak danych” – nieznana wartość (kategoria); dozwolone:")
    assert BarometerEntry.objects.count() == before

    fixed = tmp_path / "barometr-2027-poprawiony.csv"
    fixed.write_text("\n".join([rows[0], rows[1], rows[3]]) + "\n", encoding="utf-8")
    page.get_by_role("link", name="Wgraj poprawiony plik").click()
    page.get_by_label("Plik (CSV, XLSX lub JSON)").set_input_files(str(fixed))
    page.get_by_role("button", name="Dalej: kolumny").click()
    # The same header: the layout chosen a moment ago is offered again.
    expect(page.get_by_label("kategoria")).to_have_value("0")
    expect(page.get_by_label("Rok dla wszystkich wierszy")).to_have_value("2027")
    page.get_by_role("button", name="Dalej: podgląd").click()
    expect(page.locator("#effect")).to_contain_text("Import doda rekordy: 2")
    page.get_by_role("button", name="Importuj 2 wiersze").click()
    expect(page.get_by_role("status").filter(has_text="Zaimportowano")).to_be_visible()
    assert BarometerEntry.objects.filter(year=2027).count() == 2
    page.get_by_role("link", name="Wszystkie importy").click()
    # The file with problems was replaced by the corrected one: one import is listed.
    expect(page.get_by_role("table", name="Importy").get_by_role("row")).to_have_count(2)
    page.get_by_role("link", name="Barometr", exact=True).click()
    page.get_by_label("Rok").select_option("2027")
    page.get_by_role("button", name="Filtruj").click()
    table = page.get_by_role("table", name="Barometr zawodów")
    expect(table.get_by_role("row", name=re.compile("Spawacze"))).to_contain_text("równowaga")
    assert_accessible(page)

    # A large file (every file counts as large here) waits for the task worker; it can be
    # cancelled there, and its file goes with it.
    settings.LLL_IMPORT_LIMITS = {"background_mb": 0}
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    page.goto("/ksztalcenie-zawodowe/import/nowy/?kind=barometer")
    page.get_by_label("Plik (CSV, XLSX lub JSON)").set_input_files(str(fixed))
    page.get_by_role("button", name="Dalej: kolumny").click()
    expect(page.get_by_role("status")).to_contain_text("Czekam, aż proces zadań w tle")
    assert_accessible(page)
    shot(page, "vet-import-background-waiting")
    page.get_by_role("button", name="Anuluj import").click()
    expect(page.get_by_text("Import anulowano")).to_be_visible()


def test_the_offices_other_pages_work_by_keyboard_and_pass_axe(page: Page, demo_region):
    secretary = User.objects.create_user("sekretarz", password="Haslo-sekretarza-1")
    secretary.groups.add(Group.objects.get(name="wrrp_secretary"))
    log_in(page, "sekretarz", "Haslo-sekretarza-1")
    page.goto("/ksztalcenie-zawodowe/wnioski/")
    page.get_by_label("Szkoła, miejscowość, zawód, kod lub uchwała").fill("hotelarstwa Augustów")
    page.get_by_label("Opinia").select_option(label="pozytywna")
    page.get_by_role("button", name="Pokaż").press("Enter")
    rows = page.get_by_role("table", name="Wnioski").get_by_role("row")
    expect(rows).to_have_count(2)
    assert_accessible(page)
    rows.nth(1).get_by_role("link").click()
    page.get_by_role("link", name="Edytuj 2023/24").click()
    expect(page.get_by_label("Rok szkolny")).to_have_value("2023/24")
    assert_accessible(page)
    page.get_by_label("Uruchomiony").uncheck()
    page.get_by_role("button", name="Zapisz").click()
    expect(page.get_by_text("Nieuruchomiony kierunek nie ma naboru.")).to_be_visible()

    for path, heading in [
        ("/ksztalcenie-zawodowe/zawody/", "Zawody"),
        ("/ksztalcenie-zawodowe/zawody/?school=0&q=311408", "Zawody"),
        ("/ksztalcenie-zawodowe/barometr/?year=2024", "Barometr zawodów"),
        ("/ksztalcenie-zawodowe/prognoza/", "Prognoza ministra"),
        ("/ksztalcenie-zawodowe/prognoza/nowa/", "Nowy wpis prognozy"),
        ("/ksztalcenie-zawodowe/szkoly/", "Szkoły"),
        ("/ksztalcenie-zawodowe/import/", "Importy"),
        ("/ksztalcenie-zawodowe/wnioski/nowy/", "Nowy wniosek o opinię"),
    ]:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page)

    # A forecast entry is edited, then removed after a confirmation.
    page.goto("/ksztalcenie-zawodowe/prognoza/?q=Kucharz&year=2025")
    page.get_by_role("link", name="Kucharz (512001)").click()
    page.get_by_label("Uwagi").fill("Korekta: obwieszczenie z 2025 r.")
    page.get_by_role("button", name="Zapisz").click()
    expect(page.get_by_role("status").filter(has_text="Zapisano wpis prognozy.")).to_be_visible()
    page.goto("/ksztalcenie-zawodowe/prognoza/?q=Kucharz&year=2025")
    page.get_by_role("link", name="Kucharz (512001)").click()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Usuń wpis").click()
    expect(page.get_by_role("status").filter(has_text="Usunięto wpis prognozy")).to_be_visible()
    page.goto("/ksztalcenie-zawodowe/prognoza/?q=Kucharz&year=2025")
    expect(page.get_by_text("Brak pasujących wpisów prognozy.")).to_be_visible()

    # The report in English.
    page.goto("/ksztalcenie-zawodowe/raport/2023/")
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("reviewed positively by the WRRP")
    expect(page.locator("#launch-rate")).to_have_text("60.0\u00a0%")
    assert_accessible(page)


def test_a_council_member_reads_the_requests_before_the_council(page: Page, demo_region):
    from lll.coordination.models import BodyKind, Membership

    seat = (
        Membership.objects.filter(body__kind=BodyKind.WRRP, role="member")
        .select_related("person")
        .first()
    )
    assert seat is not None
    member = User.objects.create_user("rada", password="Haslo-czlonka-rady-1")
    member.groups.add(Group.objects.get(name="member"))
    seat.person.user = member
    seat.person.save()
    log_in(page, "rada", "Haslo-czlonka-rady-1")
    page.goto("/ksztalcenie-zawodowe/")
    expect(
        page.get_by_role("heading", name="Wnioski rozpatrywane przez Radę, w której")
    ).to_be_visible()
    assert_accessible(page)
    shot(page, "vet-council-home")
    page.get_by_role("navigation", name="Kształcenie zawodowe").get_by_role(
        "link", name="Wnioski rozpatrywane przez Radę"
    ).click()
    expect(page.get_by_role("link", name="Zarejestruj wniosek")).to_have_count(0)
    assert_accessible(page)
    shot(page, "vet-council-register")
    page.get_by_label("Opinia").select_option(label="pozytywna")
    page.get_by_role("button", name="Pokaż").press("Enter")
    page.get_by_role("table", name="Wnioski").get_by_role("row").nth(1).get_by_role("link").click()
    expect(page.get_by_role("heading", name="Karta informacyjna")).to_be_visible()
    expect(page.get_by_role("link", name="Zmień opinię")).to_have_count(0)
    expect(page.get_by_role("link", name="Edytuj wniosek")).to_have_count(0)
    expect(page.get_by_role("link", name="Karta informacyjna (DOCX)")).to_be_visible()
    assert_accessible(page)
    shot(page, "vet-council-request")


def test_a_queued_import_shows_its_status_and_updates_itself(page: Page, demo_region):
    from django.core.files.base import ContentFile

    from lll.vet.models import ImportBatch

    secretary = User.objects.create_user("sekretarz", password="Haslo-sekretarza-1")
    secretary.groups.add(Group.objects.get(name="wrrp_secretary"))
    batch = ImportBatch(kind="forecast", created_by=secretary)
    batch.keep_file("prognoza.csv", ContentFile(b"rok,kod,lista\n"))
    batch.status = ImportBatch.Status.QUEUED
    batch.save()
    log_in(page, "sekretarz", "Haslo-sekretarza-1")
    page.goto(f"/ksztalcenie-zawodowe/import/{batch.pk}/")
    expect(page.get_by_role("status")).to_have_text(re.compile("Plik czeka na zapisanie"))
    assert_accessible(page)
    shot(page, "vet-import-queued")
    # The worker takes it and fails it: the page shows it without being reloaded.
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.FAILED, error="Wiersz 2, kolumna „kod”: brak kodu zawodu."
    )
    expect(page.get_by_role("alert")).to_contain_text("Import się nie powiódł", timeout=8000)
    # The way to start again comes with the failure, without a reload.
    expect(page.get_by_role("link", name="Importuj plik")).to_have_attribute(
        "href", "/ksztalcenie-zawodowe/import/nowy/?kind=forecast"
    )
    assert_accessible(page)
    shot(page, "vet-import-failed")
