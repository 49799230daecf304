"""Each value names its own source, the batch that brought it: a value from an office's file is
not labelled with the indicator's official source (GUS BDL, zmienna 64428)."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation

from lll.core.dates import long_date
from lll.indicators.models import ImportBatch, Indicator, Observation, Source
from lll.territory.models import Unit

pytestmark = pytest.mark.django_db

OFFICIAL = "zmienna 64428"


@pytest.fixture
def office_value(monitoring):
    """A wage of Białystok uploaded from the office's own file."""
    wage = Indicator.objects.get(code="lm-average-gross-wage")
    batch = ImportBatch.objects.create(
        source=Source.OFFICE,
        indicator=wage,
        original_file_name="wynagrodzenia-urzad.xlsx",
        status=ImportBatch.Status.DONE,
    )
    batch.record_done(1, 1, 0, 0, [])
    Observation.objects.create(
        indicator=wage, unit=Unit.objects.get(code="2061"), period="2023", value=7100, batch=batch
    )
    return batch


def _csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_ranking_page_and_its_download_name_the_values_own_source(client, office_value):
    url = reverse("indicators:indicator", args=["lm-average-gross-wage"])
    rows = _csv(client.get(url, {"export": "csv"}).content)
    source = rows[0].index("Źródło")
    bialystok = next(r for r in rows if r[1] == "2061")
    assert "wynagrodzenia-urzad.xlsx" in bialystok[source]
    assert OFFICIAL not in bialystok[source]
    assert bialystok[source + 1] == office_value.finished_at.date().isoformat()  # last updated

    page = client.get(url)
    assert page.context["sources"] == [office_value.source_text]
    assert page.context["last_updated"] == office_value.finished_at
    assert "dane własne urzędu, plik wynagrodzenia-urzad.xlsx" in page.content.decode()


def test_profile_and_api_name_the_values_own_source(client, office_value):
    rows = _csv(
        client.get(reverse("indicators:unit_profile", args=["2061"]), {"export": "csv"}).content
    )
    wage = next(r for r in rows if r[0] == "Przeciętne miesięczne wynagrodzenie brutto")
    assert "wynagrodzenia-urzad.xlsx" in wage[-2]
    assert OFFICIAL not in wage[-2]

    api = client.get("/api/v1/observations", {"indicator": "lm-average-gross-wage"}).json()
    assert [item["source"] for item in api["items"]] == [office_value.source_text]
    streamed = client.get(
        "/api/v1/observations", {"indicator": "lm-average-gross-wage", "format": "csv"}
    )
    api_csv = list(csv.reader(io.StringIO(b"".join(streamed.streaming_content).decode())))
    assert api_csv[0][-2:] == ["source", "indicator_last_updated"]
    assert api_csv[1][-2] == office_value.source_text
    assert api_csv[1][-1] == office_value.finished_at.isoformat(timespec="seconds")
    indicator = client.get("/api/v1/indicators/lm-average-gross-wage").json()
    assert indicator["last_updated"] is not None


def test_eurostat_values_cite_their_file(client, monitoring):
    api = client.get(
        "/api/v1/observations", {"indicator": "al-participation-4-weeks", "unit": "20"}
    ).json()
    assert {item["source"] for item in api["items"]} == {
        "Eurostat, trng_lfse_04 (age=Y25-64, sex=T, unit=PC), eurostat_trng_lfse_04_PL.csv"
    }


def test_the_series_table_and_its_download_cite_each_values_source(client, office_value):
    url = reverse("indicators:indicator", args=["lm-average-gross-wage"])
    rows = _csv(client.get(url, {"unit": "2061", "table": "series", "export": "csv"}).content)
    header = rows[0]
    assert header[-2:] == ["Źródło", "Ostatnia aktualizacja wskaźnika"]
    bialystok_2023 = next(r for r in rows if r[0] == "2061" and r[2] == "2023")
    assert "wynagrodzenia-urzad.xlsx" in bialystok_2023[-2]
    assert OFFICIAL not in bialystok_2023[-2]
    assert bialystok_2023[-1] == office_value.finished_at.date().isoformat()

    page = client.get(url, {"unit": "2061"})
    assert office_value.source_text in page.context["series_sources"]
    number = page.context["series_sources"].index(office_value.source_text) + 1
    cells = dict(page.context["series_table"])["2023"]
    assert (7100, "", number) in cells
    assert f'href="#series-source-{number}"' in page.content.decode()


def test_the_theme_page_names_each_values_source_and_last_update(client, office_value):
    wage = Indicator.objects.get(code="lm-average-gross-wage")
    Observation.objects.create(
        indicator=wage,
        unit=Unit.objects.get(code="20"),
        period="2023",
        value=7000,
        batch=office_value,
    )
    theme = wage.themes[0]
    page = client.get(reverse("indicators:theme", args=[theme]))
    assert office_value.source_text in page.context["sources"]
    [row] = [r for r in page.context["rows"] if r[0].pk == wage.pk]
    assert row[1]["value"] == 7000 and row[3] == office_value.finished_at
    text = page.content.decode()
    assert "Źródła wartości" in text and "wynagrodzenia-urzad.xlsx" in text
    assert "Ostatnia aktualizacja" in text


def test_every_table_download_gives_the_indicators_last_update(client, office_value):
    updated = office_value.finished_at.date().isoformat()
    Observation.objects.create(
        indicator=office_value.indicator,
        unit=Unit.objects.get(code="20"),
        period="2023",
        value=7000,
        batch=office_value,
    )
    downloads = [
        (reverse("indicators:unit_profile", args=["2061"]), {}),
        (reverse("indicators:compare"), {"indicator": "lm-average-gross-wage"}),
        (reverse("indicators:indicator_list"), {}),
    ]
    for url, query in downloads:
        rows = _csv(client.get(url, {**query, "export": "csv"}).content)
        column = next(
            i for i, name in enumerate(rows[0]) if name.startswith("Ostatnia aktualizacja")
        )
        assert updated in [r[column] for r in rows[1:]], url

    api = client.get("/api/v1/observations", {"indicator": "lm-average-gross-wage"}).json()
    assert {item["indicator_last_updated"][:10] for item in api["items"]} == {updated}


def test_the_region_download_gives_the_indicators_last_update(client, monitoring):
    rows = _csv(client.get(reverse("indicators:region"), {"export": "csv"}).content)
    column = rows[0].index("Ostatnia aktualizacja wskaźnika")
    learning = next(r for r in rows if r[0].startswith("Udział dorosłych (25-64 lata)"))
    assert learning[column]  # the date of the Eurostat batch


def test_ranking_profile_and_comparison_write_a_value_alike(client, monitoring):
    """The finding "rankings show 7234,50 and profiles 7 234,50": one format everywhere."""
    wage = Indicator.objects.get(code="lm-average-gross-wage")
    Observation.objects.create(
        indicator=wage, unit=Unit.objects.get(code="20"), period="2023", value=7234.5
    )
    expected = wage.format_value(7234.5)
    assert expected == "7\u00a0234,50"
    pages = [
        (reverse("indicators:indicator", args=[wage.code]), {"scope": "voivodeships"}),
        (reverse("indicators:unit_profile", args=["20"]), {}),
        (reverse("indicators:compare"), {"indicator": wage.code}),
        (reverse("indicators:theme", args=["labour_market"]), {}),
    ]
    for url, query in pages:
        page = client.get(url, query).content.decode()
        assert expected in page, url
        assert "7234,50" not in page and "7,234.50" not in page, url


def test_the_home_figures_name_the_values_source_and_the_last_update(client, office_value):
    """Each headline figure of the home page gives its year, its value's own source (the batch's,
    not the indicator's) and the indicator's last update."""
    wage = office_value.indicator
    for code, value in (("20", 7000), ("14", 8200)):  # Podlaskie and Mazowieckie, 2023
        Observation.objects.create(
            indicator=wage,
            unit=Unit.objects.get(code=code),
            period="2023",
            value=value,
            batch=office_value,
        )
    home = client.get("/")
    [figure] = [f for f in home.context["figures"] if f["indicator"].pk == wage.pk]
    assert figure["period"] == "2023"
    assert figure["last_updated"] == office_value.finished_at
    assert home.context["sources"][figure["note"] - 1] == office_value.source_text
    text = home.content.decode()
    card = text[text.index(wage.name) : text.index("</li>", text.index(wage.name))]
    assert "w 2023" in card
    assert "wynagrodzenia-urzad.xlsx" in card and OFFICIAL not in card
    with translation.override("pl"):
        assert f"Ostatnia aktualizacja: {long_date(office_value.finished_at)}" in card
    assert f'href="#source-{figure["note"]}"' in card
    assert office_value.source_text in text  # the full text in the list under the figures
