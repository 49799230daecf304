import io

import altair as alt
import openpyxl
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from lll.accounts.models import User
from lll.indicators.models import Indicator
from lll.indicators.services.catalogue import load_catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(territory):
    load_catalogue()
    call_command(
        "import", "eurostat", "--file", str(settings.LLL_DATA_DIR / "eurostat_trng_lfse_04_PL.csv")
    )


def test_public_sees_published_indicators_only(client, demo):
    page = client.get(reverse("indicators:indicator_list")).content.decode()
    assert "Udział dorosłych (25-64 lata) w kształceniu i szkoleniu" in page
    assert "Posiedzenia Wojewódzkiego Zespołu Koordynacji" not in page  # internal
    assert client.get(reverse("indicators:indicator", args=["wzk-meetings"])).status_code == 404
    analyst = User.objects.create_user("a", password="x-Pass-1234")
    analyst.groups.add(
        __import__("django.contrib.auth.models").contrib.auth.models.Group.objects.get(
            name="analyst"
        )
    )
    client.force_login(analyst)
    assert client.get(reverse("indicators:indicator", args=["wzk-meetings"])).status_code == 200


def test_indicator_page_has_map_ranking_series_and_targets(client, demo):
    response = client.get(reverse("indicators:indicator", args=["al-participation-4-weeks"]))
    context = response.context
    assert context["period"] == "2019"
    assert [r.unit.name for r in context["ranked"][:2]] == ["mazowieckie", "dolnośląskie"]
    podlaskie = next(r for r in context["ranked"] if r.unit.code == "20")
    assert (podlaskie.rank, podlaskie.observation.value) == (8, 4.3)
    assert len(context["map_spec"]["datasets"]["values"]) == 16
    alt.LayerChart.from_dict(context["map_spec"])
    alt.LayerChart.from_dict(context["series_spec"])
    assert [u.code for u in context["series_units"]] == ["20", "PL"]
    statuses = {p.target.unit.code: p.status for p in context["progress"]}
    assert statuses == {"PL": "off_track", "20": "off_track"}
    page = response.content.decode()
    assert "4,3" in page


def test_ranking_download_matches_the_page(client, demo):
    response = client.get(
        reverse("indicators:indicator", args=["al-participation-4-weeks"]),
        {"period": "2010", "export": "xlsx"},
    )
    rows = list(
        openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    assert rows[0][0] == "Miejsce"
    podlaskie = next(r for r in rows if r[1] == "20")
    assert podlaskie[3:5] == ("2010", 5.1)


def test_indicator_without_data_says_so(client, demo):
    page = client.get(reverse("indicators:indicator", args=["lm-unemployment-rate"])).content
    assert "Nie ma jeszcze danych dla tego wskaźnika." in page.decode()


def test_search_and_theme_filter(client, demo):
    response = client.get(reverse("indicators:indicator_list"), {"theme": "adult_learning"})
    codes = {i.code for i in response.context["indicators"]}
    assert "al-participation-4-weeks" in codes and "lm-unemployed" not in codes
    response = client.get(reverse("indicators:indicator_list"), {"q": "bezrobocia"})
    assert [i.code for i in response.context["indicators"]] == ["lm-unemployment-rate"]
    assert Indicator.objects.count() >= 25


def test_unit_profile_compares_with_region_and_poland(client, demo):
    response = client.get(reverse("indicators:unit_profile", args=["20"]))
    rows = {r.indicator.code: r for r in response.context["rows"]}
    row = rows["al-participation-4-weeks"]
    assert (row.period, row.value, row.previous) == ("2019", 4.3, 5.3)
    assert (row.change, row.better) == ("down", False)
    assert (row.rank, row.rank_of) == (8, 16)
    assert row.parent_value == 4.8  # the parent of a voivodeship is Poland
    page = response.content.decode()
    assert "8 z 16" in page and "gorzej" in page
    assert client.get(reverse("indicators:unit_profile", args=["2061"])).status_code == 200


def test_theme_page_shows_region_and_poland(client, demo):
    response = client.get(reverse("indicators:theme", args=["adult_learning"]))
    rows = {
        indicator.code: (here, country) for indicator, here, country in response.context["rows"]
    }
    assert rows["al-participation-4-weeks"] == (("2019", 4.3), ("2019", 4.8))
    assert client.get(reverse("indicators:theme", args=["astrology"])).status_code == 404


def test_region_comparison_ranks_the_voivodeships(client, demo):
    response = client.get(reverse("indicators:compare"), {"indicator": "al-participation-4-weeks"})
    [comparison] = response.context["comparisons"]
    assert comparison.period == "2019"
    assert [r.unit.code for r in comparison.rows][:2] == ["14", "02"]
    assert "table-primary" in response.content.decode()  # the home region stands out
