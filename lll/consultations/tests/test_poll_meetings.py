"""Issue 16, polls: linked to their meeting and shown on its page, members e-mailed when a poll
opens, polls awaiting the member's vote on their overview, a turnout threshold."""

import datetime
from email.header import decode_header, make_header

import pytest
from django.urls import reverse
from django.utils import timezone

from lll.consultations import services
from lll.consultations.models import Poll
from lll.coordination.models import Membership, Person

from .conftest import Setup, close, open_poll

pytestmark = pytest.mark.django_db


def test_a_poll_of_a_meeting_shows_on_the_meeting_page(client, setup: Setup):
    team = setup.team
    setup.poll.meeting = team.meeting
    setup.poll.save()
    client.force_login(team.member_user)
    page = client.get(team.meeting.get_absolute_url()).content.decode()
    assert setup.poll.get_absolute_url() in page and "Kierunki wizyt studyjnych" in page
    poll_page = client.get(setup.poll.get_absolute_url()).content.decode()
    assert team.meeting.get_absolute_url() in poll_page


def test_the_office_creates_a_poll_from_the_meeting_page(client, setup: Setup):
    team = setup.team
    client.force_login(team.office_user)
    url = reverse("consultations:poll_create")
    form = client.get(url, {"meeting": team.meeting.pk, "body": team.wzk.pk}).content.decode()
    assert f'value="{team.meeting.pk}" selected' in form
    now = timezone.localtime()
    data = {
        "body": team.wrrp.pk,
        "question": "Termin kolejnego posiedzenia",
        "method": "single",
        "electorate": "voting",
        "allow_proposals": "on",
        "opens_at": f"{now:%Y-%m-%dT%H:%M}",
        "closes_at": f"{now + datetime.timedelta(days=2):%Y-%m-%dT%H:%M}",
        "meeting": team.meeting.pk,
        "options_text": "wtorek\nczwartek",
    }
    wrong_body = client.post(url, data)
    assert wrong_body.status_code == 200 and not Poll.objects.filter(question__startswith="Termin")
    assert client.post(url, data | {"body": team.wzk.pk}).status_code == 302
    assert Poll.objects.get(question__startswith="Termin").meeting == team.meeting


def test_opening_a_poll_e_mails_the_members_who_may_vote_once(setup: Setup, mailbox):
    team = setup.team
    poll = Poll.objects.create(
        body=team.wzk,
        question="Kierunki wizyt studyjnych 2027",
        opens_at=timezone.now(),
        closes_at=timezone.now() + datetime.timedelta(days=3),
    )
    services.add_option(poll, "Niemcy")
    services.add_option(poll, "Dania")
    mailbox.refused.add("m2@example.org")
    sent, failed = services.set_poll_status(poll, Poll.Status.OPEN, "https://lll.example.org")
    assert (sent, failed) == (4, 1)
    addressees = sorted(m["X-Rcpt-To"] for m in mailbox.messages)
    assert addressees == ["m0@example.org", "m1@example.org", "m3@example.org", "zofia@example.org"]
    subject = str(make_header(decode_header(mailbox.messages[0]["Subject"])))
    assert "Kierunki wizyt studyjnych 2027" in subject
    body = mailbox.bodies()[0]
    assert f"https://lll.example.org{poll.get_absolute_url()}" in body and "Dania" in body
    services.set_poll_status(poll, Poll.Status.CLOSED)
    poll.closes_at = timezone.now() + datetime.timedelta(days=1)
    poll.save()
    services.set_poll_status(poll, Poll.Status.OPEN)  # opened again: no second notice
    assert len(mailbox.messages) == 4


def test_polls_awaiting_the_members_vote_are_on_their_overview(client, setup: Setup):
    team = setup.team
    client.force_login(team.member_user)
    overview = client.get(reverse("coordination:home")).content.decode()
    assert setup.poll.get_absolute_url() in overview
    option = setup.poll.options.first()
    services.cast_vote(setup.poll, team.members[1], [option.pk])
    overview = client.get(reverse("coordination:home")).content.decode()
    assert setup.poll.get_absolute_url() not in overview


def test_three_of_twenty_nine_voters_give_no_result_under_a_turnout_threshold(client, setup):
    team = setup.team
    for i in range(24):
        person = Person.objects.create(first_name="Jan", last_name=f"Członek{i}")
        Membership.objects.create(
            body=team.wzk, person=person, role="member", term_from=datetime.date(2022, 9, 22)
        )
    poll = open_poll(team)
    options = list(poll.options.all())
    for person, option in zip(team.members[:3], options, strict=False):
        services.cast_vote(poll, person, [option.pk])
    results = services.results(poll)
    assert (results.ballots, results.eligible) == (3, 29)
    assert results.valid and results.winners  # no threshold: any turnout gives a result
    poll.turnout_threshold = 50
    poll.save()
    close(poll)
    results = services.results(poll)
    assert not results.valid and results.winners == []
    client.force_login(team.member_user)
    page = client.get(poll.get_absolute_url()).content.decode()
    assert 'id="no-result"' in page
    poll.meeting = team.meeting
    poll.save()
    meeting_page = client.get(team.meeting.get_absolute_url()).content.decode()
    assert "brak wyniku: frekwencja poniżej progu" in meeting_page
