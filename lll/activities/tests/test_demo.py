"""The demo reporting world: at least 40 activities, two cycles, one late, one returned."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from lll.activities.demo import load_demo
from lll.activities.models import Activity, ReportingCycle, ReportStatus
from lll.activities.services import reporting

TODAY = datetime.date(2026, 3, 1)


def test_the_demo_has_two_cycles_a_late_and_a_returned_report(vet_demo: None) -> None:
    counts = load_demo(TODAY)
    assert counts["cycles"] == 2 and counts["activities"] >= 40
    assert Activity.objects.filter(is_demo=False).count() == 0
    last = ReportingCycle.objects.get(name="Rok 2025 (demo)")
    completeness = reporting.completeness(last, TODAY)
    assert completeness["late"] == 1
    returned = last.reports.get(status=ReportStatus.RETURNED)
    assert returned.institution.name == "Powiatowy Urząd Pracy w Suwałkach"
    for activity in Activity.objects.prefetch_related("units"):
        cycle = activity.report.cycle
        from lll.activities.services import rules

        assert rules.check(rules.values_of(activity), cycle) == [], activity.title
    assert load_demo(TODAY) == {"cycles": 0, "reports": 0, "activities": 0}


def test_the_demo_names_what_to_load_first(territory: None) -> None:
    with pytest.raises(CommandError, match="load_demo_coordination"):
        call_command("load_demo_activities")
