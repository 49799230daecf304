"""The `get_<thing>_for` helpers: a stranger to the consulted body gets 404 for each kind of
object, the office gets every one."""

from collections.abc import Callable
from typing import Any

import pytest
from django.http import Http404, HttpRequest
from django.test import Client
from django.urls import reverse

from lll.consultations import access, services
from lll.consultations.models import Recommendation, StudyVisit
from lll.coordination.tests.test_access import request_as

from .conftest import Setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(setup: Setup) -> dict[str, tuple[Callable[[HttpRequest, int], Any], int]]:
    """One object of each kind, of the WZK (the outsider sits on the WRRP only)."""
    consultation = setup.consultation
    comment = services.submit_comment(consultation, setup.team.member_user, text="Uwaga")
    consultation.position_text = "Stanowisko"
    consultation.save()
    visit = StudyVisit.objects.create(
        body=setup.team.wzk, title="Wizyta", country="Dania", host_institutions="VUC", themes="LLL"
    )
    recommendation = Recommendation.objects.create(visit=visit, text="Pilotaż")
    return {
        "consultation": (access.get_consultation_for, consultation.pk),
        "position": (access.get_position_for, consultation.pk),
        "provision": (access.get_provision_for, setup.provision.pk),
        "comment": (access.get_comment_for, comment.pk),
        "poll": (access.get_poll_for, setup.poll.pk),
        "visit": (access.get_visit_for, visit.pk),
        "recommendation": (access.get_recommendation_for, recommendation.pk),
    }


def test_a_stranger_gets_404_for_every_kind_of_object(setup, objects):
    request = request_as(setup.team.outsider_user)
    for kind, (get, pk) in objects.items():
        with pytest.raises(Http404):
            get(request, pk)
            pytest.fail(f"the outsider got the {kind}")


def test_the_office_gets_every_object(setup, objects):
    request = request_as(setup.team.office_user)
    for get, pk in objects.values():
        assert get(request, pk).pk == pk


def test_a_member_sees_no_draft_and_no_missing_document(setup):
    request = request_as(setup.team.member_user)
    consultation = setup.consultation
    assert access.get_consultation_for(request, consultation.pk) == consultation
    with pytest.raises(Http404):
        access.get_consultation_document_for(request, consultation.pk)
    with pytest.raises(Http404):
        access.get_position_for(request, consultation.pk)
    consultation.status = consultation.Status.DRAFT
    consultation.save()
    with pytest.raises(Http404):
        access.get_consultation_for(request, consultation.pk)


def test_a_hand_edited_sort_order_never_breaks_the_list(setup):
    client = Client()
    client.force_login(setup.team.member_user)
    for sort in ("--title", "-title", "title", "pk", "-"):
        response = client.get(reverse("consultations:home"), {"sort": sort})
        assert response.status_code == 200, sort
