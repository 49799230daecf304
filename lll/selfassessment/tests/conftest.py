"""The demo WZK (real territory, fictional people), the COMORELP framework, last year's demo
round, and accounts: the office and three members linked to WZK people."""

from dataclasses import dataclass

import pytest
from pytest_django.plugin import DjangoDbBlocker

from lll.accounts.models import User
from lll.coordination.demo import load_demo as load_coordination
from lll.coordination.models import Body, Person
from lll.indicators.services.catalogue import load_catalogue
from lll.selfassessment import demo, frameworks
from lll.selfassessment.models import Framework, Round
from lll.testing import make_user
from tests.dbsnapshot import Snapshot, snapshot_once, use


@dataclass
class World:
    framework: Framework
    wzk: Body
    last_year: Round
    office: User
    members: list[User]
    people: list[Person]
    outsider: User


def load_world() -> None:
    load_catalogue()
    load_coordination()
    frameworks.load_comorelp()
    demo.load_demo()


@pytest.fixture(scope="session")
def world_rows(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Snapshot:
    """Loaded once per session and replayed into each test (conftest.py at the root says how)."""
    return snapshot_once("self-assessment world", load_world, django_db_blocker)


@pytest.fixture
def world(territory: None, world_rows: Snapshot) -> World:
    use(world_rows, load_world)
    framework = Framework.objects.get()
    wzk = Body.objects.get(short_name="WZK")
    people = [
        m.person
        for m in wzk.memberships.select_related("person").order_by("person__last_name")
        if m.role == "member" and m.term_to is None
    ][:3]
    members = []
    for number, person in enumerate(people, start=1):
        user = make_user(f"czlonek{number}", "member")
        person.user = user
        person.save()
        members.append(user)
    return World(
        framework=framework,
        wzk=wzk,
        last_year=Round.objects.get(is_demo=True),
        office=make_user("biuro", "coordination_office"),
        members=members,
        people=people,
        outsider=make_user("obcy", "member"),
    )
