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


def test_the_eu_targets_are_named_as_another_measure_on_the_4_week_pages(client, monitoring):
    """The EU 47 %/60 % targets are set on the 12-month measure: the 4-week pages say so and
    never draw them; the 12-month page states them with their documents and that no regional
    data of the measure exist."""
    for code in ("al-participation-4-weeks", "al-participation-4-weeks-gus"):
        response = client.get(reverse("indicators:indicator", args=[code]))
        page = response.content.decode()
        assert (
            "Cele UE (47% do 2025, 60% do 2030) dotyczą innej miary: udziału w kształceniu w "
            "ostatnich 12 miesiącach; brak regionalnych danych tej miary." in page
        )
        assert "rezolucja w sprawie europejskiego obszaru edukacji" in page
        assert "Europejski filar praw socjalnych" in page
        spec = response.context["series_spec"]
        assert not spec or all(t["value"] not in (47, 60) for t in spec["datasets"]["targets"])
        assert not Target.objects.filter(indicator__code=code, value__in=[47, 60]).exists()

    page = client.get(reverse("indicators:indicator", args=["al-participation-12-months"]))
    text = page.content.decode()
    assert "Cele: 47% do 2025, 60% do 2030. Brak regionalnych danych tej miary" in text
    assert "rezolucja w sprawie europejskiego obszaru edukacji" in text
    assert "dotyczą innej miary" not in text


def test_a_target_the_office_enters_shows_on_the_chart_and_in_the_table(admin_client, monitoring):
    """No sourced ZSU 2030 value ships with the system: the office enters it with its
    document, and it is drawn and listed like any other."""
    indicator = Indicator.objects.get(code="al-participation-4-weeks")
    podlaskie = Unit.objects.get(code="20")
    response = admin_client.post(
        reverse("indicators:target_create", args=[indicator.code]),
        {
            "unit": podlaskie.pk,
            "year": 2030,
            "value": "8.5",
            "source_document": "Regionalny dokument wdrożeniowy ZSU 2030 (uchwała zarządu)",
        },
    )
    assert response.status_code == 302, response.content.decode()
    response = admin_client.get(
        reverse("indicators:indicator", args=[indicator.code]), {"unit": "20"}
    )
    [target] = response.context["series_spec"]["datasets"]["targets"]
    assert "8,5" in target["label"]
    page = response.content.decode()
    assert "Regionalny dokument wdrożeniowy ZSU 2030 (uchwała zarządu)" in page
