"""Issue 16, votes: rules per body, votes at a meeting per member, circular votes, numbered
resolutions in a register joined to the follow-up board."""

import datetime
import io
import re
import threading
import time
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from lll.coordination import services
from lll.coordination.forms import MeetingForm
from lll.coordination.models import (
    Attendance,
    Body,
    BodyRules,
    Meeting,
    Membership,
    MemberVote,
    Person,
    Resolution,
    Vote,
)
from lll.coordination.services import resolutions as register
from lll.coordination.services import rules, votes
from lll.core.dates import add_working_days
from lll.core.errors import UserError

from .conftest import WARSAW, Team

pytestmark = pytest.mark.django_db


def present(team: Team, *people: Person) -> None:
    for person in people:
        Attendance.objects.create(meeting=team.meeting, person=person, status="present")


def per_member(team: Team, title: str, choices: dict[Person, str], **fields: Any) -> Vote:
    data = votes.MeetingVoteInput(
        title=title, choices={p.pk: c for p, c in choices.items()}, **fields
    )
    return votes.record_meeting_vote(team.meeting, team.office_user, data)


# ---------------------------------------------------------------------------------------------
# Rules


def test_the_wrrp_works_by_the_2025_regulation_and_the_wzk_by_its_own_rules(team):
    wrrp = rules.rules_for(team.wrrp)
    assert "Dz.U. 2025 poz. 1621" in wrrp.source
    assert wrrp.allowed_modes() == ["in_person", "remote", "hybrid"]
    assert (wrrp.quorum_percent, wrrp.majority, wrrp.casting_vote) == (50, "simple", True)
    assert (wrrp.circular_turnout_percent, wrrp.minutes_acceptance) == (50, "meeting_or_circular")
    assert (wrrp.marshal_copy_days, wrrp.yearly_report_month, wrrp.yearly_report_day) == (20, 1, 31)
    wzk = rules.rules_for(team.wzk)
    assert wzk.minutes_acceptance == "office" and wzk.marshal_copy_days is None
    assert rules.quorum_needed(wrrp, 29) == 15


def test_the_office_edits_a_bodys_rules_and_the_meeting_page_applies_them(client, team):
    client.force_login(team.office_user)
    url = reverse("coordination:body_rules", args=[team.wzk.pk])
    page = client.get(url + "?template=wrrp2025")
    assert page.status_code == 200 and "1621" in page.content.decode()
    form = {
        "source": "Regulamin WZK",
        "remote": "on",
        "quorum_percent": "60",
        "majority": "simple",
        "casting_vote": "on",
        "circular_votes": "on",
        "circular_turnout_percent": "50",
        "minutes_acceptance": "circular",
        "marshal_copy_days": "20",
        "yearly_report_month": "2",
        "yearly_report_day": "30",
    }
    response = client.post(url, form)
    assert response.status_code == 200
    assert (
        "nie istnieje" in response.content.decode() or "does not exist" in response.content.decode()
    )
    assert not BodyRules.objects.exists()  # nothing half-written
    response = client.post(url, form | {"yearly_report_month": "1", "yearly_report_day": "31"})
    assert response.status_code == 302
    team.wzk.refresh_from_db()
    assert team.wzk.rules.allowed_modes() == ["remote"]
    assert team.wzk.quorum_percent == 60  # the meeting's quorum follows the rules
    present(team, team.chair, *team.members[:2])
    page = client.get(team.meeting.get_absolute_url()).content.decode()
    assert "3 z 5" in page or "3 of 5" in page
    quorum = services.quorum(team.meeting)
    assert (quorum.needed, quorum.reached) == (3, True)  # 60% of 5
    deadlines = services.meeting_deadlines(team.meeting)
    assert deadlines[0].due is None  # 20 working days from the acceptance still to come
    assert "20 dni roboczych" in deadlines[0].pending
    assert deadlines[1].due == datetime.date(2025, 1, 31)


def test_a_meeting_only_in_a_form_the_rules_allow(team):
    rules_ = rules.rules_for(team.wzk)
    rules_.in_person = rules_.hybrid = False
    rules.save_rules(rules_)
    data = {
        "body": team.wzk.pk,
        "number": 9,
        "starts_at": "2026-03-02T10:00",
        "mode": "in_person",
    }
    form = MeetingForm(data)
    assert not form.is_valid() and "mode" in form.errors
    assert MeetingForm(data | {"mode": "remote"}).is_valid()
    rules_.remote = False
    with pytest.raises(UserError):
        rules.save_rules(rules_)


def test_working_days_skip_weekends_and_polish_holidays():
    # 1 December 2026 + 20 working days: 24-26 December and the weekends are free.
    assert add_working_days(datetime.date(2026, 12, 1), 20) == datetime.date(2026, 12, 31)
    # Easter Monday 2026 is 6 April, Corpus Christi 4 June.
    assert add_working_days(datetime.date(2026, 4, 3), 1) == datetime.date(2026, 4, 7)
    assert add_working_days(datetime.date(2026, 6, 3), 1) == datetime.date(2026, 6, 5)


# ---------------------------------------------------------------------------------------------
# Votes at a meeting


def test_a_resolution_voted_per_member_is_carried_numbered_and_ready_for_the_minutes(team):
    present(team, team.chair, *team.members[:3])
    a, b, c, d = team.members
    vote = per_member(
        team,
        "Przyjęcie stanowiska w sprawie wizyty studyjnej we Francji",
        {team.chair: "for", a: "for", b: "against", c: "abstain", d: "absent"},
        addressee="Zarząd Województwa Podlaskiego",
        agenda_item=team.meeting.agenda_items.get(position=3),
    )
    assert vote.outcome == Vote.Outcome.CARRIED
    assert vote.took_part == 4 and vote.needed == 3 and vote.members == 5
    assert vote.resolution.reference == "1/2024"
    assert vote.resolution.follow_up == Resolution.FollowUp.TO_SEND
    records = votes.meeting_votes(team.meeting)
    assert [r.resolution for r in records] == ["1/2024"]
    surnames = [name.split()[-1] for name, _choice in records[0].per_member]
    assert surnames == ["Kowalska", "Łukasiewicz", "Nowak", "Ślęzak", "Żółkowska"]
    assert dict(records[0].per_member)["Anna Ślęzak"] in ("against", "przeciw")
    assert re.search(r"(for|za): 2, (against|przeciw): 1", records[0].note)
    assert register.resolution_attachments(team.meeting)[0].endswith(vote.title)
    second = per_member(team, "Druga uchwała", {team.chair: "for", a: "for", b: "for"})
    assert second.resolution.reference == "2/2024"


def test_a_tie_is_decided_by_the_chairs_vote_when_the_rules_say_so(team):
    present(team, team.chair, *team.members)
    a, b, c, d = team.members
    tie = {team.chair: "for", a: "for", b: "against", c: "against", d: "abstain"}
    vote = per_member(team, "Remis", tie)
    assert vote.outcome == Vote.Outcome.CARRIED and vote.chair == team.chair
    rules_ = rules.rules_for(team.wzk)
    rules_.casting_vote = False
    rules.save_rules(rules_)
    vote = per_member(team, "Remis bez głosu rozstrzygającego", tie)
    assert vote.outcome == Vote.Outcome.REJECTED
    assert not Resolution.objects.filter(vote=vote).exists()


def test_without_quorum_nothing_is_adopted(team):
    present(team, team.chair)
    vote = per_member(team, "Bez kworum", {team.chair: "for", team.members[0]: "for"})
    assert vote.outcome == Vote.Outcome.NO_QUORUM
    assert not Resolution.objects.exists()


def test_results_as_counts_are_checked_against_the_members(team):
    present(team, *team.members)
    data = votes.MeetingVoteInput(title="Liczby", recording="counts", counts=(4, 1, 1))
    with pytest.raises(UserError):
        votes.record_meeting_vote(team.meeting, team.office_user, data)
    data.counts = (2, 2, 0)
    data.casting = "against"
    vote = votes.record_meeting_vote(team.meeting, team.office_user, data)
    assert vote.outcome == Vote.Outcome.REJECTED
    assert not vote.member_votes.exists()


def test_the_office_records_a_vote_per_member_in_the_browser(client, team):
    present(team, team.chair, *team.members[:3])
    client.force_login(team.office_user)
    url = reverse("coordination:vote_create", args=[team.meeting.pk])
    form = client.get(url)
    html = form.content.decode()
    assert form.status_code == 200 and html.count('type="radio"') >= 20
    data = {
        "title": "Uchwała w sprawie planu pracy",
        "subject": "resolution",
        "recording": "per_member",
        "addressee": "Zarząd Województwa",
    }
    incomplete = client.post(url, data)
    assert incomplete.status_code == 200 and not Vote.objects.exists()
    choices = {f"member_{p.pk}": "for" for p in [team.chair, *team.members[:3]]}
    choices[f"member_{team.members[3].pk}"] = "absent"
    response = client.post(url, data | choices)
    assert response.status_code == 302
    vote = Vote.objects.get()
    assert vote.member_votes.count() == 5 and vote.resolution.reference == "1/2024"
    page = client.get(team.meeting.get_absolute_url()).content.decode()
    assert "Uchwała w sprawie planu pracy" in page and "1/2024" in page
    # A member sees the vote and how everyone voted; only the office records votes.
    client.force_login(team.member_user)
    detail = client.get(vote.get_absolute_url()).content.decode()
    assert team.members[0].full_name in detail
    assert client.get(url).status_code == 403
    client.force_login(team.outsider_user)
    assert client.get(vote.get_absolute_url()).status_code == 404


# ---------------------------------------------------------------------------------------------
# Resolutions: numbers, register, follow-up board


def test_resolution_numbers_are_unique_per_body_and_year_in_the_database(team):
    Resolution.objects.create(
        body=team.wzk, year=2026, number=3, kind="resolution", title="A", adopted_on="2026-01-02"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Resolution.objects.create(
            body=team.wzk, year=2026, number=3, kind="position", title="B", adopted_on="2026-01-03"
        )
    # Another body, or another year, starts its own numbering.
    Resolution.objects.create(
        body=team.wrrp, year=2026, number=3, kind="resolution", title="C", adopted_on="2026-01-02"
    )
    Resolution.objects.create(
        body=team.wzk, year=2025, number=3, kind="resolution", title="D", adopted_on="2025-01-02"
    )


def test_a_number_taken_meanwhile_makes_the_next_one(team):
    """Two offices numbering at once: the one that computed a number already taken (it read
    the register before the other's insert) gets the next number instead of an error."""
    present(team, *team.members)
    vote = Vote.objects.create(
        body=team.wzk,
        kind="meeting",
        meeting=team.meeting,
        title="Uchwała",
        status="closed",
        outcome="carried",
    )
    Resolution.objects.create(
        body=team.wzk, year=2024, number=1, kind="resolution", title="A", adopted_on="2024-06-27"
    )
    resolution = register.number_resolution(vote, number=1)
    assert resolution is not None and resolution.reference == "2/2024"


def test_the_register_searches_sorts_exports_and_feeds_the_follow_up_board(client, team):
    present(team, team.chair, *team.members)
    everyone = dict.fromkeys([team.chair, *team.members], "for")
    per_member(
        team, "Stanowisko w sprawie Francji", everyone, subject="position", addressee="MRPiPS"
    )
    per_member(team, "Uchwała o planie pracy", everyone)
    client.force_login(team.office_user)
    url = reverse("coordination:resolution_list")
    page = client.get(url, {"q": "francji"}).content.decode()
    assert "Stanowisko w sprawie Francji" in page and "planie pracy" not in page
    page = client.get(url, {"sort": "title"}).content.decode()
    assert page.index("Stanowisko w sprawie") < page.index("Uchwała o planie")
    page = client.get(url, {"sort": "-title"}).content.decode()
    assert page.index("Stanowisko w sprawie") > page.index("Uchwała o planie")
    export = client.get(url, {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    numbers = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert numbers == ["2/2024", "1/2024"]
    board = client.get(reverse("coordination:follow_up")).content.decode()
    assert "Stanowisko w sprawie Francji" in board  # awaits the ministry's answer
    assert "Uchwała o planie pracy" not in board  # no addressee: nothing to follow up
    resolution = Resolution.objects.get(kind="position")
    response = client.post(
        resolution.get_absolute_url(),
        {"addressee": "MRPiPS", "follow_up": "answered", "follow_up_note": "Odpowiedź z 3.02."},
    )
    assert response.status_code == 302
    board = client.get(reverse("coordination:follow_up")).content.decode()
    assert "Stanowisko w sprawie Francji" not in board


# ---------------------------------------------------------------------------------------------
# Circular votes


def circular(team: Team, title: str = "Uchwała obiegowa", days: int = 3) -> Vote:
    return votes.start_circular_vote(
        team.wzk,
        team.office_user,
        title=title,
        closes_at=timezone.now() + datetime.timedelta(days=days),
        addressee="Zarząd Województwa",
    )


def cast(vote: Vote, *pairs: tuple[Person, str]) -> None:
    for person, choice in pairs:
        votes.cast_circular_vote(vote, person, choice, MemberVote.Via.BROWSER)


def test_a_circular_vote_fails_for_low_turnout_and_passes_with_half_the_members(team):
    a, b, c, _d = team.members
    low = circular(team, "Za mało głosów")
    cast(low, (a, "for"), (b, "for"))
    low = votes.close_vote(low)
    assert low.outcome == Vote.Outcome.NO_TURNOUT
    assert (low.took_part, low.needed, low.members) == (2, 3, 5)
    assert not Resolution.objects.exists()
    enough = circular(team, "Wystarczająco głosów")
    cast(enough, (a, "for"), (b, "for"), (c, "against"))
    enough = votes.close_vote(enough)
    assert enough.outcome == Vote.Outcome.CARRIED
    assert enough.resolution.reference == f"1/{timezone.localdate().year}"


def test_members_vote_once_before_the_deadline_and_only_members(team):
    vote = circular(team)
    cast(vote, (team.members[0], "for"))
    with pytest.raises(UserError):
        cast(vote, (team.members[0], "against"))
    with pytest.raises(UserError):
        cast(vote, (team.outsider, "for"))
    Vote.objects.filter(pk=vote.pk).update(closes_at=timezone.now() - datetime.timedelta(minutes=1))
    vote.refresh_from_db()
    with pytest.raises(UserError):
        cast(vote, (team.members[1], "for"))
    assert vote.member_votes.count() == 1


def test_the_e_mail_link_votes_without_logging_in_and_cannot_be_forged(client, team, mailbox):
    vote = circular(team)
    mailbox.refused.add("m3@example.org")
    sent, failed = votes.send_vote_invitations(vote, "https://lll.example.org")
    assert (sent, failed) == (4, 1)
    refused = vote.deliveries.get(sent=False)
    assert refused.email == "m3@example.org" and "550" in refused.error
    assert vote.deliveries.filter(sent=True, kind="invitation").count() == 4
    client.force_login(team.office_user)
    assert "m3@example.org" in client.get(vote.get_absolute_url()).content.decode()
    client.logout()
    links = [re.search(r"https://lll\.example\.org(/\S+)", body) for body in mailbox.bodies()]
    paths = {
        m["X-Rcpt-To"]: link.group(1)
        for m, link in zip(mailbox.messages, links, strict=True)
        if link
    }
    assert len(set(paths.values())) == 4
    mine = paths["m0@example.org"]
    page = client.get(mine)
    assert page.status_code == 200 and "Uchwała obiegowa" in page.content.decode()
    assert not vote.member_votes.exists()  # opening the link casts nothing
    assert client.post(mine, {"choice": "against"}).status_code == 302
    assert client.post(mine, {"choice": "for"}).status_code == 302  # refused: voted already
    recorded = vote.member_votes.get()
    assert (recorded.person, recorded.choice, recorded.via) == (team.members[0], "against", "email")
    forged = mine.replace("/glosuj/", "/glosuj/x")
    assert client.get(forged).status_code == 404


def test_reminders_go_to_those_who_have_not_voted_and_the_command_closes_due_votes(team, mailbox):
    soon = circular(team, "Zamyka się jutro", days=1)
    later = circular(team, "Zamyka się za tydzień", days=7)
    cast(soon, (team.members[0], "for"), (team.chair, "for"))
    assert list(votes.reminders_due()) == [soon]
    past = circular(team, "Termin minął")
    cast(past, (team.members[0], "for"))
    Vote.objects.filter(pk=past.pk).update(closes_at=timezone.now() - datetime.timedelta(hours=1))
    out = io.StringIO()
    call_command("send_vote_reminders", stdout=out)
    addressees = sorted(m["X-Rcpt-To"] for m in mailbox.messages)
    assert addressees == ["m1@example.org", "m2@example.org", "m3@example.org"]
    past.refresh_from_db()
    assert past.status == "closed" and past.outcome == Vote.Outcome.NO_TURNOUT
    assert list(votes.reminders_due()) == []  # once per vote
    later.refresh_from_db()
    assert later.reminder_sent_at is None


def test_accepting_minutes_by_circular_vote_tells_the_minutes_lifecycle(
    team, django_capture_on_commit_callbacks
):
    minutes = services.draft_minutes(team.meeting, team.office_user)
    decided: list[Vote] = []

    def listen(sender: object, vote: Vote, **kwargs: object) -> None:
        decided.append(vote)

    votes.vote_decided.connect(listen)
    try:
        vote = votes.start_minutes_acceptance(
            minutes, team.office_user, closes_at=timezone.now() + datetime.timedelta(days=5)
        )
        assert vote.subject == Vote.Subject.MINUTES and vote.minutes == minutes
        cast(vote, *[(p, "for") for p in team.members[:3]])
        with django_capture_on_commit_callbacks(execute=True):
            votes.close_vote(vote)
    finally:
        votes.vote_decided.disconnect(listen)
    assert [v.outcome for v in decided] == [Vote.Outcome.CARRIED]
    assert decided[0].minutes == minutes
    assert not Resolution.objects.exists()  # accepting minutes is no resolution
    # The minutes' lifecycle listened: accepted by circular vote and locked.
    minutes.refresh_from_db()
    assert minutes.status == minutes.Status.APPROVED and minutes.accepted_how == "circular"


def test_the_member_votes_in_the_browser_from_their_overview(client, team):
    vote = circular(team)
    cast(vote, (team.members[0], "against"))
    client.force_login(team.member_user)
    # While it runs, a member sees no interim results (they could sway the rest).
    assert 'id="member-votes"' not in client.get(vote.get_absolute_url()).content.decode()
    overview = client.get(reverse("coordination:home")).content.decode()
    assert vote.get_absolute_url() in overview
    response = client.post(reverse("coordination:vote_cast", args=[vote.pk]), {"choice": "for"})
    assert response.status_code == 302
    assert vote.member_votes.get(person=team.members[1]).choice == "for"
    client.force_login(team.office_user)
    assert 'id="member-votes"' in client.get(vote.get_absolute_url()).content.decode()
    client.force_login(team.member_user)
    overview = client.get(reverse("coordination:home")).content.decode()
    assert vote.get_absolute_url() not in overview


def test_circular_votes_need_rules_that_provide_for_them(team):
    rules_ = rules.rules_for(team.wzk)
    rules_.circular_votes = False
    rules.save_rules(rules_)
    with pytest.raises(UserError):
        circular(team)


def test_a_wrrp_meeting_has_the_marshal_deadline(team):
    meeting = Meeting.objects.create(
        body=team.wrrp,
        number=1,
        starts_at=datetime.datetime(2026, 12, 1, 10, 0, tzinfo=WARSAW),
        mode="hybrid",
    )
    due = rules.marshal_copy_due(meeting.body, datetime.date(2026, 12, 1))
    assert due == datetime.date(2026, 12, 31)
    assert rules.yearly_report_due(team.wrrp, 2026) == datetime.date(2027, 1, 31)
    assert Body.objects.count() == 2 and Membership.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_offices_numbering_at_once_get_two_numbers(team):
    """PostgreSQL: two transactions read the same last number; the second insert waits for the
    first to commit, is refused by the unique constraint and takes the next number."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers: no two transactions insert at once")
    first, second = (
        Vote.objects.create(
            body=team.wzk, kind="meeting", meeting=team.meeting, title=title, status="closed"
        )
        for title in ("Pierwsza", "Druga")
    )
    inserted = threading.Barrier(2)
    numbers: dict[str, str] = {}

    def office(vote: Vote, waits_first: bool) -> None:
        try:
            if waits_first:
                inserted.wait()
            with transaction.atomic():
                resolution = register.number_resolution(vote, number=1)
                if not waits_first:
                    inserted.wait()
                    time.sleep(0.5)  # the other's insert now waits for this commit
            assert resolution is not None
            numbers[vote.title] = resolution.reference
        finally:
            connection.close()

    threads = [
        threading.Thread(target=office, args=(first, False)),
        threading.Thread(target=office, args=(second, True)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert numbers == {"Pierwsza": "1/2024", "Druga": "2/2024"}
