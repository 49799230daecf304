"""Demo data of the vocational-education register in the demo region (Podlaskie).

Schools in real towns and gminas (TERYT), with fictional RSPO numbers from 900101 up; Barometr
zawodów and forecast entries for the occupations they teach; the WRRP's meetings of 2023-2024 and
one planned; requests and opinions of 2023 and their outcomes (about 40% not launched, more in
small towns, mostly for lack of candidates, as the office's study found); a few later requests.
Every record is marked as demo where the model has the mark. Loading is idempotent: what exists
(by natural key) is left as it is.
"""

import datetime
import zlib
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lll.coordination.models import Body, BodyKind, Meeting
from lll.core.demo import require
from lll.territory.models import Level, Unit
from lll.territory.services import home_region

from .models import (
    BarometerEntry,
    BarometerGroup,
    Category,
    Demand,
    FateReport,
    ForecastEntry,
    Occupation,
    OccupationStat,
    Opinion,
    OpinionRequest,
    Outcome,
    Reason,
    School,
    SchoolType,
    five_years_after,
)
from .services.evidence import evidence_for

WARSAW = ZoneInfo("Europe/Warsaw")

# code: (sector, Barometr group)
OCCUPATIONS = {
    "351203": ("teleinformatyczna (INF)", "Programiści, testerzy i analitycy systemów IT"),
    "532102": ("opieki zdrowotnej (MED)", "Opiekunowie medyczni"),
    "333107": ("spedycyjno-logistyczna (SPL)", "Logistycy i spedytorzy"),
    "311408": ("elektroniczno-mechatroniczna (ELM)", "Elektronicy i automatycy"),
    "311410": ("elektroniczno-mechatroniczna (ELM)", "Elektronicy i automatycy"),
    "512001": ("hotelarsko-gastronomiczno-turystyczna (HGT)", "Kucharze"),
    "343404": ("hotelarsko-gastronomiczno-turystyczna (HGT)", "Kucharze"),
    "723103": ("motoryzacyjna (MOT)", "Mechanicy pojazdów samochodowych"),
    "311513": ("motoryzacyjna (MOT)", "Mechanicy pojazdów samochodowych"),
    "711204": ("budowlana (BUD)", "Murarze i tynkarze"),
    "311204": ("budowlana (BUD)", "Technicy budownictwa"),
    "752205": ("drzewno-meblarska (DRM)", "Stolarze i cieśle"),
    "314207": ("rolno-hodowlana (ROL)", "Rolnicy i hodowcy"),
    "834103": ("rolno-hodowlana (ROL)", "Operatorzy maszyn rolniczych"),
    "331403": ("ekonomiczno-administracyjna (EKA)", "Pracownicy ds. rachunkowości i księgowości"),
    "422402": ("hotelarsko-gastronomiczno-turystyczna (HGT)", "Recepcjoniści i pracownicy hoteli"),
    "514101": ("fryzjersko-kosmetyczna (FRK)", "Fryzjerzy"),
    "741103": ("elektroenergetyczna (ELE)", "Elektrycy, elektromechanicy i elektromonterzy"),
    "311303": ("elektroenergetyczna (ELE)", "Elektrycy, elektromechanicy i elektromonterzy"),
    "722204": ("mechaniczna (MEC)", "Ślusarze"),
    "325402": ("opieki zdrowotnej (MED)", "Fizjoterapeuci i masażyści"),
    "343203": ("ogrodnicza (OGR)", "Ogrodnicy i floryści"),
}

# The Barometr category of each group in the voivodeship; a powiat may differ by one step.
GROUP_LEVEL = {
    "Programiści, testerzy i analitycy systemów IT": 2,
    "Opiekunowie medyczni": 1,
    "Logistycy i spedytorzy": 2,
    "Elektronicy i automatycy": 1,
    "Kucharze": 1,
    "Mechanicy pojazdów samochodowych": 1,
    "Murarze i tynkarze": 1,
    "Technicy budownictwa": 2,
    "Stolarze i cieśle": 2,
    "Rolnicy i hodowcy": 2,
    "Operatorzy maszyn rolniczych": 2,
    "Pracownicy ds. rachunkowości i księgowości": 2,
    "Recepcjoniści i pracownicy hoteli": 3,
    "Fryzjerzy": 3,
    "Elektrycy, elektromechanicy i elektromonterzy": 1,
    "Ślusarze": 1,
    "Fizjoterapeuci i masażyści": 2,
    "Ogrodnicy i floryści": 3,
}
FIVE = [
    Category.STRONG_DEFICIT,
    Category.DEFICIT,
    Category.BALANCE,
    Category.SURPLUS,
    Category.STRONG_SURPLUS,
]
THREE = [Category.DEFICIT, Category.BALANCE, Category.SURPLUS]
BAROMETER_YEARS = range(2019, 2027)

SPECIAL = {"311410", "741103", "311303", "311204", "711204", "723103"}
SIGNIFICANT = {"532102", "512001", "752205", "722204", "834103", "311408", "311513"}
MODERATE = {"343404", "314207", "333107", "351203"}
FORECAST_YEARS = range(2021, 2027)

# rspo: (name, type, gmina TERYT, street)
SCHOOLS = {
    900101: (
        "Zespół Szkół Technicznych nr 1 w Białymstoku",
        SchoolType.TECHNIKUM,
        "2061011",
        "ul. Demonstracyjna 1",
    ),
    900102: (
        "Branżowa Szkoła I Stopnia nr 3 w Białymstoku",
        SchoolType.BRANZOWA_1,
        "2061011",
        "ul. Przykładowa 12",
    ),
    900103: (
        "Medyczna Szkoła Policealna w Białymstoku",
        SchoolType.POLICEALNA,
        "2061011",
        "ul. Szkolna 5",
    ),
    900104: ("Technikum Elektryczne w Łomży", SchoolType.TECHNIKUM, "2062011", "ul. Polna 3"),
    900105: (
        "Branżowa Szkoła I Stopnia w Suwałkach",
        SchoolType.BRANZOWA_1,
        "2063011",
        "ul. Kolejowa 8",
    ),
    900106: ("Technikum w Sokółce", SchoolType.TECHNIKUM, "2011083", "ul. Ogrodowa 2"),
    900107: (
        "Branżowa Szkoła I Stopnia w Hajnówce",
        SchoolType.BRANZOWA_1,
        "2005011",
        "ul. Leśna 4",
    ),
    900108: ("Technikum w Bielsku Podlaskim", SchoolType.TECHNIKUM, "2003011", "ul. Mickiewicza 9"),
    900109: (
        "Branżowa Szkoła I Stopnia w Kolnie",
        SchoolType.BRANZOWA_1,
        "2006011",
        "ul. Wojska Polskiego 6",
    ),
    900110: ("Technikum w Augustowie", SchoolType.TECHNIKUM, "2001011", "ul. Nadrzeczna 11"),
    900111: ("Technikum Rolnicze w Szepietowie", SchoolType.TECHNIKUM, "2013093", "ul. Rolna 1"),
    900112: (
        "Branżowa Szkoła I Stopnia w Siemiatyczach",
        SchoolType.BRANZOWA_1,
        "2010011",
        "ul. Armii Krajowej 7",
    ),
    900113: (
        "Centrum Kształcenia Zawodowego w Zambrowie",
        SchoolType.KKZ,
        "2014011",
        "ul. Fabryczna 3",
    ),
    900114: ("Technikum w Grajewie", SchoolType.TECHNIKUM, "2004011", "ul. Konopnickiej 10"),
    900115: (
        "Branżowa Szkoła I Stopnia w Mońkach",
        SchoolType.BRANZOWA_1,
        "2008063",
        "ul. Białostocka 15",
    ),
    900116: (
        "Zespół Szkół Rolniczych w Juchnowcu Kościelnym",
        SchoolType.TECHNIKUM,
        "2002052",
        "Juchnowiec Kościelny 44",
    ),
}

# The opinions of 2023: (rspo, code, meeting number, launched?, enrolment or reason, outcome known)
COHORT_2023: list[tuple[int, str, int, bool, Any, bool]] = [
    (900101, "351203", 1, True, 30, True),
    (900101, "311410", 1, True, 26, True),
    (900102, "723103", 1, True, 24, True),
    (900103, "532102", 1, True, 28, True),
    (900103, "325402", 2, True, 22, True),
    (900104, "311303", 1, True, 25, True),
    (900104, "311408", 2, False, Reason.FEW_CANDIDATES, True),
    (900105, "741103", 2, True, 18, True),
    (900105, "512001", 2, True, 16, True),
    (900106, "333107", 2, False, Reason.FEW_CANDIDATES, True),
    (900106, "311513", 2, True, 20, True),
    (900107, "752205", 2, False, Reason.FEW_CANDIDATES, True),
    (900107, "722204", 3, False, Reason.NO_TEACHER, True),
    (900108, "331403", 3, True, 21, True),
    (900108, "422402", 3, False, Reason.FEW_CANDIDATES, True),
    (900109, "514101", 3, False, Reason.FEW_CANDIDATES, True),
    (900110, "422402", 3, True, 19, True),
    (900111, "314207", 3, True, 17, True),
    (900111, "834103", 3, False, Reason.NO_EMPLOYER, True),
    (900112, "711204", 3, False, Reason.FEW_CANDIDATES, True),
    (900114, "343404", 3, True, 15, False),
    (900115, "343203", 3, False, Reason.FEW_CANDIDATES, False),
    (900116, "314207", 3, True, 14, False),
]
NEGATIVE_2023 = [(900109, "343203", 2), (900115, "514101", 3)]

WRRP_MEETINGS_2023 = {
    1: datetime.datetime(2023, 1, 26, 10, 0),
    2: datetime.datetime(2023, 3, 16, 10, 0),
    3: datetime.datetime(2023, 5, 25, 10, 0),
    4: datetime.datetime(2024, 3, 14, 10, 0),
}


def _stable(*parts: object) -> int:
    return zlib.crc32("|".join(map(str, parts)).encode())


def _category(group: str, unit_code: str, year: int) -> str:
    level = GROUP_LEVEL[group]
    shift = _stable(group, unit_code, year) % 5
    if unit_code != settings.LLL_HOME_REGION:
        level += {0: -1, 1: 1}.get(shift, 0)
    if year <= 2021:  # older editions: five categories
        return FIVE[max(0, min(4, level))]
    return THREE[max(0, min(2, level - 1))]


def _meeting(body: Body, number: int, starts: datetime.datetime, held: bool) -> Meeting:
    meeting = Meeting.objects.filter(body=body, number=number).first()
    if meeting is None:
        meeting = Meeting.objects.create(
            body=body,
            number=number,
            starts_at=starts.replace(tzinfo=WARSAW) if starts.tzinfo is None else starts,
            ends_at=None,
            mode=Meeting.Mode.HYBRID,
            location="Wojewódzki Urząd Pracy w Białymstoku, sala 205 / Teams",
            status=Meeting.Status.HELD if held else Meeting.Status.PLANNED,
        )
    return meeting


def _request(
    school: School,
    occupation: Occupation,
    start_year: str,
    received: datetime.date,
    meeting: Meeting | None,
) -> tuple[OpinionRequest, bool]:
    existing = OpinionRequest.objects.filter(
        school=school, occupation=occupation, start_year=start_year, is_demo=True
    ).first()
    if existing is not None:
        return existing, False
    return (
        OpinionRequest.objects.create(
            school=school,
            occupation=occupation,
            form=school.school_type,
            start_year=start_year,
            received_on=received,
            meeting=meeting,
            justification=(
                "Zapotrzebowanie zgłaszane przez lokalnych pracodawców; uczniowie klas ósmych "
                "szkół podstawowych z okolicy pytają o ten kierunek (dane demonstracyjne)."
            ),
            employers="Przedsiębiorstwo Demo Sp. z o.o.; Zakład Usługowy Przykład (dane demo)",
            training_places="Pracownie szkolne; praktyki u pracodawców współpracujących",
            is_demo=True,
        ),
        True,
    )


def _decide(request: OpinionRequest, opinion: str, day: datetime.date, number: str) -> None:
    request.opinion = opinion
    request.decided_on = day
    request.resolution_number = number
    request.valid_until = five_years_after(day) if opinion == Opinion.POSITIVE else None
    request.opinion_text = (
        "Rada opiniuje pozytywnie kształcenie w zawodzie."
        if opinion == Opinion.POSITIVE
        else "Rada opiniuje negatywnie: zawód w nadwyżce, brak miejsc praktyk."
    )
    request.evidence = evidence_for(request).as_json()
    request.save()


@transaction.atomic
def load_demo() -> dict[str, int]:
    counts = dict.fromkeys(
        ("schools", "barometer", "forecast", "stats", "meetings", "requests", "outcomes"), 0
    )
    region = require(home_region(), "load_territory", _("The territory (TERYT)"))
    require(Occupation.objects.exists(), "load_occupations", _("The occupation classification"))
    body = require(
        Body.objects.filter(kind=BodyKind.WRRP).order_by("pk").first(),
        "load_demo_coordination",
        _("The council (WRRP)"),
    )
    country = Unit.objects.get(level=Level.COUNTRY)
    units = {u.code: u for u in Unit.objects.filter(code__startswith=settings.LLL_HOME_REGION)}

    occupations = {o.code: o for o in Occupation.objects.filter(code__in=OCCUPATIONS)}
    groups: dict[str, BarometerGroup] = {}
    for code, (sector, group_name) in OCCUPATIONS.items():
        occupation = occupations[code]
        if not occupation.is_school:
            occupation.is_school, occupation.sector = True, sector
            occupation.save()
        group = groups.get(group_name)
        if group is None:
            group, _created = BarometerGroup.objects.get_or_create(name=group_name)
            groups[group_name] = group
        group.occupations.add(occupation)

    # Barometr for the voivodeship and its powiats.
    existing = set(
        BarometerEntry.objects.filter(unit__code__startswith=settings.LLL_HOME_REGION).values_list(
            "group_id", "unit_id", "year"
        )
    )
    powiats = [u for u in units.values() if u.level == Level.POWIAT]
    new_entries = [
        BarometerEntry(
            group=group,
            unit=unit,
            year=year,
            category=_category(group.name, unit.code, year),
            is_demo=True,
        )
        for group in groups.values()
        for unit in [region, *powiats]
        for year in BAROMETER_YEARS
        if (group.pk, unit.pk, year) not in existing
    ]
    BarometerEntry.objects.bulk_create(new_entries)
    counts["barometer"] = len(new_entries)

    # The Minister's forecast.
    for year in FORECAST_YEARS:
        for code, occupation in occupations.items():
            if code in SPECIAL:
                key, demand = country, Demand.SPECIAL
            elif code in SIGNIFICANT:
                key, demand = region, Demand.SIGNIFICANT
            elif code in MODERATE and year >= 2023:
                key, demand = region, Demand.MODERATE
            else:
                continue
            _entry, created = ForecastEntry.objects.get_or_create(
                year=year,
                occupation=occupation,
                unit=key,
                defaults={"demand": demand, "is_demo": True},
            )
            counts["forecast"] += created

    # Unemployed and job offers (fictional, in plausible ranges).
    # The voivodeship's numbers are the sum of its powiats', so the two never contradict.
    for year in (2022, 2023, 2024):
        for code, occupation in occupations.items():
            values: dict[Unit, tuple[int, int]] = {}
            for unit in powiats:
                seed = _stable(code, unit.code, year)
                values[unit] = (seed % 40, (seed // 40) % 25)
            values[region] = (
                sum(v[0] for v in values.values()),
                sum(v[1] for v in values.values()),
            )
            for unit, (unemployed, offers) in values.items():
                _stat, created = OccupationStat.objects.get_or_create(
                    occupation=occupation,
                    unit=unit,
                    year=year,
                    defaults={"unemployed": unemployed, "job_offers": offers, "is_demo": True},
                )
                counts["stats"] += created

    # Schools.
    schools = {}
    for rspo, (name, kind, gmina_code, street) in SCHOOLS.items():
        gmina = units[gmina_code]
        school, created = School.objects.get_or_create(
            rspo=rspo,
            defaults={
                "name": name,
                "school_type": kind,
                "gmina": gmina,
                "powiat": gmina.parent,
                "town": gmina.name,
                "address": street,
                "governing_body": (
                    f"Miasto {gmina.name}"
                    if gmina.parent and gmina.parent.kind == "city_powiat"
                    else f"Powiat {gmina.parent.name if gmina.parent else ''}"
                ),
                "is_demo": True,
            },
        )
        schools[rspo] = school
        counts["schools"] += created

    # The council's meetings.
    meetings = {}
    for number, starts in WRRP_MEETINGS_2023.items():
        before = Meeting.objects.filter(body=body, number=number).exists()
        meetings[number] = _meeting(body, number, starts, held=True)
        counts["meetings"] += not before
    today = timezone.localdate()
    planned_day = today + datetime.timedelta(days=21)
    while planned_day.weekday() >= 5:
        planned_day += datetime.timedelta(days=1)
    if not Meeting.objects.filter(body=body, number=5).exists():
        counts["meetings"] += 1
    planned = _meeting(
        body, 5, datetime.datetime.combine(planned_day, datetime.time(10, 0)), held=False
    )

    # The cohort of 2023.
    for index, (rspo, code, number, launched, detail, known) in enumerate(COHORT_2023, 1):
        meeting = meetings[number]
        request, created = _request(
            schools[rspo],
            occupations[code],
            "2023/24",
            timezone.localdate(meeting.starts_at) - datetime.timedelta(days=30),
            meeting,
        )
        if not created:
            continue
        counts["requests"] += 1
        _decide(
            request,
            Opinion.POSITIVE,
            timezone.localdate(meeting.starts_at),
            f"{number}/{index}/2023",
        )
        if known:
            Outcome.objects.create(
                request=request,
                school_year="2023/24",
                launched=launched,
                enrolment=detail if launched else None,
                reason="" if launched else detail,
                is_demo=True,
            )
            counts["outcomes"] += 1
            if launched:
                Outcome.objects.create(
                    request=request,
                    school_year="2024/25",
                    launched=True,
                    enrolment=detail - 2,
                    students=2 * detail - 3,
                    is_demo=True,
                )
                counts["outcomes"] += 1
    for index, (rspo, code, number) in enumerate(NEGATIVE_2023, 50):
        meeting = meetings[number]
        request, created = _request(
            schools[rspo],
            occupations[code],
            "2023/24",
            timezone.localdate(meeting.starts_at) - datetime.timedelta(days=30),
            meeting,
        )
        if created:
            counts["requests"] += 1
            _decide(
                request,
                Opinion.NEGATIVE,
                timezone.localdate(meeting.starts_at),
                f"{number}/{index}/2023",
            )

    # Later requests: decided in 2024, one expiring within a year, two waiting.
    later = [
        (900113, "532102", meetings[4], "2024/25", Opinion.POSITIVE),
        (900110, "351203", meetings[4], "2024/25", Opinion.POSITIVE),
    ]
    for rspo, code, meeting, start, opinion in later:
        request, created = _request(
            schools[rspo],
            occupations[code],
            start,
            timezone.localdate(meeting.starts_at) - datetime.timedelta(days=25),
            meeting,
        )
        if created:
            counts["requests"] += 1
            _decide(
                request,
                opinion,
                timezone.localdate(meeting.starts_at),
                f"{meeting.number}/{request.pk}/{meeting.starts_at.year}",
            )
    # Valid until about 150 days from today: among the opinions expiring within a year.
    decided = today.replace(year=today.year - 5) + datetime.timedelta(days=150)
    request, created = _request(
        schools[900108],
        occupations["311204"],
        f"{decided.year}/{(decided.year + 1) % 100:02d}",
        decided - datetime.timedelta(days=30),
        None,
    )
    if created:
        counts["requests"] += 1
        _decide(request, Opinion.POSITIVE, decided, f"{decided.year}/7")
    request, created = _request(
        schools[900106],
        occupations["311410"],
        f"{today.year + 1}/{(today.year + 2) % 100:02d}",
        today - datetime.timedelta(days=10),
        planned,
    )
    counts["requests"] += created
    request, created = _request(
        schools[900112],
        occupations["752205"],
        f"{today.year + 1}/{(today.year + 2) % 100:02d}",
        today - datetime.timedelta(days=90),
        None,
    )
    counts["requests"] += created

    FateReport.objects.get_or_create(
        cohort=2023,
        defaults={
            "published": True,
            "summary": (
                "Badanie losów kierunków kształcenia pozytywnie zaopiniowanych przez WRRP w "
                "Białymstoku w 2023 r. (dane demonstracyjne)."
            ),
        },
    )
    return counts
