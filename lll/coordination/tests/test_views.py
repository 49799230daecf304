import io
import json
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lll.coordination import services
from lll.coordination.models import (
    ActionItem,
    AgendaChange,
    Attendance,
    Body,
    Institution,
    Material,
    Meeting,
    Minutes,
    Outcome,
    Person,
    Study,
)

pytestmark = pytest.mark.django_db


def test_anonymous_users_are_sent_to_the_login_page(client, team):
    for url in [
        reverse("coordination:home"),
        reverse("coordination:meeting", args=[team.meeting.pk]),
        reverse("coordination:search") + "?q=wzk",
    ]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_member_of_another_body_sees_nothing_of_this_one(client, team):
    minutes = services.draft_minutes(team.meeting, None)
    services.approve_minutes(minutes, None)
    material = Material(meeting=team.meeting, title="Prezentacja WZK")
    material.file.save("wzk.pdf", io.BytesIO(b"%PDF-1.4"), save=True)
    client.force_login(team.outsider_user)
    home = client.get(reverse("coordination:home")).content.decode()
    assert "Wojewódzka Rada Rynku Pracy" in home and "Wojewódzki Zespół Koordynacji" not in home
    for url in [
        reverse("coordination:meeting", args=[team.meeting.pk]),
        reverse("coordination:body", args=[team.wzk.pk]),
        reverse("coordination:minutes", args=[minutes.pk]),
        reverse("coordination:minutes_download", args=[minutes.pk, "pdf"]),
        reverse("coordination:material", args=[material.pk]),
        reverse("coordination:meeting_ics", args=[team.meeting.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    assert "WZK" not in client.get(reverse("coordination:meeting_list")).content.decode()
    assert client.get(reverse("coordination:search") + "?q=Prezentacja").context["results"] == []
    # Editing pages are for the office only.
    assert client.get(reverse("coordination:attendance", args=[team.meeting.pk])).status_code == 403
    assert (
        client.post(reverse("coordination:minutes_draft", args=[team.meeting.pk])).status_code
        == 403
    )
    material.file.delete()


def test_a_member_sees_their_meetings_approved_minutes_only_and_their_action_items(client, team):
    action = ActionItem.objects.create(
        meeting=team.meeting, title="Przygotować listę instytucji", owner=team.members[1]
    )
    minutes = services.draft_minutes(team.meeting, None)
    client.force_login(team.member_user)
    assert client.get(reverse("coordination:minutes", args=[minutes.pk])).status_code == 404
    page = client.get(reverse("coordination:meeting", args=[team.meeting.pk])).content.decode()
    assert "Prezentacja COMORELP" in page and "Odnotuj obecność" not in page
    home = client.get(reverse("coordination:home")).content.decode()
    assert "Przygotować listę instytucji" in home
    # The owner reports progress on their own item; not on somebody else's.
    response = client.post(
        reverse("coordination:action_update", args=[action.pk]),
        {"status": "in_progress", "progress_note": "Zebrano 3 propozycje."},
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == "in_progress"
    other = ActionItem.objects.create(meeting=team.meeting, title="Cudze", owner=team.chair)
    assert client.get(reverse("coordination:action_update", args=[other.pk])).status_code == 403
    services.approve_minutes(minutes, None)
    assert client.get(reverse("coordination:minutes", args=[minutes.pk])).status_code == 200


def test_the_office_runs_a_meeting_from_agenda_to_approved_minutes(client, team, mailbox):
    client.force_login(team.office_user)
    response = client.post(
        reverse("coordination:meeting_create"),
        {
            "body": team.wzk.pk,
            "number": 3,
            "starts_at": "2025-12-10T10:00",
            "ends_at": "2025-12-10T12:00",
            "mode": "hybrid",
            "location": "WUP Białystok, ul. Pogodna 22",
        },
    )
    meeting = Meeting.objects.get(number=3)
    assert response["Location"] == meeting.get_absolute_url()
    for title in ["Otwarcie", "Wizyty studyjne", "Badanie losów absolwentów"]:
        client.post(
            reverse("coordination:item_create", args=[meeting.pk]),
            {"title": title, "presenters": [team.chair.pk]},
        )
    assert meeting.agenda_items.count() == 3
    response = client.post(
        reverse("coordination:mailing_new", args=[meeting.pk, "invitation"]),
        {"recipients": [p.pk for p in team.members[:2]]},
    )
    assert len(mailbox.messages) == 2
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.INVITED

    members = {m.person_id: m for m in services.expected_members(meeting)}
    data = {f"person_{pid}": "present" for pid in members}
    data[f"person_{team.members[3].pk}"] = "substituted"  # has no substitute
    response = client.post(reverse("coordination:attendance", args=[meeting.pk]), data)
    assert "Ten członek nie ma wyznaczonego zastępcy." in response.content.decode()
    assert not meeting.attendance.exists()
    data[f"person_{team.members[3].pk}"] = "excused"
    data[f"person_{team.members[0].pk}"] = "substituted"
    client.post(reverse("coordination:attendance", args=[meeting.pk]), data)
    assert services.quorum(meeting).present == 4
    client.post(reverse("coordination:guest_add", args=[meeting.pk]), {"person": team.guest.pk})
    assert meeting.attendance.filter(status=Attendance.Status.GUEST).count() == 1

    last = meeting.agenda_items.get(position=3)
    client.post(
        reverse("coordination:item_move", args=[last.pk]),
        {"position": 2, "reason": "prelegentka nie mogła się połączyć"},
    )
    assert AgendaChange.objects.get(meeting=meeting).reason == "prelegentka nie mogła się połączyć"
    visits = meeting.agenda_items.get(title="Wizyty studyjne")
    client.post(
        reverse("coordination:outcome_create", args=[meeting.pk]),
        {"agenda_item": visits.pk, "kind": "decision", "text": "Dodać Francję do listy."},
    )
    client.post(
        reverse("coordination:action_create", args=[meeting.pk]),
        {
            "agenda_item": visits.pk,
            "title": "Przygotować program wizyty we Francji",
            "owner": team.members[2].pk,
            "due_date": "2027-01-31",
            "status": "open",
        },
    )
    assert Outcome.objects.filter(agenda_item=visits).count() == 1

    client.post(reverse("coordination:minutes_draft", args=[meeting.pk]))
    minutes = Minutes.objects.get(meeting=meeting)
    section = minutes.sections.get(title="Wizyty studyjne")
    assert "Dodać Francję do listy." in section.text
    form = {
        "place": "Białystok",
        "dated": "2026-12-20",
        "introduction": minutes.introduction,
        "closing": "Na tym zakończono.",
        "signatory_name": "Zofia Żółkowska",
        "signatory_position": "Wicedyrektor",
    }
    for s in minutes.sections.all():
        form[f"section_{s.pk}"] = s.text
    form[f"section_{section.pk}"] = "Zespół zgodził się rozszerzyć listę o Francję."
    client.post(reverse("coordination:minutes", args=[minutes.pk]), form)
    section.refresh_from_db()
    assert section.text == "Zespół zgodził się rozszerzyć listę o Francję."
    form |= {"action": "accept", "accept-how": "meeting", "accept-on": "2026-01-15"}
    client.post(reverse("coordination:minutes", args=[minutes.pk]), form)
    minutes.refresh_from_db()
    assert minutes.status == "approved"

    # Approved minutes refuse changes; a new version is the way to change them.
    form[f"section_{section.pk}"] = "Zmiana po zatwierdzeniu"
    client.post(reverse("coordination:minutes", args=[minutes.pk]), form)
    section.refresh_from_db()
    assert section.text == "Zespół zgodził się rozszerzyć listę o Francję."
    response = client.post(
        reverse("coordination:minutes_new_version", args=[minutes.pk]), {"reason": "literówka"}
    )
    assert Minutes.objects.get(meeting=meeting, version=2).status == "draft"

    docx = client.get(reverse("coordination:minutes_download", args=[minutes.pk, "docx"]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    pdf = client.get(reverse("coordination:minutes_download", args=[minutes.pk, "pdf"]))
    assert pdf.content.startswith(b"%PDF")
    board = client.get(reverse("coordination:follow_up")).content.decode()
    assert "Przygotować program wizyty we Francji" in board


def test_materials_accept_office_documents_only(client, team):
    client.force_login(team.office_user)
    url = reverse("coordination:material_upload", args=[team.meeting.pk])
    response = client.post(
        url, {"title": "Skrypt", "file": SimpleUploadedFile("x.html", b"<script>alert(1)</script>")}
    )
    assert "Ten typ pliku nie jest przyjmowany" in response.content.decode()
    client.post(
        url,
        {"title": "Prezentacja", "file": SimpleUploadedFile("prezentacja.pdf", b"%PDF-1.4 x")},
    )
    material = Material.objects.get()
    download = client.get(reverse("coordination:material", args=[material.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 x"
    client.post(reverse("coordination:material_delete", args=[material.pk]))
    assert not Material.objects.exists()


def test_people_are_searched_exported_and_their_contact_data_erased(client, team):
    client.force_login(team.office_user)
    page = client.get(reverse("coordination:person_list") + "?q=lukasiewicz Anna")
    assert page.status_code == 200
    # Polish letters are part of the name: "Łukasiewicz" is found by its own spelling.
    page = client.get(reverse("coordination:person_list") + "?q=Łukasiewicz")
    assert "Łukasiewicz" in page.content.decode()
    person = team.members[0]
    data = json.loads(client.get(reverse("coordination:person_export", args=[person.pk])).content)
    assert data["email"] == "m0@example.org"
    client.post(reverse("coordination:person_erase", args=[person.pk]))
    person = Person.objects.get(pk=person.pk)
    assert person.email == "" and person.last_name == "Łukasiewicz"
    export = client.get(reverse("coordination:person_list") + "?export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Nazwisko", "Imię")
    assert ("Łukasiewicz", "Anna") in [r[:2] for r in rows]


def test_body_page_shows_the_composition_and_its_history(client, team):
    client.force_login(team.office_user)
    response = client.post(
        reverse("coordination:membership_create", args=[team.wzk.pk]),
        {
            "person": team.guest.pk,
            "role": "member",
            "term_from": "2024-01-01",
            "term_to": "2023-01-01",
        },
    )
    assert "Kadencja nie może kończyć się przed rozpoczęciem." in response.content.decode()
    client.post(
        reverse("coordination:membership_create", args=[team.wzk.pk]),
        {"person": team.guest.pk, "role": "permanent_guest", "term_from": "2024-01-01"},
    )
    page = client.get(reverse("coordination:body", args=[team.wzk.pk])).content.decode()
    assert "Ewa Ekspertka" in page and "Uchwała nr 293/5433/2022" in page
    export = client.get(reverse("coordination:body", args=[team.wzk.pk]) + "?export=csv")
    assert "Żółkowska" in export.content.decode("utf-8-sig")


def test_search_finds_minutes_decisions_and_items_by_the_beginning_of_a_word(client, team):
    item = team.meeting.agenda_items.get(position=2)
    Outcome.objects.create(
        agenda_item=item, text="Ustalono rozszerzenie kierunków wizyt studyjnych."
    )
    minutes = services.draft_minutes(team.meeting, None)
    section = minutes.sections.get(position=3)
    section.text = "Omówiono prekonsultacje nowelizacji ustawy o samorządzie województwa."
    section.save()
    client.force_login(team.office_user)
    results = client.get(reverse("coordination:search") + "?q=wizyt").context["results"]
    assert {r.kind for r in results} >= {"Ustalenie"}
    results = client.get(reverse("coordination:search") + "?q=nowelizacj ustaw").context["results"]
    assert any("samorządzie" in r.snippet for r in results)
    # Draft minutes are the office's; a member finds them only once approved.
    client.force_login(team.member_user)
    results = client.get(reverse("coordination:search") + "?q=nowelizacj").context["results"]
    assert results == []
    services.approve_minutes(minutes, None)
    results = client.get(reverse("coordination:search") + "?q=nowelizacj").context["results"]
    assert [r.kind for r in results] == ["Protokół"]


def test_the_office_gives_a_person_a_member_account_by_e_mail(client, team, mailbox):
    client.force_login(team.office_user)
    client.post(reverse("coordination:person_invite", args=[team.members[2].pk]))
    person = Person.objects.get(pk=team.members[2].pk)
    assert person.user.username == "m2@example.org"
    assert person.user.groups.filter(name="member").exists()
    assert mailbox.messages[0]["X-Rcpt-To"] == "m2@example.org"
    # The new member sees the WZK at once; asking twice or without e-mail is refused.
    assert list(services.visible_bodies(person.user)) == [team.wzk]
    response = client.post(
        reverse("coordination:person_invite", args=[team.members[2].pk]), follow=True
    )
    assert "Ta osoba ma już konto." in response.content.decode()
    response = client.post(
        reverse("coordination:person_invite", args=[team.substitute.pk]), follow=True
    )
    assert "Najpierw podaj adres e-mail osoby." in response.content.decode()


def test_editing_keeps_the_agenda_item_and_statuses_follow_the_minutes(client, team):
    client.force_login(team.office_user)
    item = team.meeting.agenda_items.get(position=2)
    outcome = Outcome.objects.create(agenda_item=item, text="Ustalenie")
    action = ActionItem.objects.create(
        meeting=team.meeting, agenda_item=item, title="Zadanie", owner=team.chair
    )
    edit = client.get(reverse("coordination:outcome_edit", args=[team.meeting.pk, outcome.pk]))
    assert edit.context["form"]["agenda_item"].value() == item.pk
    client.post(
        reverse("coordination:action_edit", args=[team.meeting.pk, action.pk]),
        {"agenda_item": item.pk, "title": "Zadanie", "owner": team.chair.pk, "status": "done"},
    )
    action.refresh_from_db()
    assert (action.agenda_item, action.status) == (item, "done")

    status_url = reverse("coordination:meeting_status", args=[team.meeting.pk])
    client.post(status_url, {"status": "minutes_approved"})
    team.meeting.refresh_from_db()
    assert team.meeting.status == "planned"
    services.approve_minutes(services.draft_minutes(team.meeting, None), None)
    client.post(status_url, {"status": "planned"})
    team.meeting.refresh_from_db()
    assert team.meeting.status == "minutes_approved"

    future = Meeting.objects.create(
        body=team.wzk, number=9, starts_at=team.meeting.starts_at.replace(year=2099)
    )
    response = client.post(reverse("coordination:minutes_draft", args=[future.pk]), follow=True)
    assert "Posiedzenie jeszcze się nie odbyło" in response.content.decode()
    assert not future.minutes.exists()
    bodies = client.get(reverse("coordination:body_list")).context["bodies"]
    assert {b.short_name: b.member_count for b in bodies}["WZK"] == 5


def test_an_owner_reports_progress_but_cannot_move_the_deadline(client, team):
    action = ActionItem.objects.create(
        meeting=team.meeting,
        title="Zadanie członkini",
        owner=team.members[1],
        due_date=team.meeting.starts_at.date(),
    )
    client.force_login(team.member_user)
    client.post(
        reverse("coordination:action_update", args=[action.pk]),
        {"status": "done", "progress_note": "Gotowe", "due_date": "2099-01-01"},
    )
    action.refresh_from_db()
    assert (action.status, action.due_date) == ("done", team.meeting.starts_at.date())
    client.force_login(team.outsider_user)
    assert client.get(reverse("coordination:action_update", args=[action.pk])).status_code == 404


def test_bad_input_gets_a_polish_message_and_changes_nothing(client, team, monkeypatch):
    client.force_login(team.office_user)
    response = client.post(
        reverse("coordination:meeting_create"),
        {"body": team.wzk.pk, "number": 2, "starts_at": "2025-01-01T10:00", "mode": "remote"},
    )
    assert "Ten organ ma już posiedzenie o tym numerze." in response.content.decode()
    assert Meeting.objects.filter(body=team.wzk).count() == 1

    monkeypatch.setattr("lll.core.forms.MAX_UPLOAD_MB", 0)
    response = client.post(
        reverse("coordination:material_upload", args=[team.meeting.pk]),
        {"title": "Duża", "file": SimpleUploadedFile("duza.pdf", b"%PDF-1.4 x")},
    )
    assert "Plik jest większy niż 0 MB." in response.content.decode()
    response = client.post(
        reverse("coordination:study_create"),
        {
            "title": "Badanie <script>alert(1)</script>",
            "performed_by": "WUP",
            "period": "2024",
            "status": "planned",
            "results_file": SimpleUploadedFile("wyniki.exe", b"MZ"),
        },
    )
    page = response.content.decode()
    assert "Ten typ pliku nie jest przyjmowany" in page and "<script>alert" not in page
    assert not Material.objects.exists() and not Study.objects.exists()


def test_removing_a_guest_asks_first(client, team):
    record = Attendance.objects.create(
        meeting=team.meeting, person=team.guest, status=Attendance.Status.GUEST
    )
    client.force_login(team.office_user)
    page = client.get(reverse("coordination:attendance", args=[team.meeting.pk])).content.decode()
    # The remove button sits in the attendance form (which saves first) and asks itself.
    button = re.search(rf'<button[^>]*value="remove_guest_{record.pk}"[^>]*>', page)
    assert button is not None
    assert 'data-confirm="Usunąć gościa Ewa Ekspertka z listy obecności?"' in button.group(0)


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
