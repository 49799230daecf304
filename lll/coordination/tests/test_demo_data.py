"""The demo coordination team: what `lll load_demo_coordination` loads, and that it does so once."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from lll.coordination import services
from lll.coordination.demo import load_demo, next_working_day
from lll.coordination.models import (
    VOTING_ROLES,
    ActionItem,
    AgendaChange,
    AgendaItem,
    Attendance,
    Body,
    Institution,
    Meeting,
    Membership,
    Minutes,
    MinutesSection,
    Outcome,
    Person,
    Study,
)
from lll.core.demo import DemoPrerequisiteMissing

SEED_DAY = datetime.date(2024, 6, 27)
# The agenda of the real minutes, in the order the meeting took: item 5 (the legal changes) came
# before item 3 (COMORELP), whose presenter had connection problems.
SEED_ORDER = [
    "Otwarcie spotkania",
    "Prezentacja projektu pn. „Rozwój współpracy i koordynacji",
    "Docelowe rozwiązania prawne",
    "Prezentacja narzędzia samooceny",
    "Dyskusja",
    "Prezentacja kierunków wizyt studyjnych",
    "Prezentacja wyników badania",
    "Podsumowanie i zakończenie spotkania",
]
# People named in the public minutes: the demo must not reuse them.
REAL_SURNAMES = {
    "Jabłońska",
    "Sosnowska",
    "Tarnowska-Torbus",
    "Dawidziuk",
    "Godlewski",
    "Dąbrowska",
    "Ożarowski",
}
ALL_MODELS = [
    Institution,
    Person,
    Body,
    Membership,
    Meeting,
    AgendaItem,
    AgendaChange,
    Attendance,
    Outcome,
    ActionItem,
    Minutes,
    MinutesSection,
    Study,
]


@pytest.fixture
def demo(territory):
    return load_demo()


def wzk_meeting(number):
    return Meeting.objects.get(body__short_name="WZK", number=number)


def test_bodies_and_their_members(demo):
    assert set(Body.objects.values_list("kind", flat=True)) == {"wzk", "wrrp", "network"}
    wzk = Body.objects.get(short_name="WZK")
    assert wzk.name_genitive == "Wojewódzkiego Zespołu Koordynacji (WZK)"
    assert "293/5433/2022" in wzk.legal_basis
    assert "12/257/2024" in wzk.rules_of_procedure
    current = wzk.memberships_on(SEED_DAY)
    assert current.count() >= 30
    roles = [m.role for m in current]
    assert roles.count("chair") == roles.count("vice_chair") == roles.count("secretary") == 1
    assert current.filter(substitute__isnull=False).count() >= 2
    # Substitutes are demo people who are not members themselves.
    for membership in current.filter(substitute__isnull=False):
        assert membership.substitute.is_demo
        assert not wzk.memberships.filter(person=membership.substitute).exists()
    # A member replaced during the term: the body has a history.
    ended = wzk.memberships.get(term_to=datetime.date(2023, 12, 31))
    assert not ended.is_current()
    assert wzk.memberships.filter(
        term_from=datetime.date(2024, 1, 1), person__institution=ended.person.institution
    ).exists()
    # The other bodies have members of their own, so what a member may see differs by body.
    wrrp = Body.objects.get(kind="wrrp")
    network = Body.objects.get(kind="network")
    assert wrrp.memberships.count() >= 8
    assert network.memberships.count() >= 5
    wzk_people = set(wzk.memberships.values_list("person", flat=True))
    assert set(wrrp.memberships.values_list("person", flat=True)) - wzk_people
    assert set(network.memberships.values_list("person", flat=True)) - wzk_people


def test_people_are_fictional_and_institutions_are_in_the_region(demo):
    assert Person.objects.count() >= 40
    assert not Person.objects.filter(is_demo=False).exists()
    assert not Institution.objects.filter(is_demo=False).exists()
    assert not Person.objects.filter(last_name__in=REAL_SURNAMES).exists()
    assert all(p.email.endswith("@example.org") for p in Person.objects.all())
    units = {i.unit.code for i in Institution.objects.select_related("unit")}
    assert {"2061", "2003", "2062"} <= units
    assert all(i.unit.level == "powiat" for i in Institution.objects.select_related("unit"))
    # Guests and office staff are people without a seat in the WZK.
    expert = Person.objects.get(institution__name="Wojewódzki Urząd Pracy w Krakowie")
    assert not expert.memberships.exists()


def test_seed_meeting_follows_the_real_minutes(demo):
    meeting = wzk_meeting(2)
    start = timezone.localtime(meeting.starts_at)
    assert (start.date(), start.hour, start.minute) == (SEED_DAY, 10, 0)
    assert timezone.localtime(meeting.ends_at).strftime("%H:%M") == "12:30"
    assert (meeting.mode, meeting.location, meeting.participant_count) == (
        "remote",
        "Microsoft Teams",
        38,
    )
    items = list(meeting.agenda_items.order_by("position"))
    assert [i.position for i in items] == list(range(1, 9))
    for item, title in zip(items, SEED_ORDER, strict=True):
        assert item.title.startswith(title), (item.title, title)
    change = meeting.agenda_changes.get()
    assert change.item_title.startswith("Docelowe rozwiązania prawne")
    assert (change.from_position, change.to_position) == (5, 3)
    assert change.reason == "problemy techniczne z połączeniem z prelegentką"
    assert items[0].presenters.get().memberships.get(body=meeting.body).role == "vice_chair"
    assert items[3].presenters.get().institution.name == "Wojewódzki Urząd Pracy w Krakowie"
    visits = items[5]
    assert visits.speakers.count() == 3
    assert "Francję" in visits.outcomes.get().text
    assert items[6].speakers.count() == 2
    assert all(item.notes for item in items)


def test_seed_meeting_attendance_and_quorum(demo):
    meeting = wzk_meeting(2)
    statuses = list(meeting.attendance.values_list("status", flat=True))
    assert statuses.count("present") >= 20
    assert statuses.count("excused") >= 1
    assert statuses.count("absent") >= 1
    assert statuses.count("guest") >= 3
    substituted = meeting.attendance.get(status="substituted")
    assert substituted.substitute is not None
    assert substituted.substitute != substituted.person
    # Every member expected that day has an attendance record.
    expected = set(services.expected_members(meeting).values_list("person", flat=True))
    assert expected <= set(meeting.attendance.values_list("person", flat=True))
    quorum = services.quorum(meeting)
    voting = meeting.body.memberships_on(SEED_DAY).filter(role__in=VOTING_ROLES).count()
    assert quorum.members == voting
    assert quorum.reached


def test_seed_meeting_action_items_and_approved_minutes(demo):
    meeting = wzk_meeting(2)
    assert meeting.status == Meeting.Status.MINUTES_APPROVED
    actions = {a.status: a for a in meeting.action_items.all()}
    assert set(actions) == {"done", "open", "in_progress"}
    assert actions["open"].is_overdue
    minutes = meeting.minutes.get()
    assert minutes.status == Minutes.Status.APPROVED
    assert (minutes.place, minutes.dated) == ("Białystok", datetime.date(2024, 8, 5))
    assert minutes.signatory_position == (
        "Wicedyrektor ds. Wdrażania i Współpracy, Wojewódzki Urząd Pracy w Białymstoku"
    )
    assert timezone.localtime(minutes.approved_at).date() == datetime.date(2024, 8, 5)
    assert "38 osób" in minutes.introduction
    assert minutes.sections.count() == 8
    # The attendance list is frozen at approval: members and guests, with the substitute named.
    assert len(minutes.attendance_snapshot) == meeting.attendance.count()
    names = {row["name"] for row in minutes.attendance_snapshot}
    substituted = meeting.attendance.get(status="substituted")
    assert substituted.person.full_name in names
    statuses = [row["status"] for row in minutes.attendance_snapshot]
    assert any(substituted.substitute.full_name in status for status in statuses)
    assert minutes.attachments_snapshot


def test_first_and_next_meetings(demo):
    first = wzk_meeting(1)
    assert first.mode == "in_person"
    assert "Pogodna 22" in first.location
    assert first.agenda_items.count() == 4
    assert first.minutes.get().status == Minutes.Status.APPROVED
    overdue = first.action_items.get(status="open")
    assert overdue.is_overdue
    assert overdue.title.startswith("Przygotować zestawienie badań i analiz")
    # The member replaced later was still on the team at the first meeting.
    ended = Membership.objects.get(body=first.body, term_to=datetime.date(2023, 12, 31))
    assert first.attendance.filter(person=ended.person).exists()

    upcoming = wzk_meeting(3)
    assert upcoming.status == Meeting.Status.PLANNED
    assert upcoming.mode == "hybrid"
    start = timezone.localtime(upcoming.starts_at)
    assert start.date() >= timezone.localdate() + datetime.timedelta(days=30)
    assert start.weekday() < 5
    assert (start.hour, start.minute) == (10, 0)
    review = upcoming.agenda_items.get(is_follow_up_review=True)
    assert review.position == 2
    assert overdue in services.follow_up_for(upcoming)
    assert not upcoming.agenda_changes.exists()


def test_studies(demo):
    completed = Study.objects.get(status="completed")
    assert completed.title == (
        "Losy kierunków kształcenia pozytywnie zaopiniowanych przez WRRP w Białymstoku w 2023 r."
    )
    assert completed.presented_at == wzk_meeting(2)
    assert "40%" in completed.summary
    assert "2021" in completed.summary
    ongoing = Study.objects.get(status="ongoing")
    assert "kursy zawodowe" in ongoing.title


def test_loading_twice_changes_nothing(territory):
    stdout = io.StringIO()
    call_command("load_demo_coordination", stdout=stdout)
    counts = {model: model._default_manager.count() for model in ALL_MODELS}
    upcoming = wzk_meeting(3).starts_at
    assert not any(load_demo().values())
    call_command("load_demo_coordination", stdout=stdout)
    assert {model: model._default_manager.count() for model in ALL_MODELS} == counts
    assert wzk_meeting(3).starts_at == upcoming
    assert Person.objects.filter(first_name="Renata", last_name="Malinowska").count() == 1


@pytest.mark.django_db
def test_without_the_territory_nothing_is_loaded(no_territory):
    with pytest.raises(CommandError, match="lll load_territory"):
        call_command("load_demo_coordination", stdout=io.StringIO())
    with pytest.raises(DemoPrerequisiteMissing):
        load_demo()
    assert not any(model._default_manager.exists() for model in ALL_MODELS)


def test_next_working_day_skips_weekends_and_holidays():
    assert next_working_day(datetime.date(2026, 12, 26)) == datetime.date(2026, 12, 28)
    assert next_working_day(datetime.date(2026, 11, 11)) == datetime.date(2026, 11, 12)
    assert next_working_day(datetime.date(2024, 6, 27)) == datetime.date(2024, 6, 27)
