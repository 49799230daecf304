import re

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from playwright.sync_api import Page, expect

from conftest import xlsx_bytes
from lll.accounts.models import User
from lll.indicators.models import ImportBatch, Indicator, Source
from lll.indicators.services import progress
from lll.indicators.services.catalogue import load_catalogue

from .conftest import assert_accessible, log_in, shot

pytestmark = pytest.mark.django_db(transaction=True)


def test_public_indicator_page_with_map_series_and_targets(page: Page, monitoring):
    page.goto("/wskazniki/")
    assert_accessible(page)
    page.get_by_role(
        "link",
        name="Udział dorosłych (25-64 lata) w kształceniu i szkoleniu w ostatnich 4 tygodniach",
        exact=True,
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("ostatnich 4 tygodniach")
    expect(
        page.locator("#indicator-map + script + figcaption, .vega-map svg").first
    ).to_be_visible()
    ranking = page.get_by_role("table", name=re.compile("Ranking, 2019"))
    expect(ranking.get_by_role("row", name=re.compile("podlaskie"))).to_contain_text("4,3")
    expect(page.get_by_role("heading", name="Cele")).to_be_visible()
    assert_accessible(page)
    # Another period by keyboard.
    page.get_by_label("Okres", exact=True).select_option("2010")
    page.get_by_role("button", name="Pokaż").press("Enter")
    expect(page.get_by_role("table", name=re.compile("Ranking, 2010"))).to_be_visible()


def test_analyst_uploads_xlsx_sees_errors_fixes_and_sees_the_data(page: Page, monitoring, tmp_path):
    analyst = User.objects.create_user("analityk", password="Haslo-analityka-1")
    analyst.groups.add(Group.objects.get(name="analyst"))
    log_in(page, "analityk", "Haslo-analityka-1")

    page.goto("/wskazniki/lm-unemployment-rate/")
    expect(page.get_by_text("Nie ma jeszcze danych dla tego wskaźnika.")).to_be_visible()
    page.get_by_role("link", name="Importuj dane tego wskaźnika").click()
    assert_accessible(page)
    broken = tmp_path / "bezrobocie.xlsx"
    broken.write_bytes(
        xlsx_bytes(
            [
                ["Kod TERYT", "Rok", "Stopa bezrobocia"],
                ["2061", 2023, "5,9"],
                ["2062", 2023, "6,1"],
                ["2099", 2023, "7,0"],
                ["2063", 2023, "brak"],
            ]
        )
    )
    page.get_by_label("Plik (CSV lub XLSX)").set_input_files(str(broken))
    page.get_by_role("button", name="Dalej: kolumny").click()
    expect(page.get_by_role("heading", name="Kolumny pliku")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Kolumna z wartością").select_option(label="C: Stopa bezrobocia")
    page.get_by_role("button", name="Dalej: podgląd").click()

    problems = page.get_by_role("table", name="Problemy")
    expect(problems.get_by_role("row")).to_have_count(3)  # header + 2 problems
    expect(problems).to_contain_text("nieznana jednostka terytorialna")
    expect(problems).to_contain_text("„brak” nie jest liczbą")
    assert_accessible(page)

    fixed = tmp_path / "bezrobocie-poprawione.xlsx"
    fixed.write_bytes(
        xlsx_bytes(
            [
                ["Kod TERYT", "Rok", "Stopa bezrobocia"],
                ["2061", 2023, "5,9"],
                ["2062", 2023, "6,1"],
                ["2063", 2023, "7,4"],
                ["20", 2023, "7,2"],
            ]
        )
    )
    page.get_by_label("Poprawiony plik (CSV lub XLSX)").set_input_files(str(fixed))
    page.get_by_role("button", name="Wgraj poprawiony plik").click()
    expect(page.get_by_text("Poprawiony plik zastąpił poprzedni.")).to_be_visible()
    expect(page.get_by_role("table", name="Problemy")).to_have_count(0)
    page.get_by_role("button", name="Importuj 4 wiersze").click()
    expect(page.get_by_role("status").filter(has_text="Gotowe")).to_contain_text("4 wstawiono")

    page.get_by_role("link", name="Stopa bezrobocia rejestrowanego").click()
    ranking = page.get_by_role("table", name=re.compile("Ranking, 2023"))
    expect(ranking.get_by_role("row", name=re.compile("Białystok"))).to_contain_text("5,9")
    expect(page.locator(".vega-map svg").first).to_be_visible()
    assert_accessible(page)


def test_theme_comparison_and_profile_pages_are_accessible(page: Page, monitoring):
    page.goto("/wskazniki/")
    page.get_by_role("link", name="Uczenie się dorosłych").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Uczenie się dorosłych")
    expect(page.get_by_role("heading", name="Źródła wartości")).to_be_visible()
    assert_accessible(page)
    shot(page, "i14-theme-sources")
    page.goto("/wskazniki/al-participation-4-weeks/")
    expect(page.get_by_role("note")).to_contain_text("Cele UE (47% do 2025, 60% do 2030)")
    assert_accessible(page)
    shot(page, "i14-four-weeks-eu-targets-note")
    page.goto("/wskazniki/porownanie/?indicator=al-participation-4-weeks")
    expect(page.locator("tr.table-primary")).to_contain_text("podlaskie")
    assert_accessible(page)
    page.goto("/teren/2005/")
    page.get_by_role("link", name="Wskaźniki dla tej jednostki").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Powiat hajnowski")
    assert_accessible(page)
    page.goto("/wskazniki/profil/20/")
    expect(page.get_by_role("table")).to_contain_text("8 z 16")
    assert_accessible(page)


@pytest.fixture
def progress_cache(settings, tmp_path):
    """The cache the task worker writes a running import's progress to (files, as in production)."""
    settings.CACHES = {
        **settings.CACHES,
        "progress": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "progress"),
        },
    }


def test_the_batch_page_shows_a_running_file_imports_progress(
    page: Page, territory, progress_cache, settings, tmp_path
):
    """The worker's side is played here by writing the progress as `fileimport.commit` does."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    analyst = User.objects.create_user("analityk", password="Haslo-analityka-1")
    analyst.groups.add(Group.objects.get(name="analyst"))
    load_catalogue()
    batch = ImportBatch(
        source=Source.OFFICE,
        indicator=Indicator.objects.get(code="vet-kkz-participants"),
        status=ImportBatch.Status.RUNNING,
        rows_total=1_000_000,
        created_by=analyst,
    )
    batch.keep_file("duzy.csv", ContentFile(b"Kod;Rok;Liczba\n"))
    batch.save()
    log_in(page, "analityk", "Haslo-analityka-1")

    page.goto(f"/wskazniki/importy/{batch.pk}/")
    status = page.get_by_role("status")
    expect(status).to_contain_text("Import czeka, aż uruchomi go proces zadań w tle.")
    progress.report(batch.pk, progress.READING, 250_000, 1_000_000)
    bar = page.get_by_role(
        "progressbar", name="Wiersze odczytane i sprawdzone: 250 000 z 1 000 000."
    )
    expect(bar).to_have_attribute("value", "250000")  # the page polls every 2 s
    expect(status).to_contain_text("Krok 1 z 3: odczytywanie i sprawdzanie wierszy.")
    assert_accessible(page)

    progress.report(batch.pk, progress.WRITING, 1_000_000, 1_000_000)
    expect(status).to_contain_text("Krok 2 z 3: zapisywanie wartości w bazie danych.")
    bar = page.get_by_role("progressbar", name=re.compile(r"Wszystkie wiersze \(1 000 000\)"))
    expect(bar).not_to_have_attribute("value", re.compile(".*"))  # no measure: indeterminate
    assert_accessible(page)

    progress.report(batch.pk, progress.DERIVED, 1_000_000, 1_000_000)
    expect(status).to_contain_text("Krok 3 z 3: przeliczanie wskaźników pochodnych.")

    ImportBatch.objects.filter(pk=batch.pk).update(
        status=ImportBatch.Status.DONE, inserted=999_998, rejected=2, rows_done=1_000_000
    )
    progress.clear(batch.pk)
    expect(status).to_contain_text(
        "Gotowe: 999998 wstawiono, 0 zmieniono, 0 bez zmian, 2 odrzucono."
    )
    expect(page.get_by_role("progressbar")).to_have_count(0)
    assert_accessible(page)
