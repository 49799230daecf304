"""A small world of the activities' tests: two institutions, a cycle, a reporter for each."""

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from lll.accounts.models import User
from lll.accounts.roles import COORDINATION_OFFICE
from lll.activities.models import Activity, Report, ReportingCycle
from lll.activities.services import reporting
from lll.coordination.models import Institution, InstitutionKind
from lll.territory.models import Unit
from lll.testing import make_user

BIALYSTOK = "2061"  # Białystok, a city with powiat rights (TERYT)
AUGUSTOW = "2001"  # powiat augustowski


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@dataclass
class World:
    office: User
    cycle: ReportingCycle
    ckz: Institution
    pup: Institution
    ckz_report: Report
    pup_report: Report
    ckz_reporter: User
    pup_reporter: User


def values(**changes: Any) -> dict[str, Any]:
    """The values of a good activity inside the 2025 period (a KKZ in Białystok)."""
    base: dict[str, Any] = {
        "title": "KKZ Mechatronika MOT.05",
        "activity_type": "kkz",
        "qualification_code": "MOT.05",
        "provider_type": "ckz",
        "priorities": ["1", "3"],
        "target_groups": ["adults"],
        "whole_region": False,
        "units": [Unit.objects.get(code=BIALYSTOK)],
        "starts_on": datetime.date(2025, 2, 1),
        "ends_on": datetime.date(2025, 6, 30),
        "funding": "kfs",
        "amount": 45000,
        "planned_participants": 20,
        "participants": 18,
        "women": 5,
        "men": 13,
        "hours": 300,
        "completions": 16,
        "passed_exam": 14,
        "certificates": 14,
    }
    base.update(changes)
    return base


def add_activity(report: Report, **changes: Any) -> Activity:
    return reporting.save_activity(Activity(), values(**changes), None, report)


@pytest.fixture
def world(territory: None) -> World:
    office = make_user("biuro", COORDINATION_OFFICE)
    ckz = Institution.objects.create(
        name="Centrum Kształcenia Zawodowego w Białymstoku",
        kind=InstitutionKind.SCHOOL,
        unit=Unit.objects.get(code=BIALYSTOK),
    )
    pup = Institution.objects.create(
        name="Powiatowy Urząd Pracy w Augustowie",
        kind=InstitutionKind.PUP,
        unit=Unit.objects.get(code=AUGUSTOW),
    )
    cycle = reporting.open_cycle(
        "Rok 2025",
        datetime.date(2025, 1, 1),
        datetime.date(2025, 12, 31),
        datetime.date(2026, 1, 31),
        [ckz, pup],
    )
    ckz_reporter = reporting.invite_reporter(ckz, "ckz@example.org", "Anna", "Nowak")
    pup_reporter = reporting.invite_reporter(pup, "pup@example.org", "Jan", "Kowal")
    return World(
        office,
        cycle,
        ckz,
        pup,
        cycle.reports.get(institution=ckz),
        cycle.reports.get(institution=pup),
        ckz_reporter,
        pup_reporter,
    )
