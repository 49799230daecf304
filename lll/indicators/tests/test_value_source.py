"""Each value names its own source, the batch that brought it: a value from an office's file is
not labelled with the indicator's official source (GUS BDL, zmienna 64428)."""

import csv
import io

import pytest
from django.urls import reverse

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
    assert "wynagrodzenia-urzad.xlsx" in wage[-1]
    assert OFFICIAL not in wage[-1]

    api = client.get("/api/v1/observations", {"indicator": "lm-average-gross-wage"}).json()
    assert [item["source"] for item in api["items"]] == [office_value.source_text]
    streamed = client.get(
        "/api/v1/observations", {"indicator": "lm-average-gross-wage", "format": "csv"}
    )
    api_csv = list(csv.reader(io.StringIO(b"".join(streamed.streaming_content).decode())))
    assert api_csv[1][-1] == office_value.source_text
    indicator = client.get("/api/v1/indicators/lm-average-gross-wage").json()
    assert indicator["last_updated"] is not None


def test_eurostat_values_cite_their_file(client, monitoring):
    api = client.get(
        "/api/v1/observations", {"indicator": "al-participation-4-weeks", "unit": "20"}
    ).json()
    assert {item["source"] for item in api["items"]} == {
        "Eurostat, trng_lfse_04 (age=Y25-64, sex=T, unit=PC), eurostat_trng_lfse_04_PL.csv"
    }
