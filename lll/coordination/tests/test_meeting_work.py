"""Issue 16, faster meeting work: the invitation in formal Polish, lists in Polish order, the
attendance list and sign-in sheet as documents, the minutes' Word headings and tagged PDF."""

import datetime
import io

import docx
import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from lll.coordination import documents, mailings, services
from lll.coordination.models import ActionItem, Attendance, Outcome, Person

pytestmark = pytest.mark.django_db


def plain_text(message) -> str:
    return next(
        p.get_payload(decode=True).decode()
        for p in message.walk()
        if p.get_content_type() == "text/plain" and not p.get_filename()
    )


def test_the_invitation_is_formal_with_the_message_first_one_sign_off_and_a_link(
    client, team, mailbox
):
    client.force_login(team.office_user)
    message = "Uprzejmie prosimy o potwierdzenie obecności.\n\nZ poważaniem\nBiuro Koordynacji"
    client.post(
        reverse("coordination:mailing_new", args=[team.meeting.pk, "invitation"]),
        {"recipients": [team.members[1].pk], "message": message},
    )
    text = plain_text(mailbox.messages[-1])
    assert "Państwa kalendarza" in text and "Twojego" not in text
    assert text.startswith("Szanowni Państwo,")
    assert text.index("potwierdzenie obecności") < text.index("zapraszamy na posiedzenie")
    assert text.count("Z poważaniem") == 1
    assert f"http://testserver/koordynacja/posiedzenia/{team.meeting.pk}/" in text or (
        f"/posiedzenia/{team.meeting.pk}/" in text
    )


def test_invitations_reach_presenters_guests_and_substitutes_in_polish_order(client, team):
    presenter = Person.objects.create(
        first_name="Beata", last_name="Łapińska", email="beata@example.org"
    )
    zielinski = Person.objects.create(
        first_name="Adam", last_name="Zieliński", email="adam@example.org"
    )
    team.meeting.agenda_items.get(position=2).presenters.add(presenter)
    team.substitute.email = "jan@example.org"
    team.substitute.save()
    Attendance.objects.create(meeting=team.meeting, person=zielinski, status="guest")
    people = mailings.possible_recipients(team.meeting)
    names = [p.last_name for p in people]
    assert {"Łapińska", "Zieliński", "Zastępca"} <= set(names)  # substitute from the membership
    assert names.index("Łapińska") < names.index("Zieliński")
    assert names.index("Łukasiewicz") < names.index("Zieliński")
    client.force_login(team.office_user)
    page = client.get(
        reverse("coordination:mailing_new", args=[team.meeting.pk, "invitation"])
    ).content.decode()
    assert page.index("Beata Łapińska") < page.index("Adam Zieliński")


def test_owner_lists_are_in_polish_order(client, team):
    Person.objects.create(first_name="Beata", last_name="Łapińska")
    Person.objects.create(first_name="Adam", last_name="Zieliński")
    client.force_login(team.office_user)
    page = client.get(
        reverse("coordination:action_create", args=[team.meeting.pk])
    ).content.decode()
    assert page.index("Beata Łapińska") < page.index("Adam Zieliński")


def test_attendance_list_and_sign_in_sheet_carry_remote_notes(client, team):
    meeting = team.meeting
    for person in [team.chair, *team.members[:3]]:
        Attendance.objects.create(
            meeting=meeting, person=person, status="present", remote=person == team.members[2]
        )
    client.force_login(team.office_user)
    url = reverse("coordination:attendance_sheet_file", args=[meeting.pk, "podpisy", "docx"])
    document = docx.Document(io.BytesIO(client.get(url).content))
    rows = {r.cells[1].text: r.cells[4].text for r in document.tables[0].rows[1:]}
    assert rows["Anna Nowak"] == "uczestniczyła przy użyciu środków komunikacji elektronicznej"
    assert rows["Anna Ślęzak"] == ""  # signs in the room
    assert "Heading 1" in {p.style.name for p in document.paragraphs}

    url = reverse("coordination:attendance_sheet_file", args=[meeting.pk, "obecnosc", "pdf"])
    reader = PdfReader(io.BytesIO(client.get(url).content))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Lista obecności" in text and "obecna – uczestniczyła przy użyciu" in text
    assert "/StructTreeRoot" in reader.root_object  # tagged

    url = reverse("coordination:attendance_sheet", args=[meeting.pk, "obecnosc"])
    sheet = load_workbook(io.BytesIO(client.get(url, {"export": "xlsx"}).content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert any(row[1] == "Anna Nowak" and "elektronicznej" in row[4] for row in values[1:])

    client.force_login(team.member_user)
    assert client.get(url, {"export": "xlsx"}).status_code == 403


def test_minutes_docx_has_word_headings_and_the_pdf_is_tagged(team):
    meeting = team.meeting
    minutes = services.draft_minutes(meeting, None)
    document = docx.Document(io.BytesIO(documents.render_docx(minutes)))
    styles = [p.style.name for p in document.paragraphs]
    assert styles.count("Heading 1") == 1  # the title
    assert styles.count("Heading 2") >= 4  # each agenda item, and the annex
    reader = PdfReader(io.BytesIO(documents.render_pdf(minutes)))
    root = reader.root_object
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root


def test_attendance_page_fits_a_phone_and_keeps_save_near_the_top(client, team):
    client.force_login(team.office_user)
    page = client.get(reverse("coordination:attendance", args=[team.meeting.pk])).content.decode()
    # The buttons come before the first member's choice: few Tabs from the start to Save.
    first_select = page.index("<select")
    assert page.index('value="save"') < first_select
    assert page.index('value="all_present"') < first_select
    assert "<table" not in page[: page.index("Goście")]  # a list that wraps, not a wide table


def test_statutory_deadline_tracker_on_the_coordination_home(client, team):
    meeting = team.meeting
    meeting.body = team.wrrp
    meeting.save()
    minutes = services.draft_minutes(meeting, None)
    services.accept_minutes(minutes, None, on=datetime.date.today(), how="meeting")
    client.force_login(team.office_user)
    page = client.get(reverse("coordination:home")).content.decode()
    assert "marszałka województwa" in page and "Sprawozdanie roczne" in page


def test_search_finds_polish_inflected_forms(client, team):
    item = team.meeting.agenda_items.get(position=2)
    Outcome.objects.create(agenda_item=item, text="Dodać wizytę studyjną we Francji.")
    client.force_login(team.office_user)
    results = client.get(reverse("coordination:search"), {"q": "Francja"}).context["results"]
    assert [r.snippet for r in results] == ["Dodać wizytę studyjną we Francji."]
    results = client.get(reverse("coordination:search"), {"q": "wizyta"}).context["results"]
    assert results


def test_a_member_does_not_find_the_offices_notes_before_the_minutes_reach_them(client, team):
    item = team.meeting.agenda_items.get(position=2)
    item.notes = "Robocza notatka o Francji."
    item.save()
    client.force_login(team.member_user)
    url = reverse("coordination:search")
    assert client.get(url, {"q": "Francja"}).context["results"] == []
    titles = client.get(url, {"q": "COMORELP"}).context["results"]
    assert [r.kind for r in titles] == ["Punkt porządku"]  # the agenda is public
    minutes = services.draft_minutes(team.meeting, None)
    services.send_for_comments(minutes, datetime.date(2099, 1, 1), None)
    assert client.get(url, {"q": "Francja"}).context["results"]


def test_agenda_items_decisions_and_tasks_are_added_inline_without_a_reload(client, team):
    meeting = team.meeting
    client.force_login(team.office_user)
    htmx = {"HX-Request": "true"}
    response = client.post(
        reverse("coordination:item_create", args=[meeting.pk]),
        {"title": "Wolne wnioski"},
        headers=htmx,
        follow=True,
    )
    assert 'id="meeting-work"' in response.content.decode()
    item = meeting.agenda_items.get(title="Wolne wnioski")
    client.post(
        reverse("coordination:item_notes", args=[item.pk]),
        {"notes": "Brak wniosków."},
        headers=htmx,
    )
    client.post(
        reverse("coordination:outcome_create", args=[meeting.pk]),
        {"agenda_item": item.pk, "kind": "decision", "text": "Przyjęto."},
        headers=htmx,
    )
    client.post(
        reverse("coordination:action_create", args=[meeting.pk]),
        {
            "agenda_item": item.pk,
            "title": "Rozesłać notatkę",
            "owner": team.chair.pk,
            "status": "open",
        },
        headers=htmx,
    )
    item.refresh_from_db()
    assert item.notes == "Brak wniosków."
    assert item.outcomes.get().text == "Przyjęto."
    assert item.action_items.get().owner == team.chair
    # A task without an owner: the meeting page comes back naming the field, nothing saved.
    response = client.post(
        reverse("coordination:action_create", args=[meeting.pk]),
        {"agenda_item": item.pk, "title": "Bez właściciela", "status": "open"},
        headers=htmx,
        follow=True,
    )
    page = response.content.decode()
    assert 'id="meeting-work"' in page and "Nie zapisano. Odpowiedzialny" in page
    assert item.action_items.count() == 1


def test_the_mailings_table_scrolls_in_its_own_region_on_a_phone(client, team):
    mailings.create_mailing(team.meeting, "invitation", team.office_user, [team.members[1]])
    client.force_login(team.office_user)
    page = client.get(reverse("coordination:meeting", args=[team.meeting.pk])).content.decode()
    region = page.index('aria-label="Wysyłki"')
    assert 'class="table-responsive"' in page[region - 80 : region]
    assert page.index("<table", region) - region < 40


def test_decisions_and_tasks_are_edited_inline(client, team):
    meeting = team.meeting
    item = meeting.agenda_items.get(position=2)
    outcome = Outcome.objects.create(agenda_item=item, text="Pierwsza wersja.")
    action = ActionItem.objects.create(
        meeting=meeting, agenda_item=item, title="Zadanie", owner=team.chair
    )
    client.force_login(team.office_user)
    page = client.get(reverse("coordination:meeting", args=[meeting.pk])).content.decode()
    edit_outcome = reverse("coordination:outcome_edit", args=[meeting.pk, outcome.pk])
    edit_action = reverse("coordination:action_edit", args=[meeting.pk, action.pk])
    assert f'hx-post="{edit_outcome}"' in page and f'hx-post="{edit_action}"' in page
    htmx = {"HX-Request": "true"}
    client.post(
        edit_outcome,
        {"agenda_item": item.pk, "kind": "recommendation", "text": "Po poprawce."},
        headers=htmx,
    )
    client.post(
        edit_action,
        {
            "agenda_item": item.pk,
            "title": "Zadanie",
            "owner": team.members[2].pk,
            "due_date": "2027-01-31",
            "status": "in_progress",
        },
        headers=htmx,
    )
    outcome.refresh_from_db()
    action.refresh_from_db()
    assert (outcome.kind, outcome.text) == ("recommendation", "Po poprawce.")
    assert (action.owner, action.status) == (team.members[2], "in_progress")
