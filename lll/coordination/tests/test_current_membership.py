"""Member of a body today is one rule: the term has started and not ended, on the local date."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from lll.coordination.models import Membership, Person

pytestmark = pytest.mark.django_db


def _counts(client, team):
    home = client.get(reverse("coordination:home")).content.decode()
    bodies = client.get(reverse("coordination:body_list")).content.decode()
    on_home = re.search(r"\(WZK; (\d+) ", home)
    row = re.search(r"\(WZK\)</td>.*?<td class=\"text-end\">(\d+)</td>", bodies, re.S)
    assert on_home and row
    return int(on_home.group(1)), int(row.group(1))


def test_a_term_that_starts_tomorrow_counts_nowhere_today(client, team):
    today = timezone.localdate()
    newcomer = Person.objects.create(first_name="Nowa", last_name="Członkini")
    Membership.objects.create(
        body=team.wzk, person=newcomer, role="member", term_from=today + datetime.timedelta(1)
    )
    client.force_login(team.office_user)
    # The chair and four members of the fixture sit today; the newcomer does not yet.
    assert _counts(client, team) == (5, 5)


def test_a_term_that_ended_yesterday_counts_nowhere_today(client, team):
    membership = Membership.objects.get(body=team.wzk, person=team.members[0])
    membership.term_to = timezone.localdate() - datetime.timedelta(1)
    membership.save()
    client.force_login(team.office_user)
    assert _counts(client, team) == (4, 4)


def test_current_is_the_queryset_rule_and_the_model_rule(team):
    today = timezone.localdate()
    future = Membership.objects.create(
        body=team.wzk,
        person=Person.objects.create(first_name="A", last_name="B"),
        term_from=today + datetime.timedelta(1),
    )
    current = set(Membership.objects.current())
    assert future not in current
    assert {m for m in Membership.objects.all() if m.is_current(today)} == current
    assert set(team.wzk.memberships_on(today)) == {m for m in current if m.body == team.wzk}
