"""A confidential value ("c") is shown and exported nowhere, and counts in no rank or derived
value; a break in series ("b") is marked wherever the value appears."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from lll.indicators.models import Indicator, Observation
from lll.indicators.services.observations import recompute_derived
from lll.territory.models import Unit

pytestmark = pytest.mark.django_db

CODE = "al-participation-4-weeks"


@pytest.fixture
def secret(monitoring):
    """Podlaskie's 2019 value made confidential (77.77, to be sure it shows nowhere), Poland's
    2019 value flagged as a break in series."""
    Observation.objects.filter(indicator__code=CODE, unit__code="20", period="2019").update(
        value=77.77, confidential=True
    )
    Observation.objects.filter(indicator__code=CODE, unit__code="PL", period="2019").update(
        source_flags="b"
    )


def _page(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response, response.content.decode()


def _xlsx(response):
    return list(
        openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    )


def test_indicator_page_hides_the_value_ranks_without_it_and_marks_the_break(client, secret):
    url = reverse("indicators:indicator", args=[CODE])
    response, page = _page(client, url, period="2019", scope="voivodeships")
    assert "77,8" not in page and "77.77" not in page
    assert "dane poufne" in page
    podlaskie = next(r for r in response.context["ranked"] if r.unit.code == "20")
    assert (podlaskie.rank, podlaskie.value) == (None, None)
    ranks = [r.rank for r in response.context["ranked"] if r.rank]
    assert max(ranks) == 15  # 16 voivodeships, one confidential
    # The map has no value for it; the series chart and table leave it out, and mark the break.
    map_rows = {row["code"]: row for row in response.context["map_spec"]["datasets"]["values"]}
    assert map_rows["20"]["value"] is None
    series = response.context["series_spec"]["datasets"]["series"]
    assert not [r for r in series if r["unit"] == "podlaskie" and r["period"] == "2019"]
    poland_2019 = next(r for r in series if r["period"] == "2019")
    assert poland_2019["brk"] and "przerwa w szeregu" in poland_2019["flags"]
    assert 'class="lll-flag lll-flag-b" title="przerwa w szeregu"' in page


def test_exports_carry_the_mark_and_the_flags(client, secret):
    url = reverse("indicators:indicator", args=[CODE])
    rows = _xlsx(client.get(url, {"period": "2019", "export": "xlsx"}))
    podlaskie = next(r for r in rows if r[1] == "20")
    assert podlaskie[4] == "dane poufne" and podlaskie[0] is None
    series = client.get(url, {"unit": "20", "table": "series", "export": "csv"})
    text = series.content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert ["20", "podlaskie", "2019", "dane poufne", "c"] in [line[:5] for line in lines]
    assert [line[4] for line in lines if line[0] == "PL" and line[2] == "2019"] == ["b"]
    assert "77,77" not in text and "77.77" not in text
    compare = client.get(reverse("indicators:compare"), {"indicator": CODE, "export": "xlsx"})
    region = next(r for r in _xlsx(compare) if r[3] == "20")
    assert region[5] == "dane poufne" and region[2] is None


def test_profile_theme_and_comparison_show_the_mark(client, secret):
    response, page = _page(client, reverse("indicators:unit_profile", args=["20"]))
    row = next(r for r in response.context["profile"] if r.indicator.code == CODE)
    assert (row.value, row.rank, row.change) == (None, None, "")
    assert "dane poufne" in page and "77,8" not in page
    profile = _xlsx(client.get(reverse("indicators:unit_profile", args=["20"]), {"export": "xlsx"}))
    assert "dane poufne" in next(r for r in profile if r[1] == "2019")
    _response, page = _page(client, reverse("indicators:theme", args=["adult_learning"]))
    assert "dane poufne" in page and "przerwa w szeregu" in page
    _response, page = _page(client, reverse("indicators:compare"), indicator=CODE)
    assert "dane poufne" in page and "77,8" not in page
    # Poland's profile marks its break.
    _response, page = _page(client, reverse("indicators:unit_profile", args=["PL"]))
    assert "przerwa w szeregu" in page


def test_a_confidential_input_yields_no_derived_value(monitoring):
    women = Indicator.objects.get(code="lm-unemployed-women")
    share = Indicator.objects.get(code="lm-share-women-unemployed")
    everyone = share.denominator
    assert everyone is not None
    unit = Unit.objects.get(code="2061")
    Observation.objects.create(indicator=everyone, unit=unit, period="2022", value=1000)
    Observation.objects.create(
        indicator=women, unit=unit, period="2022", value=480, confidential=True
    )
    recompute_derived([women], None)
    assert not Observation.objects.filter(indicator=share).exists()
