"""A former member's own action item (issue 19): still listed on their coordination page, but
not as a link to a page they can no longer open (it answered 404)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from lll.coordination.models import ActionItem

pytestmark = pytest.mark.django_db


def _action_links(page: str) -> set[str]:
    prefix = reverse("coordination:action_update", args=[0])[: -len("0/")]
    return set(re.findall(rf'href="({re.escape(prefix)}\d+/)"', page))


def test_a_former_members_own_item_is_listed_without_a_dead_link(client, team):
    owner = team.members[1]  # team.member_user's person
    action = ActionItem.objects.create(
        meeting=team.meeting, title="Raport o szkoleniach", owner=owner
    )
    url = reverse("coordination:action_update", args=[action.pk])
    client.force_login(team.member_user)
    # A member today: the item is a link to the page where they report progress.
    assert _action_links(client.get(reverse("coordination:home")).content.decode()) == {url}
    assert client.get(url).status_code == 200

    membership = owner.memberships.get()
    membership.term_to = timezone.localdate() - datetime.timedelta(days=1)
    membership.save()
    page = client.get(reverse("coordination:home")).content.decode()
    assert "Raport o szkoleniach" in page  # still theirs, still shown
    assert client.get(url).status_code == 404  # the page is not theirs any more
    for link in _action_links(page):  # so nothing on the page leads to it
        assert client.get(link).status_code == 200
    assert url not in _action_links(page)
