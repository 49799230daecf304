"""Votes: once per member, never after the close, never by a non-member; secret ballots; results."""

import datetime
import uuid

import pytest
from django.urls import reverse

from lll.consultations import charts, services
from lll.consultations.forms import (
    PollForm,
)
from lll.consultations.models import (
    Ballot,
    BallotChoice,
    Participation,
    Poll,
    PollOption,
)
from lll.coordination.models import Meeting
from lll.testing import logged_in

from .conftest import Setup, close, open_poll


def _ids(poll: Poll, *labels: str) -> list[int]:
    by_label = {o.label: o.pk for o in poll.options.all()}
    return [by_label[label] for label in labels]


def test_a_member_votes_once_and_the_results_count_it(setup: Setup):
    poll, member = setup.poll, setup.team.members[1]
    services.cast_vote(poll, member, _ids(poll, "Finlandia"))
    with pytest.raises(services.NotAllowed, match="już głos"):
        services.cast_vote(poll, member, _ids(poll, "Niemcy"))
    result = services.results(poll)
    assert result.ballots == 1 and result.eligible == 5  # vice-chair and four members
    assert result.turnout == 20.0
    assert [(r.option.label, r.votes) for r in result.rows][:2] == [("Finlandia", 1), ("Niemcy", 0)]
    assert result.winners[0].label == "Finlandia"
    assert Ballot.objects.get().voter == member


def test_non_members_and_non_voting_people_cannot_vote(setup: Setup):
    poll = setup.poll
    for person in (setup.team.outsider, setup.team.guest, setup.team.substitute, None):
        with pytest.raises(services.NotAllowed, match="Głosować mogą tylko"):
            services.cast_vote(poll, person, _ids(poll, "Dania"))
    assert not Ballot.objects.exists() and not Participation.objects.exists()


def test_no_vote_after_the_close_or_before_the_opening(setup: Setup):
    poll = setup.poll
    close(poll)
    with pytest.raises(services.NotAllowed, match="zakończone"):
        services.cast_vote(poll, setup.team.members[0], _ids(poll, "Dania"))
    poll.status = Poll.Status.DRAFT
    poll.save()
    with pytest.raises(services.NotAllowed):
        services.cast_vote(poll, setup.team.members[0], _ids(poll, "Dania"))
    assert not Ballot.objects.exists()


def test_a_ballot_must_use_the_polls_own_options_as_its_method_says(setup: Setup):
    poll, member = setup.poll, setup.team.members[0]
    other = open_poll(setup.team)
    for choice in ([], _ids(poll, "Dania", "Niemcy"), _ids(other, "Dania"), [999999]):
        with pytest.raises(services.NotAllowed):
            services.cast_vote(poll, member, choice)
    assert not Participation.objects.exists()


def test_a_secret_ballot_keeps_no_link_to_the_voter(setup: Setup):
    poll = open_poll(setup.team, Poll.Method.APPROVAL, secret=True)
    services.cast_vote(poll, setup.team.members[0], _ids(poll, "Dania", "Finlandia"))
    services.cast_vote(poll, setup.team.chair, _ids(poll, "Finlandia"))
    assert list(Ballot.objects.filter(poll=poll).values_list("voter", flat=True)) == [None, None]
    # Random keys: the ballots' order says nothing about the order of the voters.
    assert all(isinstance(pk, uuid.UUID) for pk in Ballot.objects.values_list("pk", flat=True))
    assert all(
        isinstance(pk, uuid.UUID) for pk in BallotChoice.objects.values_list("pk", flat=True)
    )
    assert set(Participation.objects.filter(poll=poll).values_list("person", flat=True)) == {
        setup.team.members[0].pk,
        setup.team.chair.pk,
    }
    assert services.open_ballots(poll) == []
    with pytest.raises(services.NotAllowed):
        services.cast_vote(poll, setup.team.chair, _ids(poll, "Dania"))
    counts = {r.option.label: r.votes for r in services.results(poll).rows}
    assert counts["Finlandia"] == 2 and counts["Dania"] == 1 and counts["Niemcy"] == 0


def test_ranking_is_counted_by_borda(setup: Setup):
    poll = open_poll(setup.team, Poll.Method.RANKING)
    team = setup.team
    services.cast_vote(poll, team.members[0], _ids(poll, "Finlandia", "Dania", "Niemcy"))
    services.cast_vote(poll, team.members[1], _ids(poll, "Dania", "Finlandia"))
    services.cast_vote(poll, team.chair, _ids(poll, "Niemcy"))
    # 5 options: 1st = 4 points, 2nd = 3, 3rd = 2; unranked = 0.
    points = {r.option.label: (r.points, r.votes) for r in services.results(poll).rows}
    assert points["Finlandia"] == (7, 1)
    assert points["Dania"] == (7, 1)
    assert points["Niemcy"] == (6, 1)
    assert points["Hiszpania"] == (0, 0)
    ranks = sorted(  # type: ignore[type-var]
        BallotChoice.objects.filter(ballot__voter=team.members[0]).values_list("rank", flat=True)
    )
    assert ranks == [1, 2, 3]


def test_a_member_proposes_an_option_with_a_reason_while_the_poll_is_open(setup: Setup):
    poll, member = setup.poll, setup.team.members[1]
    option = services.propose_option(
        poll, member, "Francja", "France Travail; polityka senioralna", "Dobry przykład"
    )
    assert option.position == 6 and option.proposed_by == member
    services.cast_vote(poll, setup.team.members[0], [option.pk])
    with pytest.raises(services.NotAllowed, match="już na liście"):
        services.propose_option(poll, member, "francja", "", "Jeszcze raz")
    with pytest.raises(services.NotAllowed):
        services.propose_option(poll, member, "Włochy", "", "")
    with pytest.raises(services.NotAllowed):
        services.propose_option(poll, setup.team.outsider, "Włochy", "", "Bo tak")
    close(poll)
    with pytest.raises(services.NotAllowed):
        services.propose_option(poll, member, "Włochy", "", "Bo tak")
    assert poll.options.count() == 6


def test_the_decision_is_linked_to_a_meeting_of_the_body(setup: Setup):
    poll = setup.poll
    services.record_decision(poll, "Wybrano Finlandię.", setup.team.meeting)
    poll.refresh_from_db()
    assert poll.decision_meeting == setup.team.meeting

    foreign = Meeting.objects.create(
        body=setup.team.wrrp, number=1, starts_at=setup.team.meeting.starts_at
    )
    with pytest.raises(services.NotAllowed):
        services.record_decision(poll, "x", foreign)


def test_closing_early_moves_the_close_date(setup: Setup):
    services.set_poll_status(setup.poll, Poll.Status.CLOSED)
    setup.poll.refresh_from_db()
    assert setup.poll.current_status == Poll.Status.CLOSED and not setup.poll.is_open
    with pytest.raises(services.NotAllowed):
        services.set_poll_status(setup.poll, Poll.Status.OPEN)


def test_a_poll_may_let_every_member_vote_secretaries_included(setup: Setup):

    from lll.coordination.models import Membership

    secretary = setup.team.guest
    Membership.objects.create(
        body=setup.team.wzk, person=secretary, role="secretary", term_from=datetime.date(2024, 1, 1)
    )
    poll = setup.poll
    with pytest.raises(services.NotAllowed, match="Głosować mogą tylko"):
        services.cast_vote(poll, secretary, _ids(poll, "Dania"))
    poll.electorate = Poll.Electorate.ALL
    poll.save()
    services.cast_vote(poll, secretary, _ids(poll, "Dania"))
    assert services.results(poll).eligible == 6


def _poll_data(setup: Setup, options: str) -> dict[str, object]:
    return {
        "body": setup.team.wzk.pk,
        "question": "Dokąd?",
        "method": "single",
        "electorate": "voting",
        "opens_at": "2026-01-01T10:00",
        "closes_at": "2026-02-01T10:00",
        "options_text": options,
    }


def test_a_poll_refuses_repeated_options_whatever_their_case_and_spaces(setup):
    form = PollForm(_poll_data(setup, "Niemcy: BA\nDania\n  niemcy  : powtórka"))
    assert not form.is_valid()
    assert "Wiersz 3 powtarza opcję „niemcy” z wiersza 1." in form.errors["options_text"][0]
    assert PollForm(_poll_data(setup, "Niemcy\nDania")).is_valid()
    with pytest.raises(services.NotAllowed, match="już na liście"):
        services.add_option(setup.poll, " DANIA ")
    with pytest.raises(services.NotAllowed, match="już na liście"):
        services.add_option(setup.poll, "Hiszpania  ")
    url = reverse("consultations:poll_option_add", args=[setup.poll.pk])
    response = logged_in(setup.team.office_user).post(
        url, {"label": "finlandia", "details": "", "justification": ""}, follow=True
    )
    assert response.status_code == 200 and "już na liście" in response.content.decode()
    assert setup.poll.options.count() == 5


def test_the_chart_has_one_bar_per_option_even_with_equal_labels(setup):
    poll = setup.poll
    twin = PollOption.objects.create(poll=poll, position=6, label="Niemcy")  # older data
    services.cast_vote(poll, setup.team.members[0], [twin.pk])
    spec = charts.results_chart(services.results(poll), False, "opis")
    rows = spec["datasets"]["results"]
    assert len(rows) == 6 and len({row[spec["encoding"]["y"]["field"]] for row in rows}) == 6
    label_expr = spec["encoding"]["y"]["axis"]["labelExpr"]
    assert f'"{twin.pk}": "Niemcy"' in label_expr and "Finlandia" in label_expr


def test_who_has_voted_cannot_propose_an_option_and_the_page_says_why(setup):
    poll = setup.poll
    voter, proposer = setup.team.members[0], setup.team.members[1]
    services.cast_vote(poll, voter, [poll.options.first().pk])
    with pytest.raises(services.NotAllowed, match="nie zmienia już oddanych głosów"):
        services.propose_option(poll, voter, "Francja", "", "Polityka senioralna")
    page = logged_in(setup.second_user).get(poll.get_absolute_url()).content.decode()
    assert 'id="propose-heading"' not in page
    page = logged_in(setup.team.member_user).get(poll.get_absolute_url()).content.decode()
    assert "nie zmienia już oddanych głosów" in page
    services.propose_option(poll, proposer, "Francja", "", "Polityka senioralna")
    assert poll.options.count() == 6


def test_a_ranking_result_names_its_last_column_as_first_places(setup):
    poll = open_poll(setup.team, Poll.Method.RANKING)
    ids = list(poll.options.values_list("pk", flat=True))
    services.cast_vote(poll, setup.team.members[0], ids[:2])
    page = logged_in(setup.team.office_user).get(poll.get_absolute_url()).content.decode()
    table = page.split('id="results-table"')[1].split("</thead>")[0]
    assert "Odsetek pierwszych miejsc" in table and "Odsetek głosujących" not in table
