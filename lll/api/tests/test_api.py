import csv
import io

import pytest
from django.contrib.auth.models import Group

from lll.accounts.models import User
from lll.api.docs import SUMMARIES
from lll.indicators.models import Indicator, Observation
from lll.territory.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(monitoring):
    internal = Indicator.objects.get(code="wzk-meetings")
    Observation.objects.create(
        indicator=internal, unit=Unit.objects.get(code="20"), period="2024", value=2
    )


def test_units_filter_by_parent(client, demo):
    data = client.get("/api/v1/units", {"parent": "20", "limit": 100}).json()
    assert data["count"] == 17
    assert {
        "code": "2061",
        "name": "Białystok",
        "level": "powiat",
        "kind": "city_powiat",
        "parent": "20",
        "nuts_code": "",
        "bdl_id": "",
    } in data["items"]


def test_public_sees_only_published_indicators_and_their_data(client, demo):
    codes = {i["code"] for i in client.get("/api/v1/indicators?limit=100").json()["items"]}
    assert "al-participation-4-weeks" in codes and "wzk-meetings" not in codes
    assert client.get("/api/v1/indicators/wzk-meetings").status_code == 404
    # An internal indicator is unknown to the public: 404, as for its page.
    assert client.get("/api/v1/observations", {"indicator": "wzk-meetings"}).status_code == 404
    analyst = User.objects.create_user("a", password="x-Pass-1234")
    analyst.groups.add(Group.objects.get(name="analyst"))
    client.force_login(analyst)
    assert client.get("/api/v1/observations", {"indicator": "wzk-meetings"}).json()["count"] == 1


def test_observations_filters_paging_and_csv(client, demo):
    query = {
        "indicator": "al-participation-4-weeks",
        "level": "voivodeship",
        "period_from": "2015",
        "period_to": "2019",
        "limit": 50,
    }
    data = client.get("/api/v1/observations", query).json()
    assert data["count"] == 16 * 5
    assert len(data["items"]) == 50
    rest = client.get("/api/v1/observations", {**query, "offset": 50}).json()
    assert len(rest["items"]) == 30
    podlaskie = [i for i in data["items"] + rest["items"] if i["unit"] == "20"]
    assert [(i["period"], i["value"]) for i in podlaskie][-1] == ("2019", 4.3)

    response = client.get("/api/v1/observations", {**query, "format": "csv", "limit": 10000})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 80
    assert all(row.pop("indicator_last_updated") for row in rows)
    assert {
        "indicator": "al-participation-4-weeks",
        "unit": "20",
        "period": "2019",
        "value": "4.3",
        "provisional": "False",
        "estimated": "False",
        "confidential": "False",
        "source_flags": "",
        "source": "Eurostat, trng_lfse_04 (age=Y25-64, sex=T, unit=PC), "
        "eurostat_trng_lfse_04_PL.csv",
    } in rows


def test_openapi_schema_and_swagger_console_are_served_without_a_cdn(client, demo):
    schema = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/units", "/api/v1/observations", "/api/v1/targets"} <= set(schema["paths"])
    console = client.get("/api/v1/swagger").content.decode()
    assert "swagger-ui-bundle.js" in console and "cdn" not in console.lower()


def test_the_documentation_page_explains_every_endpoint_and_parameter(client, demo):
    schema = client.get("/api/v1/openapi.json").json()
    response = client.get("/api/v1/docs")
    page = response.content.decode()
    assert '<html lang="pl"' in page and "Ile wierszy pominąć" in page
    documented = {
        (e["path"], p["name"]) for e in response.context["endpoints"] for p in e["parameters"]
    }
    in_schema = {
        (path, parameter["name"])
        for path, operations in schema["paths"].items()
        for operation in operations.values()
        for parameter in operation.get("parameters", [])
    }
    assert documented == in_schema
    # Every endpoint and parameter has our explanation, so the page stays true to the API.
    for endpoint in response.context["endpoints"]:
        assert endpoint["path"] in SUMMARIES, endpoint["path"]
        assert all(parameter["help"] for parameter in endpoint["parameters"]), endpoint["path"]
        # Its example works.
        assert client.get(endpoint["example"]).status_code == 200, endpoint["example"]


def test_targets(client, demo):
    items = client.get("/api/v1/targets", {"indicator": "al-participation-12-months"}).json()
    assert sorted((t["year"], t["value"]) for t in items["items"]) == [(2025, 47.0), (2030, 60.0)]


@pytest.mark.parametrize("endpoint", ["units", "indicators", "targets"])
def test_paging_out_of_range_is_refused_not_a_server_error(client, demo, endpoint):
    huge = "99999999999999999999"  # past 64 bits: it used to reach the database and answer 500
    for params in ({"offset": huge}, {"limit": huge}, {"offset": -1}, {"limit": 0}):
        response = client.get(f"/api/v1/{endpoint}", params)
        assert response.status_code == 422, params
        assert response.json()["detail"][0]["loc"][-1] in params
    assert client.get(f"/api/v1/{endpoint}", {"offset": 10**6}).json()["items"] == []


def test_observations_offset_out_of_range_is_refused(client, demo):
    huge = "99999999999999999999"
    assert client.get("/api/v1/observations", {"offset": huge}).status_code == 422
    # A huge limit is capped as before; a large but valid offset gives an empty page.
    data = client.get("/api/v1/observations", {"limit": huge, "offset": 10**6}).json()
    assert (data["limit"], data["items"]) == (10_000, [])


@pytest.mark.parametrize(
    "params",
    [{"limit": 0}, {"limit": -1}, {"offset": -1}, {"period_from": "abc"}, {"period_to": "2019-13"}],
)
def test_observations_refuse_bad_paging_and_periods(client, demo, params):
    response = client.get("/api/v1/observations", params)
    assert response.status_code == 422, params
    assert response.json()["detail"][0]["loc"][-1] in params


def test_observations_accept_every_period_shape(client, demo):
    query = {"indicator": "al-participation-4-weeks", "unit": "20"}
    for bound in ("2015", "2015/16", "2015-Q1", "2015-01"):
        data = client.get("/api/v1/observations", {**query, "period_from": bound}).json()
        assert data["items"] and all(i["period"] >= bound for i in data["items"]), bound


def test_the_swagger_console_is_not_in_the_public_navigation(client, demo):
    # Swagger UI fails contrast, lang and nested-interactive checks: the public docs page does
    # not lead there; signed-in staff still find the console.
    assert "/api/v1/swagger" not in client.get("/api/v1/docs").content.decode()
    from lll.testing import make_user

    client.force_login(make_user("analityk", "analyst"))
    assert "/api/v1/swagger" in client.get("/api/v1/docs").content.decode()
