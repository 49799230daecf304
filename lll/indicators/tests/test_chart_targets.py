"""Targets in charts: a far target does not squash the series, an expired one is not drawn but
listed as past; axes and legends carry the indicator's number format."""

import pytest
from django.urls import reverse

from lll.indicators import charts
from lll.indicators.models import Indicator, Target
from lll.territory.models import Unit

pytestmark = pytest.mark.django_db


def test_a_target_far_above_the_data_is_drawn_at_the_edge(monitoring):
    indicator = Indicator.objects.get(code="al-participation-4-weeks")
    spec = charts.time_series(
        indicator,
        {"podlaskie": [("2018", 5.1, "b"), ("2019", 4.3, "")]},
        "test",
        [("podlaskie", 2030, 60.0)],
    )
    assert spec is not None
    [target] = spec["datasets"]["targets"]
    assert target["shape"] == "above" and target["value"] < 6
    assert "60,0" in target["label"]
    [brk] = [row for row in spec["datasets"]["series"] if row["brk"]]
    assert brk["period"] == "2018" and "przerwa w szeregu" in brk["flags"]


def test_expired_benchmark_is_listed_as_past_and_not_drawn(client, monitoring):
    response = client.get(reverse("indicators:indicator", args=["al-participation-4-weeks"]))
    assert response.context["series_spec"]["datasets"]["targets"] == []
    page = response.content.decode()
    assert "cel miniony" in page and "zagrożony" not in page
    Target.objects.create(
        indicator=Indicator.objects.get(code="al-participation-4-weeks"),
        unit=Unit.objects.get(code="20"),
        year=2100,
        value=60,
        source_document="Test",
    )
    response = client.get(reverse("indicators:indicator", args=["al-participation-4-weeks"]))
    [target] = response.context["series_spec"]["datasets"]["targets"]
    values = [row["value"] for row in response.context["series_spec"]["datasets"]["series"]]
    assert target["shape"] == "above" and target["value"] < max(values) * 1.5


def test_axes_and_legends_use_the_indicator_format(monitoring):
    indicator = Indicator.objects.get(code="al-participation-4-weeks")
    spec = charts.time_series(indicator, {"Polska": [("2019", 4.8, "")]}, "test")
    assert spec is not None
    assert '",.1~f"' in str(spec).replace("'", '"')
