"""The demo reporting world: fictional activities of real kinds of institutions in Podlaskie.

Two yearly cycles (the two years before the current one) with the demo coordination team's
institutions as reporters: every report of the earlier year approved; in the later one most are
approved or submitted, one report was returned with a comment and one institution is late.
Every record is marked as demo; the people and the figures are invented.
Idempotent: a cycle already loaded is left as it is.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lll.coordination.models import Institution
from lll.core.demo import require
from lll.territory.models import Unit
from lll.territory.services import home_region
from lll.vet.models import Occupation

from .models import Activity, Report, ReportingCycle, ReportStatus, codes
from .services import indicators

# (institution, [(title, type, qualification, provider, occupation codes, priorities, targets,
#   funding, powiat codes or "" for the whole region)])
KKZ = "kkz"
Entry = tuple[str, str, str, str, list[str], list[str], list[str], str, str]
PLAN: dict[str, list[Entry]] = {
    "Centrum Kształcenia Zawodowego w Białymstoku": [
        (
            "KKZ Diagnozowanie i naprawa podzespołów pojazdów (MOT.05)",
            KKZ,
            "MOT.05",
            "ckz",
            ["723103"],
            ["1", "3"],
            ["adults", "unemployed"],
            "kfs",
            "2061",
        ),
        (
            "KKZ Eksploatacja instalacji elektrycznych (ELE.02)",
            KKZ,
            "ELE.02",
            "ckz",
            ["741103"],
            ["1", "3"],
            ["adults"],
            "fep",
            "2061",
        ),
        (
            "KKZ Administracja systemów komputerowych (INF.02)",
            KKZ,
            "INF.02",
            "ckz",
            ["351203"],
            ["1"],
            ["adults", "low_skilled"],
            "fep",
            "2061;2002",
        ),
    ],
    "Centrum Kształcenia Zawodowego i Ustawicznego w Łomży": [
        (
            "KKZ Przygotowanie i wydawanie dań (HGT.02)",
            KKZ,
            "HGT.02",
            "cku",
            ["512001"],
            ["1", "6"],
            ["adults", "unemployed"],
            "fp",
            "2062;2007",
        ),
        (
            "KKZ Prowadzenie rachunkowości (EKA.07)",
            KKZ,
            "EKA.07",
            "cku",
            ["331403"],
            ["1"],
            ["adults"],
            "own",
            "2062",
        ),
        (
            "Kursy kompetencji cyfrowych dla dorosłych",
            "training",
            "",
            "",
            [],
            ["1", "6"],
            ["50plus", "low_skilled"],
            "kpo",
            "2062;2007;2014",
        ),
    ],
    "Powiatowy Urząd Pracy w Białymstoku": [
        (
            "Szkolenia grupowe dla osób bezrobotnych",
            "training",
            "",
            "",
            ["522301", "411004"],
            ["1", "6"],
            ["unemployed"],
            "fp",
            "2061;2002",
        ),
        (
            "Doradztwo zawodowe grupowe",
            "guidance",
            "",
            "",
            [],
            ["2", "6"],
            ["unemployed", "neet"],
            "fp",
            "2061;2002",
        ),
    ],
    "Powiatowy Urząd Pracy w Łomży": [
        (
            "Kształcenie ustawiczne pracowników z KFS",
            "training",
            "",
            "",
            [],
            ["3"],
            ["employers", "adults"],
            "kfs",
            "2062;2007",
        ),
        (
            "Bony szkoleniowe dla osób do 30 roku życia",
            "training",
            "",
            "",
            ["513101"],
            ["6"],
            ["neet"],
            "fp",
            "2062",
        ),
    ],
    "Powiatowy Urząd Pracy w Suwałkach": [
        (
            "Szkolenia z obsługi wózków jezdniowych",
            "training",
            "",
            "",
            [],
            ["1"],
            ["unemployed"],
            "fp",
            "2063;2012",
        ),
        (
            "Giełda pracy i dzień otwarty zawodów",
            "event",
            "",
            "",
            [],
            ["2", "4"],
            ["unemployed", "students"],
            "own",
            "2063",
        ),
    ],
    "Powiatowy Urząd Pracy w Augustowie": [
        (
            "Szkolenia zawodowe w turystyce i gastronomii",
            "training",
            "",
            "",
            ["343404", "513101"],
            ["1", "3"],
            ["unemployed", "50plus"],
            "fep",
            "2001",
        ),
        (
            "Poradnictwo zawodowe dla osób 50+",
            "guidance",
            "",
            "",
            [],
            ["2", "6"],
            ["50plus"],
            "fp",
            "2001",
        ),
    ],
    "Powiatowy Urząd Pracy w Hajnówce": [
        (
            "Szkolenia dla rolników zmieniających zawód",
            "training",
            "",
            "",
            [],
            ["1", "6"],
            ["low_skilled"],
            "fp",
            "2005",
        ),
        ("Kurs spawania metodą MAG", "training", "", "", [], ["1"], ["unemployed"], "fp", "2005"),
    ],
    "Podlaski Ośrodek Doskonalenia Nauczycieli w Białymstoku": [
        (
            "Doskonalenie nauczycieli kształcenia zawodowego",
            "training",
            "",
            "",
            [],
            ["1", "5"],
            ["teachers"],
            "own",
            "",
        ),
        (
            "Sieć współpracy doradców zawodowych",
            "partnership",
            "",
            "",
            [],
            ["2", "5"],
            ["teachers"],
            "own",
            "",
        ),
    ],
    "Białostocka Fundacja Kształcenia Kadr": [
        (
            "Akademia kompetencji cyfrowych 50+",
            "project",
            "",
            "",
            [],
            ["1", "6"],
            ["50plus"],
            "fep",
            "2061;2011;2010",
        ),
        (
            "Diagnoza potrzeb szkoleniowych MŚP",
            "study",
            "",
            "",
            [],
            ["3", "4"],
            ["employers"],
            "fep",
            "",
        ),
    ],
    "Podlaska Izba Rzemiosła i Przedsiębiorczości w Białymstoku": [
        (
            "Egzaminy czeladnicze dla dorosłych",
            "training",
            "",
            "",
            ["712905"],
            ["1", "3"],
            ["adults"],
            "own",
            "2061;2011",
        ),
        (
            "Kampania „Zawód z przyszłością” w szkołach",
            "event",
            "",
            "",
            [],
            ["2", "4"],
            ["students", "employers"],
            "own",
            "",
        ),
    ],
}
LATE = "Powiatowy Urząd Pracy w Hajnówce"
RETURNED = "Powiatowy Urząd Pracy w Suwałkach"
RETURN_COMMENT = (
    "Proszę uzupełnić podział uczestników szkoleń według wieku i sprawdzić kwotę wydatków."
)


def _activity(
    rng: random.Random,
    report: Report,
    entry: Entry,
    year: int,
    units: dict[str, Unit],
    occupations: dict[str, Occupation],
    offset: int,
) -> Activity:
    title, kind, qualification, provider, occ, priorities, targets, funding, where = entry
    participants = rng.randint(12, 30) if kind == KKZ else rng.randint(15, 120)
    if kind in ("study", "partnership"):
        participants = 0 if kind == "study" else rng.randint(10, 40)
    women = rng.randint(0, participants)
    ages = [0, 0, 0, 0]
    for _person in range(participants):
        ages[rng.choices(range(4), weights=[3, 9, 5, 1])[0]] += 1
    completions = max(0, participants - rng.randint(0, max(1, participants // 5)))
    passed = completions - rng.randint(0, max(1, completions // 6)) if kind == KKZ else 0
    start = datetime.date(year, 1 + offset * 3 % 9, 1 + rng.randint(0, 20))
    end = min(start + datetime.timedelta(days=rng.randint(30, 150)), datetime.date(year, 12, 31))
    activity = Activity.objects.create(
        title=title,
        institution=report.institution,
        report=report,
        activity_type=kind,
        qualification_code=qualification,
        provider_type=provider,
        priorities=codes(priorities),
        target_groups=codes(targets),
        whole_region=not where,
        starts_on=start,
        ends_on=end,
        funding=funding,
        amount=Decimal(rng.randint(8, 160) * 1000),
        planned_participants=participants + rng.randint(0, 6),
        participants=participants,
        women=women,
        men=participants - women,
        age_under_25=ages[0],
        age_25_49=ages[1],
        age_50_64=ages[2],
        age_65_plus=ages[3],
        hours=rng.choice([16, 40, 80, 120, 200, 300]),
        completions=max(0, completions),
        passed_exam=max(0, passed),
        certificates=max(0, passed if kind == KKZ else completions // 2),
        is_published=rng.random() > 0.2,
        is_demo=True,
    )
    if where:
        activity.units.set([units[code] for code in where.split(";") if code in units])
    activity.occupations.set([occupations[code] for code in occ if code in occupations])
    return activity


def load_demo(today: datetime.date | None = None) -> dict[str, int]:
    """Load the demo cycles; returns how many cycles, reports and activities were created."""
    today = today or timezone.localdate()
    region = require(home_region(), "load_territory", _("The home region"))
    institutions = {i.name: i for i in Institution.objects.filter(name__in=PLAN)}
    require(len(institutions) == len(PLAN), "load_demo_coordination", _("The demo institutions"))
    require(Occupation.objects.exists(), "load_occupations", _("The occupations (KZiS)"))
    units = {u.code: u for u in Unit.objects.filter(parent=region)}
    occupations = {
        o.code: o
        for o in Occupation.objects.filter(
            code__in={c for e in PLAN.values() for x in e for c in x[4]}
        )
    }
    counts = {"cycles": 0, "reports": 0, "activities": 0}
    rng = random.Random(2030)  # noqa: S311 (fictional figures, not secrets)
    with transaction.atomic():
        for year in (today.year - 2, today.year - 1):
            name = f"Rok {year} (demo)"
            if ReportingCycle.objects.filter(name=name).exists():
                continue
            last = year == today.year - 1
            cycle = ReportingCycle.objects.create(
                name=name,
                starts_on=datetime.date(year, 1, 1),
                ends_on=datetime.date(year, 12, 31),
                deadline=datetime.date(year + 1, 1, 31),
                is_demo=True,
            )
            counts["cycles"] += 1
            for name_, entries in PLAN.items():
                report = Report.objects.create(
                    cycle=cycle, institution=institutions[name_], is_demo=True
                )
                counts["reports"] += 1
                if last and name_ == LATE:
                    continue  # never started: late after the deadline
                for offset, entry in enumerate(entries):
                    _activity(rng, report, entry, year, units, occupations, offset)
                    counts["activities"] += 1
                submitted = timezone.make_aware(
                    datetime.datetime(year + 1, 1, 10 + rng.randint(0, 15))
                )
                report.submitted_at = submitted
                if last and name_ == RETURNED:
                    report.status = ReportStatus.RETURNED
                    report.comment = RETURN_COMMENT
                elif last and rng.random() < 0.3:
                    report.status = ReportStatus.SUBMITTED
                else:
                    report.status = ReportStatus.APPROVED
                report.decided_at = submitted + datetime.timedelta(days=5)
                report.save()
            indicators.publish(year)
    return counts
