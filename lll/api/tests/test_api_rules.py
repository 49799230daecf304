"""The open-data API under official-statistics rules: paging in CSV, 404 for unknown codes,
the targets' baseline, confidential values withheld, and the schema that documents it all."""

import csv
import io

import pytest

from lll.indicators.models import Indicator, Observation
from lll.territory.models import Unit

pytestmark = pytest.mark.django_db

QUERY = {"indicator": "al-participation-4-weeks", "level": "voivodeship", "period_from": "2015"}


def _csv_rows(response):
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_csv_paging_is_in_its_headers_and_json_has_the_next_link(client, monitoring):
    response = client.get("/api/v1/observations", {**QUERY, "format": "csv", "limit": 30})
    assert len(_csv_rows(response)) == 30
    assert response["X-Total-Count"] == "80"
    link = response["Link"]
    assert link.startswith("<http://testserver/api/v1/observations?") and 'rel="next"' in link
    assert "offset=30" in link and "format=csv" in link
    last = client.get("/api/v1/observations", {**QUERY, "format": "csv", "offset": 60})
    assert last["X-Total-Count"] == "80" and not last.has_header("Link")

    data = client.get("/api/v1/observations", {**QUERY, "limit": 50}).json()
    assert data["count"] == 80 and "offset=50" in data["next"]
    assert client.get(data["next"]).json()["next"] is None
    # The other lists say it the same way.
    units = client.get("/api/v1/units", {"parent": "20", "limit": 10}).json()
    assert units["count"] == 17 and "offset=10" in units["next"] and "parent=20" in units["next"]
    assert client.get(units["next"]).json()["next"] is None


@pytest.mark.parametrize(
    ("url", "params", "reason"),
    [
        ("/api/v1/observations", {"indicator": "no-such-thing"}, "Nie ma wskaźnika"),
        ("/api/v1/observations", {"indicator": "wzk-meetings"}, "Nie ma wskaźnika"),  # internal
        ("/api/v1/observations", {"unit": "99"}, "Nie ma jednostki"),
        ("/api/v1/observations", {"parent": "99"}, "Nie ma jednostki"),
        ("/api/v1/targets", {"indicator": "no-such-thing"}, "Nie ma wskaźnika"),
        ("/api/v1/units", {"parent": "99"}, "Nie ma jednostki"),
    ],
)
def test_unknown_codes_answer_404_with_the_reason(client, monitoring, url, params, reason):
    response = client.get(url, params)
    assert response.status_code == 404
    assert reason in response.json()["detail"]
    assert next(iter(params.values())) in response.json()["detail"]


def test_target_baseline_is_the_one_the_page_shows(client, monitoring):
    items = client.get("/api/v1/targets", {"indicator": "al-participation-4-weeks"}).json()
    poland = next(t for t in items["items"] if t["unit"] == "PL")
    # The catalogue gives the baseline year (2009) only; the page reads its value, 4.7.
    assert (poland["baseline_year"], poland["baseline_value"]) == (2009, 4.7)


def test_a_confidential_value_is_withheld_in_json_and_csv(client, monitoring):
    observation = Observation.objects.get(
        indicator__code="al-participation-4-weeks", unit__code="20", period="2019"
    )
    observation.confidential = True
    observation.save()
    params = {"indicator": "al-participation-4-weeks", "unit": "20", "period_from": "2019"}
    [item] = client.get("/api/v1/observations", params).json()["items"]
    assert (item["value"], item["confidential"]) == (None, True)
    [row] = _csv_rows(client.get("/api/v1/observations", {**params, "format": "csv"}))
    assert (row["value"], row["confidential"]) == ("", "True")
    assert "4.3" not in str(row)


def test_schema_documents_404_422_csv_and_paging_headers(client, monitoring):
    schema = client.get("/api/v1/openapi.json").json()
    observations = schema["paths"]["/api/v1/observations"]["get"]["responses"]
    assert set(observations) >= {"200", "404", "422"}
    assert "text/csv" in observations["200"]["content"]
    assert set(observations["200"]["headers"]) == {"X-Total-Count", "Link"}
    page = schema["components"]["schemas"]["ObservationPage"]["properties"]
    assert "next" in page and "count" in page
    for path in ("/api/v1/units", "/api/v1/targets", "/api/v1/indicators/{code}"):
        assert "404" in schema["paths"][path]["get"]["responses"], path
    assert Indicator.objects.exists() and Unit.objects.exists()
