"""The council's members read the requests put before their body, and nothing else."""

import datetime
import io

import docx
import pytest
from django.urls import reverse
from django.utils import timezone

from lll.accounts.models import User
from lll.coordination.models import Body, BodyKind, Meeting, Membership, Person
from lll.testing import make_user
from lll.vet.access import readable_requests
from lll.vet.models import Opinion, OpinionRequest

pytestmark = pytest.mark.django_db


def _account(person: Person, username: str) -> User:
    user = make_user(username, "member", password="Haslo-czlonka-123", email="")
    person.user = user
    person.save()
    return user


def _wrrp() -> Body:
    return Body.objects.get(kind=BodyKind.WRRP, short_name="WRRP")


def _wrrp_member() -> User:
    """A voting member of the demo WRRP who sits in no other body."""
    wrrp = _wrrp()
    seat = next(
        m
        for m in Membership.objects.filter(body=wrrp, role="member").select_related("person")
        if not Membership.objects.filter(person=m.person).exclude(body=wrrp).exists()
    )
    return _account(seat.person, "rada")


def _wzk_member() -> User:
    """A member of the WZK only."""
    seat = next(
        m
        for m in Membership.objects.filter(body__kind=BodyKind.WZK).select_related("person")
        if not Membership.objects.filter(person=m.person, body__kind=BodyKind.WRRP).exists()
    )
    return _account(seat.person, "zespol")


@pytest.fixture
def other_council_request(demo: None) -> OpinionRequest:
    """A request before another WRRP body (another council the office serves)."""
    body = Body.objects.create(
        name="Inna Wojewódzka Rada Rynku Pracy",
        short_name="WRRP-2",
        name_genitive="Innej Rady",
        kind=BodyKind.WRRP,
    )
    meeting = Meeting.objects.create(
        body=body, number=1, starts_at=timezone.now() + datetime.timedelta(days=10)
    )
    request = OpinionRequest.objects.exclude(meeting=None).first()
    assert request is not None
    request.pk = None
    request.meeting = meeting
    request.start_year = "2031/32"
    request.opinion = Opinion.PENDING
    request.save()
    return request


def test_the_rule_staff_all_council_members_their_body_others_nothing(
    demo, secretary, other_council_request
):
    member, wzk = _wrrp_member(), _wzk_member()
    unassigned = OpinionRequest.objects.filter(meeting__body=_wrrp()).first()
    assert unassigned is not None
    unassigned.pk, unassigned.meeting, unassigned.start_year = None, None, "2032/33"
    unassigned.save()
    staff = readable_requests(secretary)
    assert staff is not None and staff.count() == OpinionRequest.objects.count()

    mine = readable_requests(member)
    assert mine is not None
    expected = set(
        OpinionRequest.objects.filter(meeting__body=_wrrp()).values_list("pk", flat=True)
    )
    assert expected and set(mine.values_list("pk", flat=True)) == expected
    assert other_council_request not in mine and unassigned not in mine

    assert readable_requests(wzk) is None

    class Anonymous:
        is_authenticated = False

    assert readable_requests(Anonymous()) is None

    # A member whose term has ended no longer reads the register.
    Membership.objects.filter(person__user=member).update(
        term_to=timezone.localdate() - datetime.timedelta(days=1)
    )
    assert readable_requests(member) is None


def test_a_council_member_reads_requests_sheets_and_opinions_without_controls(
    client, demo, other_council_request
):
    member = _wrrp_member()
    client.force_login(member)
    home = client.get(reverse("vet:home")).content.decode()
    assert reverse("vet:request_list") in home and reverse("vet:import_upload") not in home

    listing = client.get(reverse("vet:request_list"))
    assert listing.status_code == 200
    page = listing.content.decode()
    shown = {r.pk for r in listing.context["page"].object_list}
    assert other_council_request.pk not in shown
    assert reverse("vet:request_create") not in page
    for hidden in ("vet:import_list", "vet:barometer_list", "vet:deadlines", "vet:school_list"):
        assert reverse(hidden) not in page

    decided = OpinionRequest.objects.filter(meeting__body=_wrrp(), opinion=Opinion.POSITIVE).first()
    assert decided is not None
    detail = client.get(reverse("vet:request", args=[decided.pk]))
    assert detail.status_code == 200
    text = detail.content.decode()
    assert decided.resolution_number in text and "Karta informacyjna" in text
    assert decided.opinion_text in text
    for control in ("vet:request_opinion", "vet:request_edit", "vet:outcome_create"):
        assert reverse(control, args=[decided.pk]) not in text
    assert "/losy/" not in text  # no outcome edit or remove
    assert "Historia zmian" not in text
    sheet = client.get(reverse("vet:request_docx", args=[decided.pk]))
    assert sheet.status_code == 200
    assert "Barometr" in "\n".join(
        p.text for p in docx.Document(io.BytesIO(sheet.content)).paragraphs
    )

    # Everything that changes data or the dictionaries stays the office's.
    for url in (
        reverse("vet:request_opinion", args=[decided.pk]),
        reverse("vet:request_edit", args=[decided.pk]),
        reverse("vet:request_create"),
        reverse("vet:outcome_create", args=[decided.pk]),
        reverse("vet:deadlines"),
        reverse("vet:import_upload"),
        reverse("vet:import_list"),
        reverse("vet:barometer_list"),
        reverse("vet:forecast_create"),
    ):
        assert client.get(url).status_code == 403, url
    response = client.post(
        reverse("vet:request_opinion", args=[decided.pk]), {"opinion": Opinion.NEGATIVE}
    )
    assert response.status_code == 403
    assert OpinionRequest.objects.get(pk=decided.pk).opinion == Opinion.POSITIVE

    # A request before another council: as if it did not exist.
    for name in ("vet:request", "vet:request_docx"):
        assert client.get(reverse(name, args=[other_council_request.pk])).status_code == 404


def test_a_wzk_member_sees_nothing_of_the_register(client, demo, other_council_request):
    client.force_login(_wzk_member())
    assert reverse("vet:request_list") not in client.get(reverse("vet:home")).content.decode()
    assert client.get(reverse("vet:request_list")).status_code == 403
    theirs = OpinionRequest.objects.filter(meeting__body=_wrrp()).first()
    assert theirs is not None
    for pk in (theirs.pk, other_council_request.pk):
        assert client.get(reverse("vet:request", args=[pk])).status_code == 403
        assert client.get(reverse("vet:request_docx", args=[pk])).status_code == 403
