"""The `get_<thing>_for` helpers: a stranger to a body gets 404 for each of its objects, the
office gets every object, and the rules for members (approved minutes, own action items) hold."""

import io
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.test import RequestFactory

from lll.coordination import access, services
from lll.coordination.models import (
    ActionItem,
    Attendance,
    Institution,
    Mailing,
    Material,
    Outcome,
    Study,
)

from .conftest import Team

pytestmark = pytest.mark.django_db


def request_as(user: Any) -> HttpRequest:
    """A request of `user`, for the access helpers."""
    request = RequestFactory().get("/")
    request.user = user
    return request


@pytest.fixture
def objects(team: Team) -> dict[str, tuple[Callable[..., Any], tuple[Any, ...]]]:
    """One object of each kind, of the WZK (the outsider sits on the WRRP only), and the helper
    (with its arguments after the request) that fetches it."""
    meeting = team.meeting
    item = meeting.agenda_items.order_by("position")[0]
    minutes = services.draft_minutes(meeting, None)
    services.approve_minutes(minutes, None)
    outcome = Outcome.objects.create(agenda_item=item, text="Przyjęto plan pracy")
    action = ActionItem.objects.create(meeting=meeting, title="Zebrać dane", owner=team.chair)
    guest = Attendance.objects.create(meeting=meeting, person=team.guest, status="guest")
    material = Material(meeting=meeting, title="Prezentacja")
    material.file.save("prezentacja.pdf", io.BytesIO(b"%PDF-1.4"), save=True)
    mailing = Mailing.objects.create(meeting=meeting, kind="invitation", subject="Zaproszenie")
    membership = team.wzk.memberships.first()
    return {
        "body": (access.get_body_for, (team.wzk.pk,)),
        "membership": (
            lambda request, pk: access.get_membership_for(
                request, access.get_body_for(request, team.wzk.pk), pk
            ),
            (membership.pk,),
        ),
        "meeting": (access.get_meeting_for, (meeting.pk,)),
        "agenda item": (access.get_agenda_item_for, (item.pk,)),
        "decision": (
            lambda request, pk: access.get_outcome_for(
                request, pk, access.get_meeting_for(request, meeting.pk)
            ),
            (outcome.pk,),
        ),
        "action item": (access.get_action_item_for, (action.pk,)),
        "guest": (access.get_guest_for, (guest.pk,)),
        "material": (access.get_material_for, (material.pk,)),
        "mailing": (access.get_mailing_for, (mailing.pk,)),
        "minutes": (access.get_minutes_for, (minutes.pk,)),
        "person": (access.get_person_for, (team.chair.pk,)),
        "institution": (access.get_institution_for, (Institution.objects.first().pk,)),
    }


def test_a_stranger_gets_404_for_every_kind_of_object(team, objects):
    request = request_as(team.outsider_user)
    for kind, (get, args) in objects.items():
        with pytest.raises(Http404):
            get(request, *args)
            pytest.fail(f"the outsider got the {kind}")
    Material.objects.get().file.delete()


def test_the_office_gets_every_object(team, objects):
    request = request_as(team.office_user)
    for get, args in objects.values():
        assert get(request, *args).pk == args[0]
    Material.objects.get().file.delete()


def test_an_object_that_does_not_exist_is_404_for_the_office_too(team):
    request = request_as(team.office_user)
    for get in (access.get_meeting_for, access.get_minutes_for, access.get_study_for):
        with pytest.raises(Http404):
            get(request, 999_999)


def test_a_member_gets_approved_minutes_and_opens_only_their_own_action_items(team):
    request = request_as(team.member_user)
    draft = services.draft_minutes(team.meeting, None)
    with pytest.raises(Http404):
        access.get_minutes_for(request, draft.pk)
    own = ActionItem.objects.create(meeting=team.meeting, title="Moje", owner=team.members[1])
    other = ActionItem.objects.create(meeting=team.meeting, title="Cudze", owner=team.chair)
    assert access.get_action_item_for(request, own.pk) == own
    with pytest.raises(PermissionDenied):
        access.get_action_item_for(request, other.pk)
    # The member's body's meeting is theirs to see; people and mailings stay the office's.
    assert access.get_meeting_for(request, team.meeting.pk) == team.meeting
    with pytest.raises(Http404):
        access.get_person_for(request, team.members[1].pk)


def test_a_study_follows_the_body_rule_and_its_missing_file_is_404(team):
    study = Study.objects.create(title="Badanie", performed_by="WUP", period="2024")
    request = request_as(team.office_user)
    assert access.get_study_for(request, study.pk) == study
    with pytest.raises(Http404):
        access.get_study_file_for(request, study.pk)
    with pytest.raises(Http404):  # not shown at any meeting of the outsider's bodies
        access.get_study_for(request_as(team.outsider_user), study.pk)
