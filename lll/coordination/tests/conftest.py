"""A small coordination team built in the database: bodies, people, a meeting with its agenda."""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest

from lll.accounts.models import User
from lll.coordination import services
from lll.coordination.models import Body, Institution, Meeting, Membership, Person
from lll.testing import make_user

WARSAW = ZoneInfo("Europe/Warsaw")


@dataclass
class Team:
    wzk: Body
    wrrp: Body
    chair: Person
    members: list[Person]
    substitute: Person
    guest: Person
    outsider: Person
    meeting: Meeting
    office_user: User
    member_user: User
    outsider_user: User


@pytest.fixture
def team(db: None) -> Team:
    wup = Institution.objects.create(name="Wojewódzki Urząd Pracy w Białymstoku", kind="wup")
    pup = Institution.objects.create(name="Powiatowy Urząd Pracy w Łomży", kind="pup")
    wzk = Body.objects.create(
        name="Wojewódzki Zespół Koordynacji",
        short_name="WZK",
        name_genitive="Wojewódzkiego Zespołu Koordynacji (WZK)",
        kind="wzk",
        legal_basis="Uchwała nr 293/5433/2022",
        quorum_percent=50,
    )
    wrrp = Body.objects.create(
        name="Wojewódzka Rada Rynku Pracy",
        short_name="WRRP",
        name_genitive="Wojewódzkiej Rady Rynku Pracy",
        kind="wrrp",
    )
    start = datetime.date(2022, 9, 22)
    chair = Person.objects.create(
        first_name="Zofia",
        last_name="Żółkowska",
        position="Wicedyrektor",
        institution=wup,
        email="zofia@example.org",
    )
    substitute = Person.objects.create(first_name="Jan", last_name="Zastępca", institution=pup)
    Membership.objects.create(body=wzk, person=chair, role="vice_chair", term_from=start)
    members = []
    for i, name in enumerate(["Łukasiewicz", "Ślęzak", "Nowak", "Kowalska"]):
        person = Person.objects.create(
            first_name="Anna", last_name=name, institution=pup, email=f"m{i}@example.org"
        )
        Membership.objects.create(
            body=wzk,
            person=person,
            role="member",
            term_from=start,
            substitute=substitute if i == 0 else None,
        )
        members.append(person)
    guest = Person.objects.create(first_name="Ewa", last_name="Ekspertka", email="ewa@example.org")
    outsider = Person.objects.create(first_name="Olga", last_name="Obca", email="olga@example.org")
    Membership.objects.create(body=wrrp, person=outsider, role="member", term_from=start)
    meeting = Meeting.objects.create(
        body=wzk,
        number=2,
        starts_at=datetime.datetime(2024, 6, 27, 10, 0, tzinfo=WARSAW),
        ends_at=datetime.datetime(2024, 6, 27, 12, 30, tzinfo=WARSAW),
        mode="remote",
        location="Teams",
    )
    for title in ["Otwarcie spotkania", "Prezentacja COMORELP", "Prekonsultacje", "Zakończenie"]:
        services.add_agenda_item(meeting, title)
    office_user = make_user("biuro", "coordination_office")
    member_user = make_user("czlonkini", "member")
    members[1].user = member_user
    members[1].save()
    outsider_user = make_user("obca", "member")
    outsider.user = outsider_user
    outsider.save()
    return Team(
        wzk,
        wrrp,
        chair,
        members,
        substitute,
        guest,
        outsider,
        meeting,
        office_user,
        member_user,
        outsider_user,
    )
