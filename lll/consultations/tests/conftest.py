"""The coordination test team (WZK, WRRP, members, an outsider) with consultations and polls."""

import datetime
from dataclasses import dataclass

import pytest
from django.utils import timezone

from lll.accounts.models import User
from lll.consultations import services
from lll.consultations.models import Consultation, Poll, Provision
from lll.coordination.tests import conftest as coordination
from lll.coordination.tests.conftest import Team
from lll.testing import make_user

team = coordination.team  # the coordination tests' team, as a fixture here too


@dataclass
class Setup:
    team: Team
    consultation: Consultation
    provision: Provision
    poll: Poll
    second_user: User  # a WZK member's account besides team.member_user


def open_consultation(team: Team, **fields: object) -> Consultation:
    now = timezone.now()
    values: dict[str, object] = {
        "title": "Wzmocnienie koordynacji LLL w regionach",
        "legal_acts": "ustawa o samorządzie województwa\nustawa o instytucjach rynku pracy",
        "opens_at": now - datetime.timedelta(days=1),
        "closes_at": now + datetime.timedelta(days=7),
        "status": Consultation.Status.OPEN,
    }
    consultation = Consultation.objects.create(**{**values, **fields})
    consultation.bodies.add(team.wzk)
    return consultation


def open_poll(team: Team, method: str = Poll.Method.SINGLE, secret: bool = False) -> Poll:
    now = timezone.now()
    poll = Poll.objects.create(
        body=team.wzk,
        question="Kierunki wizyt studyjnych",
        method=method,
        secret=secret,
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(days=3),
        status=Poll.Status.OPEN,
    )
    for label in ["Niemcy", "Dania", "Finlandia", "Holandia", "Hiszpania"]:
        services.add_option(poll, label, "instytucje i temat")
    return poll


def close(obj: Consultation | Poll) -> None:
    """The close date passed (the object itself stays 'open' in the database)."""
    type(obj).objects.filter(pk=obj.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    obj.refresh_from_db()


@pytest.fixture
def setup(team: Team) -> Setup:
    consultation = open_consultation(team, status=Consultation.Status.DRAFT)
    provision = services.add_provision(consultation, "art. 1 pkt 2", "Zespół koordynacji ...")
    services.set_status(consultation, Consultation.Status.OPEN)  # provisions fixed from now on
    second = make_user("anna", "member")
    team.members[0].user = second
    team.members[0].save()
    return Setup(team, consultation, provision, open_poll(team), second)
