"""Approved reports feed the office's indicators by powiat and year, with provenance."""

import datetime

from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from lll.activities.services import indicators, reporting
from lll.core.dates import long_date
from lll.indicators.models import Indicator, Observation
from lll.territory.models import Unit
from lll.testing import logged_in

from .conftest import World, add_activity

# GUS BDL, ludność w wieku produkcyjnym 31 XII 2023, Białystok
# (../shared/data/bdl_powiat_population_*.csv): the denominator of the rate per 1,000.
BIALYSTOK_2023 = 170_961


def value(code: str, unit: str, period: str) -> float | None:
    found = Observation.objects.filter(indicator__code=code, unit__code=unit, period=period).first()
    return found.value if found else None


def test_approval_writes_and_withdrawal_lowers_the_indicators(
    world: World, monitoring: None
) -> None:
    Observation.objects.create(
        indicator=Indicator.objects.get(code="population-working-age"),
        unit=Unit.objects.get(code="2061"),
        period="2023",
        value=BIALYSTOK_2023,
    )
    cycle = reporting.open_cycle(
        "Rok 2023",
        datetime.date(2023, 1, 1),
        datetime.date(2023, 12, 31),
        datetime.date(2024, 1, 31),
        [world.ckz],
    )
    report = cycle.reports.get()
    dates = {"starts_on": datetime.date(2023, 3, 1), "ends_on": datetime.date(2023, 6, 1)}
    add_activity(report, **dates)  # a KKZ of 18 in Białystok
    add_activity(
        report,
        title="Doradztwo",
        activity_type="guidance",
        units=[Unit.objects.get(code="2061"), Unit.objects.get(code="2001")],
        participants=10,
        women=5,
        men=5,
        completions=10,
        passed_exam=0,
        **dates,
    )
    reporting.submit(report)
    assert value(indicators.PARTICIPANTS, "2061", "2023") is None
    reporting.approve(report)
    assert value(indicators.KKZ_PARTICIPANTS, "2061", "2023") == 18
    assert value(indicators.PARTICIPANTS, "2061", "2023") == 23  # 18 + half of 10
    assert value(indicators.PARTICIPANTS, "2001", "2023") == 5
    assert value(indicators.PARTICIPANTS, "20", "2023") == 28
    per_1000 = value(indicators.PER_1000, "2061", "2023")
    assert per_1000 is not None and round(per_1000, 3) == round(23 / BIALYSTOK_2023 * 1000, 3)
    behind = indicators.contributions(Unit.objects.get(code="2001"), 2023)
    assert [(a.title, share) for a, share in behind] == [("Doradztwo", 5.0)]
    page = (
        logged_in(world.office)
        .get(reverse("activities:figures") + "?year=2023&unit=2001")
        .content.decode()
    )
    assert "Doradztwo" in page and "powiat augustowski" in page
    # Each value cites its batch (the office's register of activities) and each indicator its
    # last update, as the indicator pages do.
    batch = Observation.objects.get(
        indicator__code=indicators.PER_1000, unit__code="2061", period="2023"
    ).batch
    assert batch is not None and batch.finished_at is not None
    assert 'href="#source-1"' in page and "Źródła wartości" in page
    assert escape(batch.source_text) in page
    assert "Rejestr działań, 2023" in page
    name = Indicator.objects.get(code=indicators.PER_1000).name
    with translation.override("pl"):
        assert f"{name}</a>: {long_date(batch.finished_at)}" in page
    reporting.withdraw_approval(report)
    assert value(indicators.PARTICIPANTS, "2061", "2023") == 0
