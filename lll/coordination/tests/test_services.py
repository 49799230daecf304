import datetime

import pytest
from django.utils import timezone

from lll.coordination import services
from lll.coordination.models import (
    ActionItem,
    AgendaChange,
    Attendance,
    Meeting,
    Minutes,
    Outcome,
)

pytestmark = pytest.mark.django_db


def _titles(meeting):
    return list(meeting.agenda_items.order_by("position").values_list("title", flat=True))


def test_members_see_only_the_bodies_they_belong_to_today(team):
    assert set(services.visible_bodies(team.office_user)) == {team.wzk, team.wrrp}
    assert list(services.visible_bodies(team.member_user)) == [team.wzk]
    assert list(services.visible_meetings(team.outsider_user)) == []
    # A membership that ended no longer opens the body.
    membership = team.members[1].memberships.get()
    membership.term_to = timezone.localdate() - datetime.timedelta(days=1)
    membership.save()
    assert list(services.visible_bodies(team.member_user)) == []


def test_building_the_agenda_is_not_recorded_but_a_change_after_the_invitation_is(team):
    meeting = team.meeting
    services.move_agenda_item(meeting.agenda_items.get(position=4), 1, team.office_user)
    assert _titles(meeting)[0] == "Zakończenie"
    assert not AgendaChange.objects.exists()
    services.move_agenda_item(meeting.agenda_items.get(position=1), 4, team.office_user)

    meeting.status = Meeting.Status.INVITED
    meeting.save()
    item = meeting.agenda_items.get(title="Prekonsultacje")
    services.move_agenda_item(item, 2, team.office_user, "problemy z połączeniem")
    assert _titles(meeting) == [
        "Otwarcie spotkania",
        "Prekonsultacje",
        "Prezentacja COMORELP",
        "Zakończenie",
    ]
    change = AgendaChange.objects.get()
    assert (change.from_position, change.to_position) == (3, 2)
    assert change.reason == "problemy z połączeniem"
    # Out-of-range positions are clamped, deleting renumbers without gaps.
    services.move_agenda_item(item, 99, team.office_user)
    assert _titles(meeting)[-1] == "Prekonsultacje"
    services.delete_agenda_item(meeting.agenda_items.get(position=1))
    assert list(meeting.agenda_items.values_list("position", flat=True)) == [1, 2, 3]


def test_quorum_counts_present_and_substituted_members_only(team):
    meeting = team.meeting
    memberships = {m.person_id: m for m in services.expected_members(meeting)}
    assert services.quorum(meeting).needed == 3  # 5 voting members, at least 50%
    services.record_attendance(
        meeting,
        {
            memberships[team.chair.pk]: Attendance.Status.PRESENT,
            memberships[team.members[0].pk]: Attendance.Status.SUBSTITUTED,
            memberships[team.members[1].pk]: Attendance.Status.EXCUSED,
        },
    )
    Attendance.objects.create(meeting=meeting, person=team.guest, status=Attendance.Status.GUEST)
    quorum = services.quorum(meeting)
    assert (quorum.members, quorum.present, quorum.reached) == (5, 2, False)
    assert meeting.attendance.get(person=team.members[0]).substitute == team.substitute
    services.record_attendance(meeting, {memberships[team.members[2].pk]: "present"})
    assert services.quorum(meeting).reached
    assert services.participant_count(meeting) == 4
    # Clearing a status removes the record.
    services.record_attendance(meeting, {memberships[team.members[2].pk]: ""})
    assert not services.quorum(meeting).reached


def test_draft_minutes_come_from_the_structured_meeting(team):
    meeting = team.meeting
    meeting.status = Meeting.Status.INVITED
    meeting.save()
    services.move_agenda_item(
        meeting.agenda_items.get(title="Prekonsultacje"), 2, team.office_user, "awaria łącza"
    )
    comorelp = meeting.agenda_items.get(title="Prezentacja COMORELP")
    comorelp.presenters.add(team.guest)
    comorelp.speakers.add(team.members[0])
    comorelp.notes = "Omówiono narzędzie samooceny."
    comorelp.save()
    Outcome.objects.create(agenda_item=comorelp, text="Zespół przeprowadzi samoocenę.")
    ActionItem.objects.create(
        meeting=meeting, agenda_item=comorelp, title="Rozesłać ankietę", owner=team.chair
    )
    Attendance.objects.create(meeting=meeting, person=team.chair, status="present")

    minutes = services.draft_minutes(meeting, team.office_user)
    assert services.draft_minutes(meeting, team.office_user) == minutes  # one draft only
    assert "drugie" in minutes.introduction
    assert "Wojewódzkiego Zespołu Koordynacji" in minutes.introduction
    assert "Teams" in minutes.introduction
    assert "awaria łącza" in minutes.agenda_changes  # a paragraph of its own
    assert minutes.signatory_name == "Zofia Żółkowska"
    section = minutes.sections.get(title="Prezentacja COMORELP")
    assert section.position == 3
    for expected in [
        "Ewa Ekspertka",
        "Omówiono narzędzie samooceny.",
        "Anna Łukasiewicz",
        "Zespół przeprowadzi samoocenę.",
        "Rozesłać ankietę",
    ]:
        assert expected in section.text
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.MINUTES_DRAFTED
    assert "drugiego" in services.minutes_title(meeting)


def test_approval_freezes_the_minutes_and_a_change_makes_a_new_version(team):
    meeting = team.meeting
    Attendance.objects.create(meeting=meeting, person=team.chair, status="present")
    minutes = services.draft_minutes(meeting, team.office_user)
    services.approve_minutes(minutes, team.office_user)
    with pytest.raises(services.MinutesFrozen):
        services.approve_minutes(minutes, team.office_user)
    names = [row["name"] for row in minutes.attendance_snapshot]
    assert names == [
        "Anna Kowalska",
        "Anna Łukasiewicz",
        "Anna Nowak",
        "Anna Ślęzak",
        "Zofia Żółkowska",
    ]
    team.chair.last_name = "Abacka"
    team.chair.save()
    assert services.minutes_attendance(minutes)[-1]["name"] == "Zofia Żółkowska"

    draft = services.new_minutes_version(minutes, team.office_user, "literówka w nazwisku")
    assert (draft.version, draft.status, draft.change_reason) == (
        2,
        "draft",
        "literówka w nazwisku",
    )
    assert draft.sections.count() == minutes.sections.count()
    assert services.new_minutes_version(minutes, team.office_user, "x") == draft
    services.approve_minutes(draft, team.office_user)
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.SUPERSEDED
    assert services.minutes_attendance(draft)[0]["name"] == "Zofia Abacka"


def test_follow_up_lists_open_items_overdue_first_and_the_next_meeting_reviews_them(team):
    today = timezone.localdate()
    late = ActionItem.objects.create(
        meeting=team.meeting, title="Spóźnione", owner=team.chair, due_date=today.replace(year=2024)
    )
    later = ActionItem.objects.create(
        meeting=team.meeting,
        title="Na później",
        owner=team.chair,
        due_date=today + datetime.timedelta(days=30),
        status="in_progress",
    )
    undated = ActionItem.objects.create(meeting=team.meeting, title="Bez terminu", owner=team.chair)
    ActionItem.objects.create(
        meeting=team.meeting, title="Zrobione", owner=team.chair, status="done"
    )
    assert list(services.open_action_items()) == [late, later, undated]
    assert late.is_overdue and not later.is_overdue

    next_meeting = Meeting.objects.create(
        body=team.wzk, number=3, starts_at=timezone.now() - datetime.timedelta(hours=1)
    )
    review = services.add_follow_up_review(next_meeting)
    assert services.add_follow_up_review(next_meeting) == review
    assert list(services.follow_up_for(next_meeting)) == [late, later, undated]
    minutes = services.draft_minutes(next_meeting, None)
    text = minutes.sections.get(position=review.position).text
    assert "Spóźnione" in text and "Zrobione" not in text
    assert services.next_meeting_number(team.wzk) == 4


def test_erasure_removes_contact_data_but_keeps_the_name(team, mailbox):
    person = team.members[0]
    data = services.export_person(person)
    assert data["email"] == "m0@example.org"
    assert data["memberships"][0]["body"] == "Wojewódzki Zespół Koordynacji"
    services.erase_person(person)
    person.refresh_from_db()
    assert (person.email, person.phone, person.user, person.full_name) == (
        "",
        "",
        None,
        "Anna Łukasiewicz",
    )
    assert person.erased_at is not None
    assert services.export_person(person)["email"] == ""


def test_members_are_listed_lutek_before_lada_as_in_self_assessment(team):
    from lll.coordination.models import Membership, Person

    for last in ["Łada", "Lutek"]:
        person = Person.objects.create(first_name="Ewa", last_name=last)
        Membership.objects.create(
            body=team.wrrp, person=person, term_from=team.meeting.starts_at.date()
        )
    names = [m.person.last_name for m in services.polish_order(team.wrrp.memberships.all())]
    assert names.index("Lutek") < names.index("Łada")
