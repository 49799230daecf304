"""Findings of a new user's walk through the coordination pages (walk-b)."""

import io
import re

import openpyxl
import pytest
from django.urls import reverse

from lll.coordination.models import ActionItem, Attendance, Body, Institution, Person

pytestmark = pytest.mark.django_db


def test_removing_a_guest_asks_first(client, team):
    record = Attendance.objects.create(
        meeting=team.meeting, person=team.guest, status=Attendance.Status.GUEST
    )
    client.force_login(team.office_user)
    page = client.get(reverse("coordination:attendance", args=[team.meeting.pk])).content.decode()
    action = reverse("coordination:guest_remove", args=[record.pk])
    form = re.search(rf'<form[^>]*action="{action}"[^>]*>', page)
    assert form is not None
    assert 'data-confirm="Usunąć gościa Ewa Ekspertka z listy obecności?"' in form.group(0)


def test_presenters_are_ticked_in_a_list_with_the_chosen_first(client, team):
    item = team.meeting.agenda_items.get(position=2)
    item.presenters.set([team.members[2]])
    client.force_login(team.office_user)
    url = reverse("coordination:item_edit", args=[team.meeting.pk, item.pk])
    page = client.get(url).content.decode()
    assert "<select" not in page and "Ctrl" not in page
    assert '<legend class="form-label fs-6 fw-semibold">Prelegenci</legend>' in page
    assert "Wybrano: <span>1</span>" in page
    presenters = page[page.index('id="id_presenters"') : page.index('id="id_notes"')]
    boxes = re.findall(
        r'<input type="checkbox" name="presenters" value="(\d+)"([^>]*)>', presenters
    )
    assert boxes[0][0] == str(team.members[2].pk) and boxes[0][1].endswith(" checked")
    assert not any(attrs.endswith(" checked") for _pk, attrs in boxes[1:])
    assert len(boxes) == Person.objects.count()  # everyone in the register
    wup = "Wojewódzki Urząd Pracy w Białymstoku"
    assert f"{team.chair.full_name} (" in presenters and wup in presenters

    response = client.post(
        url,
        {"title": item.title, "presenters": [team.chair.pk, team.guest.pk], "speakers": []},
    )
    assert response.status_code == 302
    assert set(item.presenters.all()) == {team.chair, team.guest}


def test_a_member_is_offered_only_their_own_action_items_to_update(client, team):
    mine = ActionItem.objects.create(
        meeting=team.meeting, title="Moje zadanie", owner=team.members[1]
    )
    other = ActionItem.objects.create(meeting=team.meeting, title="Cudze zadanie", owner=team.chair)
    client.force_login(team.member_user)
    page = client.get(reverse("coordination:follow_up")).content.decode()
    assert reverse("coordination:action_update", args=[mine.pk]) in page
    assert reverse("coordination:action_update", args=[other.pk]) not in page
    assert "Cudze zadanie" in page  # still read on the board
    assert client.get(reverse("coordination:action_update", args=[other.pk])).status_code == 403
    client.force_login(team.office_user)
    page = client.get(reverse("coordination:follow_up")).content.decode()
    assert reverse("coordination:action_update", args=[other.pk]) in page


def test_the_bodies_list_downloads_like_every_other_list(client, team):
    client.force_login(team.member_user)
    page = client.get(reverse("coordination:body_list")).content.decode()
    assert '<a href="?export=xlsx">XLSX</a>' in page
    response = client.get(reverse("coordination:body_list") + "?export=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0] == ("Nazwa", "Skrót", "Typ", "Podstawa prawna", "Członkowie", "Posiedzenia")
    # A member sees only their own body, in the file as on the page.
    assert [row[1] for row in rows[1:]] == ["WZK"]
    assert rows[1][4] == 5


@pytest.mark.parametrize(
    "number, starts_at, field, message",
    [
        (0, "2027-01-14T10:00", "number", "Posiedzenia numeruje się od 1."),
        (5, "0027-01-14T10:00", "starts_at", "Sprawdź rok: posiedzenie odbywa się między 2000"),
        (5, "2207-01-14T10:00", "starts_at", "Sprawdź rok: posiedzenie odbywa się między 2000"),
    ],
)
def test_a_meeting_number_or_year_typo_is_refused(client, team, number, starts_at, field, message):
    client.force_login(team.office_user)
    data = {
        "body": team.wzk.pk,
        "number": number,
        "starts_at": starts_at,
        "ends_at": starts_at.replace("T10", "T12"),
        "mode": "remote",
    }
    response = client.post(reverse("coordination:meeting_create"), data)
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert team.wzk.meetings.count() == 1
    response = client.post(
        reverse("coordination:meeting_create"),
        {**data, "number": 5, "starts_at": "2027-01-14T10:00", "ends_at": "2027-01-14T12:00"},
    )
    assert response.status_code == 302 and team.wzk.meetings.count() == 2


def test_institutions_and_bodies_are_listed_alphabetically_the_polish_way(client, team):
    # Counting people or meetings dropped the ordering: the lists came in insertion order.
    # Ł goes with L (the project's search_key), not after Z as in the database's byte order.
    for name in ["Łomżyńska Fundacja", "Akademia", "Zespół Szkół", "Mazowiecka Izba"]:
        Institution.objects.create(name=name, kind="ngo")
    Body.objects.create(name="Łomżyńska sieć", short_name="ŁS", kind="network")
    Body.objects.create(name="Akademicka sieć", short_name="AS", kind="network")
    client.force_login(team.office_user)
    page = client.get(reverse("coordination:institution_list")).content.decode()
    assert re.findall(r'href="/koordynacja/instytucje/\d+/">([^<]+)</a>', page) == [
        "Akademia",
        "Łomżyńska Fundacja",
        "Mazowiecka Izba",
        "Powiatowy Urząd Pracy w Łomży",
        "Wojewódzki Urząd Pracy w Białymstoku",
        "Zespół Szkół",
    ]
    page = client.get(reverse("coordination:body_list")).content.decode()
    assert re.findall(r'href="/koordynacja/organy/\d+/">([^<]+)</a>', page) == [
        "Akademicka sieć",
        "Łomżyńska sieć",
        "Wojewódzka Rada Rynku Pracy",
        "Wojewódzki Zespół Koordynacji",
    ]
