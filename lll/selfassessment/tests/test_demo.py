"""The demo round checks what it needs and names the command that loads it."""

import io

import pytest
from django.core.management import CommandError, call_command

from lll.core.demo import DemoPrerequisiteMissing
from lll.selfassessment import demo
from lll.selfassessment.models import Round

pytestmark = pytest.mark.django_db


def test_without_the_framework_the_demo_names_load_comorelp_and_writes_nothing(territory):
    with pytest.raises(DemoPrerequisiteMissing) as caught:
        demo.load_demo()
    assert caught.value.command == "load_comorelp"
    with pytest.raises(CommandError, match="lll load_comorelp"):
        call_command("load_demo_selfassessment", stdout=io.StringIO())
    assert not Round.objects.exists()


def test_without_the_coordination_team_the_demo_names_its_loader(territory):
    from lll.indicators.services.catalogue import load_catalogue
    from lll.selfassessment.frameworks import load_comorelp

    load_catalogue()  # the framework links its criteria to the catalogue's indicators
    load_comorelp()
    with pytest.raises(CommandError, match="lll load_demo_coordination"):
        call_command("load_demo_selfassessment", stdout=io.StringIO())
    assert not Round.objects.exists()
