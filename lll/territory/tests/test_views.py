import io

import openpyxl
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def codes(response) -> list[str]:
    return [u.code for u in response.context["page"].object_list]


def test_list_starts_with_the_voivodeships(client, territory):
    response = client.get(reverse("territory:unit_list"))
    assert len(codes(response)) == 16


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"q": "lomza", "level": ""}, {"2062", "2062011"}),
        ({"q": "Łomża", "level": "powiat"}, {"2062"}),
        ({"q": "2061", "level": ""}, {"2061", "2061011"}),
        ({"q": "BIAŁYSTOK", "level": "gmina"}, {"2061011"}),
    ],
)
def test_search_by_name_without_diacritics_or_by_code(client, territory, query, expected):
    found = set(codes(client.get(reverse("territory:unit_list"), query)))
    assert expected <= found
    if query["q"].isdigit():
        assert all(code.startswith(query["q"]) for code in found)


def test_names_that_begin_with_the_query_come_first(client, territory):
    found = codes(client.get(reverse("territory:unit_list"), {"q": "bia", "level": ""}))
    # Powiat-level names beginning with "bia", alphabetically, come before any gmina.
    assert found[:6] == ["0661", "1401", "3201", "2002", "0601", "2061"]
    assert found.index("2061") < found.index("0415052")  # Białystok before Łubianka


def test_htmx_search_returns_only_the_results(client, territory):
    response = client.get(reverse("territory:unit_list"), {"q": "suwał"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "<html" not in page
    assert "Suwałki" in page


def test_hostile_or_unknown_query_is_harmless(client, territory):
    response = client.get(reverse("territory:unit_list"), {"q": "<script>x</script>' OR 1=1"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "<script>x</script>" not in page
    assert "Żadna jednostka nie pasuje" in page
    response = client.get(reverse("territory:unit_list"), {"level": "planet"})
    assert response.status_code == 200


def test_export_to_xlsx_has_the_searched_units(client, territory):
    response = client.get(
        reverse("territory:unit_list"), {"q": "20", "level": "powiat", "export": "xlsx"}
    )
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Kod TERYT"
    assert len(rows) == 1 + 17
    assert ("2061", "Białystok") in {(r[0], r[1]) for r in rows}


def test_unit_page_shows_codes_parent_children_and_map(client, territory):
    response = client.get(reverse("territory:unit", args=["2002"]))
    page = response.content.decode()
    assert '<h1 class="h2">Powiat białostocki</h1>' in page
    assert "województwo podlaskie" in page
    assert "Choroszcz" in page
    assert "białostocki" in page
    spec = response.context["map_spec"]
    highlighted = [v["code"] for v in spec["datasets"]["values"] if v["group"] == "ta jednostka"]
    assert highlighted == ["2002"]
    assert spec["data"]["url"] == "/teren/20/granice.geojson"


def test_boundaries_are_geojson_of_the_children_cached_by_the_browser(client, territory):
    response = client.get(reverse("territory:boundaries", args=["20"]))
    assert response["Content-Type"].startswith("application/geo+json")
    assert "max-age=86400" in response["Cache-Control"]
    collection = response.json()
    assert len(collection["features"]) == 17
    bialystok = next(f for f in collection["features"] if f["properties"]["code"] == "2061")
    assert bialystok["properties"] == {"code": "2061", "name": "Białystok", "url": "/teren/2061/"}
    assert bialystok["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert len(client.get(reverse("territory:boundaries", args=["PL"])).json()["features"]) == 16


def test_voivodeship_page_has_nuts_code_and_powiat_map(client, territory):
    response = client.get(reverse("territory:unit", args=["20"]))
    assert "PL84" in response.content.decode()
    assert len(response.context["map_spec"]["datasets"]["values"]) == 17


def test_gmina_page_explains_the_map_shows_its_powiat(client, territory):
    page = client.get(reverse("territory:unit", args=["2002013"])).content.decode()
    assert "Granice gmin" in page


def test_unknown_code_is_404_with_a_way_back(client, territory, settings):
    settings.DEBUG = False
    response = client.get(reverse("territory:unit", args=["9999"]))
    assert response.status_code == 404
    assert "Nie znaleziono strony" in response.content.decode()


def test_the_public_does_not_see_who_changed_a_unit(client, territory):
    from django.contrib.auth.models import Group

    from lll.accounts.models import User
    from lll.territory.models import Unit

    analyst = User.objects.create_user("k.analityczka", "k@example.org", "x")
    analyst.groups.add(Group.objects.get(name="analyst"))
    unit = Unit.objects.get(code="2061")
    unit.name = "Białystok (zmiana)"
    unit._history_user = analyst  # type: ignore[attr-defined]
    unit.save()
    url = reverse("territory:unit", args=["2061"])

    public = client.get(url).content.decode()
    assert "Historia zmian" in public and "Zmieniono" in public
    assert "k.analityczka" not in public

    client.force_login(analyst)
    assert "k.analityczka" in client.get(url).content.decode()
