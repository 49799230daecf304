"""The session's reference data (conftest.py): in every test, and back after a transactional test
changed it and Django's flush emptied the tables."""

import json

import pytest
from django.contrib.auth.models import Group

from lll.accounts.roles import ROLES
from lll.indicators.models import Indicator, Observation
from lll.indicators.services.catalogue import CATALOGUE
from lll.territory.models import Level, Unit
from tests.dbsnapshot import apply

UNITS = 1 + 16 + 380 + 2477  # Poland, voivodeships, powiats, gminas


def assert_as_loaded() -> None:
    assert Unit.objects.count() == UNITS
    assert Unit.objects.filter(level=Level.GMINA).count() == 2477
    assert Unit.objects.get(code="2002013").name == "Choroszcz"
    assert Unit.objects.get(code="20").bdl_id != "999999999999"
    assert {role.group for role in ROLES} <= set(Group.objects.values_list("name", flat=True))


def test_a_test_in_a_transaction_sees_the_territory_and_the_roles(territory):
    assert_as_loaded()


# pytest-django runs the transactional tests after the others, in the order of the file.
@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_changes_and_deletes_units(territory):
    assert_as_loaded()
    Unit.objects.filter(code="20").update(bdl_id="999999999999")
    Unit.objects.filter(code="2002013").delete()
    assert Unit.objects.count() == UNITS - 1


@pytest.mark.django_db(transaction=True)
def test_after_the_flush_the_next_transactional_test_has_them_as_loaded(territory):
    assert_as_loaded()


def test_a_snapshot_is_not_replayed_over_rows_already_there(monitoring, monitoring_rows):
    """A second replay finds the catalogue there already: it writes nothing and says so (the
    fixture then runs the real loader, which knows how to update)."""
    indicators, observations = Indicator.objects.count(), Observation.objects.count()
    shipped = json.loads(CATALOGUE.read_text(encoding="utf-8"))["indicators"]
    assert indicators == len(shipped) and observations > 0
    assert apply(monitoring_rows) is False
    assert (Indicator.objects.count(), Observation.objects.count()) == (indicators, observations)
