"""The validation rules of an activity and the outlier warnings."""

import datetime

from lll.activities.models import ReportStatus
from lll.activities.services import reporting, rules

from .conftest import World, add_activity, values


def fields(found: list[tuple[str, str]]) -> list[str]:
    return [field for field, _message in found]


def test_good_values_break_no_rule(world: World) -> None:
    assert rules.check(values(), world.cycle) == []


def test_completions_never_above_participants(world: World) -> None:
    found = rules.check(values(completions=19), world.cycle)
    assert "completions" in fields(found)
    assert "19" in dict(found)["completions"] and "18" in dict(found)["completions"]


def test_participants_by_sex_add_up_to_the_total(world: World) -> None:
    found = rules.check(values(women=6), world.cycle)
    assert fields(found) == ["women"]
    assert "Kobiety (6) i mężczyźni (13)" in found[0][1]


def test_age_bands_add_up_when_given(world: World) -> None:
    assert rules.check(values(age_25_49=10, age_50_64=8), world.cycle) == []
    assert fields(rules.check(values(age_25_49=10), world.cycle)) == ["age_under_25"]


def test_amount_not_negative(world: World) -> None:
    assert fields(rules.check(values(amount=-1), world.cycle)) == ["amount"]


def test_dates_inside_the_period(world: World) -> None:
    found = rules.check(values(ends_on=datetime.date(2026, 1, 15)), world.cycle)
    assert fields(found) == ["starts_on"]
    assert "1 stycznia 2025 r." in found[0][1]
    assert fields(rules.check(values(ends_on=datetime.date(2025, 1, 15)), world.cycle)) == [
        "ends_on"
    ]


def test_kkz_needs_its_qualification_code_and_a_territory(world: World) -> None:
    found = fields(rules.check(values(qualification_code="", units=[]), world.cycle))
    assert found == ["qualification_code", "units"]
    assert rules.check(values(units=[], whole_region=True), world.cycle) == []


def test_outliers_against_the_previous_cycle(world: World) -> None:
    add_activity(world.ckz_report)
    later = reporting.open_cycle(
        "Rok 2026",
        datetime.date(2026, 1, 1),
        datetime.date(2026, 12, 31),
        datetime.date(2027, 1, 31),
        [world.ckz],
    )
    report = later.reports.get()
    add_activity(
        report,
        starts_on=datetime.date(2026, 2, 1),
        ends_on=datetime.date(2026, 6, 1),
        participants=180,
        women=90,
        men=90,
        amount=50000,
    )
    warnings = rules.outliers(report)
    assert [w.label for w in warnings] == ["Uczestnicy"]
    assert "180" in str(warnings[0]) and "Rok 2025" in str(warnings[0])
    assert report.status == ReportStatus.DRAFT
