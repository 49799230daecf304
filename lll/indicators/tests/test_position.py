"""The home region among the 16 voivodeships: rank, quintile, level against Poland, trend; on
its own page, on each indicator page and on the home page (real data)."""

import csv
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from lll.indicators.models import Indicator
from lll.indicators.services.position import position_of, quintile
from lll.territory.models import Unit

pytestmark = pytest.mark.django_db


def _voivodeship_rates(year: str) -> dict[str, float]:
    path = Path(settings.LLL_DATA_DIR) / "bdl_voivodeship_unemployment_rate_2004_2022.csv"
    with path.open(encoding="utf-8") as handle:
        return {
            r["teryt_voivodeship"]: float(r["value"])
            for r in csv.DictReader(handle)
            if r["year"] == year
        }


def test_quintiles_of_sixteen():
    assert [quintile(rank, 16) for rank in range(1, 17)] == [
        1, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5,
    ]  # fmt: skip
    assert quintile(1, 1) == 1
    assert quintile(2, 2) == 3


def test_position_of_podlaskie_on_unemployment(real_data):
    rates = _voivodeship_rates("2022")
    region = Unit.objects.get(code="20")
    found = position_of(Indicator.objects.get(code="lm-unemployment-rate"), region)
    assert found is not None
    assert (found.period, found.value, found.country_value) == ("2022", 7.3, 5.2)
    # Lower is better: one more than the voivodeships with a lower rate.
    lower = sum(1 for code, v in rates.items() if code != "00" and v < rates["20"])
    assert (found.rank, found.ranked) == (lower + 1, 16)
    assert found.quintile == quintile(found.rank, 16)
    assert found.versus_country == pytest.approx((7.3 / 5.2 - 1) * 100)
    assert found.above_country_better is False
    assert (found.trend_period, found.trend_value) == ("2017", 8.5)
    assert found.trend_better is True  # 8.5 -> 7.3
    assert "stopa_bezrobocia.csv" in found.source


def test_region_page_lists_every_indicator_with_voivodeship_data(client, real_data):
    response = client.get(reverse("indicators:region"))
    rows = response.context["rows"]
    codes = {row["indicator"].code for row in rows}
    assert {
        "lm-unemployment-rate",
        "lm-average-gross-wage",
        "lm-wage-index",
        "al-participation-4-weeks",
        "al-participation-4-weeks-gus",
        "vet-share-branzowa-graduates",
        "vet-share-technikum-graduates",
        "vet-pupils-per-teacher-branzowa",
    } <= codes
    learning = next(r for r in rows if r["indicator"].code == "al-participation-4-weeks-gus")
    assert (learning["period"], learning["value"], learning["country_value"]) == (
        "2023",
        "11,1",
        "8,7",
    )
    assert learning["versus_text"] == "+27,6\u00a0%"
    chart = response.context["chart"]
    assert len(chart["datasets"]["positions"]) == len(rows) - sum(
        1 for r in rows if r["versus"] is None
    )
    page = response.content.decode()
    assert "wskaźnik 1.F.1" in page  # the values' sources are listed
    export = client.get(reverse("indicators:region"), {"export": "csv"}).content.decode()
    assert "11,1" in export


def test_indicator_page_and_home_show_the_position(client, real_data):
    page = client.get(reverse("indicators:indicator", args=["lm-unemployment-rate"]))
    assert page.context["position"]["period"] == "2022"
    assert "wśród 16 województw" in page.content.decode()
    home = client.get("/")
    figures = {f["indicator"].code: f for f in home.context["figures"]}
    assert figures["lm-unemployment-rate"]["value"] == "7,3"
    assert figures["lm-unemployment-rate"]["change_text"] == "\u22120,5 od 2021"
    assert figures["al-participation-4-weeks-gus"]["period"] == "2023"
    text = home.content.decode()
    assert "Region w skrócie" in text
