"""Public pages of the bodies: switched by the office; approved minutes only, with metryczka and
register of changes; Atom and JSON for the BIP."""

import datetime
import json
import xml.etree.ElementTree as ET
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from lll.coordination import services as coordination
from lll.coordination.models import ActionItem, Meeting, Minutes, Outcome, Resolution
from lll.coordination.tests.conftest import Team
from lll.testing import logged_in

pytestmark = pytest.mark.django_db
WARSAW = ZoneInfo("Europe/Warsaw")
ATOM = "{http://www.w3.org/2005/Atom}"


def approved_and_draft(team: Team) -> tuple[Minutes, Minutes]:
    """Meeting 2 has approved minutes (version 2 after a correction); meeting 3 only a draft."""
    office = team.office_user
    item = team.meeting.agenda_items.first()
    assert item is not None
    item.notes = "Omówiono wyniki samooceny."
    item.save()
    Outcome.objects.create(
        agenda_item=item, kind="decision", text="Stanowisko WZK nr 1/2024 przyjęte"
    )
    Outcome.objects.create(
        agenda_item=item, kind="recommendation", text="Zorganizować wizytę studyjną"
    )
    ActionItem.objects.create(meeting=team.meeting, title="Przygotować raport", owner=team.chair)
    Resolution.objects.create(
        body=team.wzk,
        year=2024,
        number=3,
        kind="position",
        title="w sprawie kierunków wizyt studyjnych",
        adopted_on=datetime.date(2024, 6, 27),
        meeting=team.meeting,
    )
    first = coordination.draft_minutes(team.meeting, office)
    coordination.approve_minutes(first, office)
    second = coordination.new_minutes_version(first, office, "Poprawiona lista obecności")
    coordination.approve_minutes(second, office)
    later = Meeting.objects.create(
        body=team.wzk,
        number=3,
        starts_at=datetime.datetime(2024, 10, 10, 10, 0, tzinfo=WARSAW),
        mode="remote",
    )
    coordination.add_agenda_item(later, "Sprawy poufne w toku")
    draft = coordination.draft_minutes(later, office)
    draft.introduction = "TAJNY-SZKIC protokołu"
    draft.save()
    return second, draft


def make_public(team: Team) -> None:
    office = logged_in(team.office_user)  # the coordination office switches the page on
    response = office.post(
        f"/urzad/organy/{team.wzk.pk}/ustawienia/",
        {"is_public": "on", "published_by": "Jan Publikujący"},
    )
    assert response.status_code == 302


def test_a_body_is_public_only_when_the_office_switches_it_on(team: Team) -> None:
    anonymous = Client()
    assert anonymous.get(f"/urzad/organy/{team.wzk.pk}/").status_code == 404
    assert anonymous.get(f"/urzad/organy/{team.wzk.pk}/dane.json").status_code == 404
    member = logged_in(team.member_user)
    assert (
        member.post(f"/urzad/organy/{team.wzk.pk}/ustawienia/", {"is_public": "on"}).status_code
        == 403
    )
    make_public(team)
    assert anonymous.get(f"/urzad/organy/{team.wzk.pk}/").status_code == 200
    assert anonymous.get(f"/urzad/organy/{team.wrrp.pk}/").status_code == 404


def test_the_public_page_shows_approved_minutes_never_a_draft(team: Team) -> None:
    approved, draft = approved_and_draft(team)
    make_public(team)
    anonymous = Client()
    page = anonymous.get(f"/urzad/organy/{team.wzk.pk}/").content.decode()
    assert "Żółkowska" in page and "Wojewódzki Urząd Pracy w Białymstoku" in page  # composition
    assert "Ustalenie nr 1: Stanowisko WZK nr 1/2024 przyjęte" in page
    assert "Rekomendacja nr 2: Zorganizować wizytę studyjną" in page
    assert "w sprawie kierunków wizyt studyjnych" in page and "3/2024" in page
    assert "Zorganizować wizytę studyjną" in page and "Przygotować raport" in page
    assert f"/urzad/organy/{team.wzk.pk}/protokoly/{approved.pk}/" in page
    assert f"/protokoly/{draft.pk}/" not in page
    assert "Jan Publikujący" in page  # metryczka: who published
    assert "Poprawiona lista obecności" in page  # register of changes
    minutes = anonymous.get(f"/urzad/organy/{team.wzk.pk}/protokoly/{approved.pk}/")
    assert minutes.status_code == 200
    assert "Omówiono wyniki samooceny." in minutes.content.decode()
    assert anonymous.get(f"/urzad/organy/{team.wzk.pk}/protokoly/{draft.pk}/").status_code == 404
    first = Minutes.objects.get(meeting=team.meeting, version=1)  # superseded
    assert anonymous.get(f"/urzad/organy/{team.wzk.pk}/protokoly/{first.pk}/").status_code == 404


def test_atom_and_json_for_the_bip(team: Team) -> None:
    approved, _draft = approved_and_draft(team)
    make_public(team)
    anonymous = Client()
    feed = anonymous.get(f"/urzad/organy/{team.wzk.pk}/kanal.atom")
    assert feed["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(feed.content)  # noqa: S314 - the system's own answer
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 1
    link = entries[0].find(f"{ATOM}link")
    assert link is not None and link.get("href", "").endswith(f"/protokoly/{approved.pk}/")
    data = json.loads(anonymous.get(f"/urzad/organy/{team.wzk.pk}/dane.json").content)
    assert data["body"]["short_name"] == "WZK"
    assert [m["version"] for m in data["minutes"]] == [2]
    meta = data["minutes"][0]["metryczka"]
    assert meta["published_by"] == "Jan Publikujący" and meta["published_at"]
    assert [c["version"] for c in meta["changes"]] == [1, 2]
    assert "TAJNY-SZKIC" not in json.dumps(data, ensure_ascii=False)
    assert {m["number"] for m in data["meetings"]} == {2, 3}
    assert [r["reference"] for r in data["resolutions"]] == ["3/2024"]
    assert [(d["meeting"], d["number"]) for d in data["decisions"]] == [(2, 1)]
    assert [(r["meeting"], r["number"]) for r in data["recommendations"]] == [(2, 2)]
