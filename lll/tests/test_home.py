import altair as alt
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_shows_the_home_region_with_its_17_powiat_level_units(client, territory):
    response = client.get(reverse("home"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "województwo podlaskie" in page
    assert "17 jednostek na poziomie powiatu" in page
    for name in ["augustowski", "Białystok", "Łomża", "Suwałki", "zambrowski"]:
        assert f">{name}</a>" in page
    spec = response.context["map_spec"]
    assert spec["mark"]["type"] == "geoshape"
    assert len(spec["datasets"]["values"]) == 17
    alt.Chart.from_dict(spec)  # a valid Vega-Lite spec (the app skips validation for speed)


def test_home_region_is_configurable(client, territory, settings):
    settings.LLL_HOME_REGION = "12"
    page = client.get(reverse("home")).content.decode()
    assert "województwo małopolskie" in page
    assert ">Kraków</a>" in page


def test_home_without_territory_says_how_to_load_it(client, no_territory):
    page = client.get(reverse("home")).content.decode()
    assert "lll load_territory" in page


def test_links_on_home_lead_to_pages_that_exist(client, territory):
    import re

    page = client.get(reverse("home")).content.decode()
    for href in set(re.findall(r'href="(/[^"]*)"', page)):
        if href.startswith("/static/"):
            continue
        assert client.get(href).status_code in (200, 302), href
