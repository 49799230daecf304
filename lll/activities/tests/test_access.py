"""Who reaches what: a partner reporter only its own institution's activities and reports
(404 on every URL of another's), the office everything, the public only what is published."""

from typing import Any

import pytest
from django.urls import reverse

from lll.activities.services import reporting
from lll.testing import logged_in, make_user

from .conftest import World, add_activity

OBJECT_URLS = [
    ("activities:activity_detail", "activity", "get"),
    ("activities:activity_edit", "activity", "get"),
    ("activities:activity_edit", "activity", "post"),
    ("activities:report_detail", "report", "get"),
    ("activities:report_activity_new", "report", "get"),
    ("activities:report_activity_new", "report", "post"),
    ("activities:report_download", "report", "get"),
    ("activities:report_upload", "report", "get"),
    ("activities:report_upload", "report", "post"),
    ("activities:report_submit", "report", "post"),
    ("activities:report_return", "report", "post"),
    ("activities:report_approve", "report", "post"),
    ("activities:report_withdraw", "report", "post"),
]
OFFICE_URLS: list[tuple[str, list[Any]]] = [
    ("activities:cycle_list", []),
    ("activities:cycle_new", []),
    ("activities:invite", []),
]


@pytest.mark.parametrize(("name", "kind", "method"), OBJECT_URLS)
def test_a_reporter_gets_404_on_another_institutions_objects(
    world: World, name: str, kind: str, method: str
) -> None:
    theirs = add_activity(world.pup_report, title="Kurs PUP")
    pk = theirs.pk if kind == "activity" else world.pup_report.pk
    client = logged_in(world.ckz_reporter)
    response = getattr(client, method)(reverse(name, args=[pk]))
    assert response.status_code == 404
    theirs.refresh_from_db()
    world.pup_report.refresh_from_db()
    assert theirs.title == "Kurs PUP" and world.pup_report.status == "draft"


@pytest.mark.parametrize(("name", "kind", "method"), OBJECT_URLS)
def test_the_reporter_reaches_its_own(world: World, name: str, kind: str, method: str) -> None:
    own = add_activity(world.ckz_report)
    pk = own.pk if kind == "activity" else world.ckz_report.pk
    response = getattr(logged_in(world.ckz_reporter), method)(reverse(name, args=[pk]))
    office_only = name in (
        "activities:report_return",
        "activities:report_approve",
        "activities:report_withdraw",
    )
    assert response.status_code == (403 if office_only else 200 if method == "get" else 302) or (
        method == "post" and response.status_code == 200
    )


def test_the_reporters_lists_hold_only_its_institution(world: World) -> None:
    add_activity(world.ckz_report, title="Kurs CKZ")
    add_activity(world.pup_report, title="Kurs PUP")
    client = logged_in(world.ckz_reporter)
    page = client.get(reverse("activities:activity_list")).content.decode()
    assert "Kurs CKZ" in page and "Kurs PUP" not in page
    export = client.get(reverse("activities:activity_list") + "?export=csv").content.decode()
    assert "Kurs CKZ" in export and "Kurs PUP" not in export
    reports = client.get(reverse("activities:report_list")).content.decode()
    assert reverse("activities:report_detail", args=[world.ckz_report.pk]) in reports
    assert reverse("activities:report_detail", args=[world.pup_report.pk]) not in reports


@pytest.mark.parametrize(("name", "args"), OFFICE_URLS)
def test_office_pages_are_forbidden_to_reporters(world: World, name: str, args: list[Any]) -> None:
    assert logged_in(world.ckz_reporter).get(reverse(name, args=args)).status_code == 403


def test_the_cycle_pages_are_the_offices(world: World) -> None:
    client = logged_in(world.ckz_reporter)
    assert client.get(reverse("activities:cycle_detail", args=[world.cycle.pk])).status_code == 403
    remind = reverse("activities:cycle_remind", args=[world.cycle.pk])
    assert client.post(remind).status_code == 403


def test_someone_without_the_role_gets_403_and_the_public_only_published(world: World) -> None:
    hidden = add_activity(world.ckz_report, title="Wewnętrzne")
    shown = add_activity(world.ckz_report, title="Publiczne", is_published=True)
    member = logged_in(make_user("czlonek", "member"))
    assert member.get(reverse("activities:activity_list")).status_code == 403
    assert member.get(reverse("activities:activity_detail", args=[hidden.pk])).status_code == 403
    assert member.get(reverse("activities:report_list")).status_code == 403
    anonymous = logged_in(world.office).__class__()
    public = anonymous.get(reverse("activities:public_list")).content.decode()
    assert "Publiczne" in public and "Wewnętrzne" not in public
    assert anonymous.get(reverse("activities:public_detail", args=[hidden.pk])).status_code == 404
    assert anonymous.get(reverse("activities:public_detail", args=[shown.pk])).status_code == 200
    api = anonymous.get("/api/v1/activities").json()
    assert [item["title"] for item in api["items"]] == ["Publiczne"]
    assert api["items"][0]["units"] == ["2061"] and api["items"][0]["priorities"] == ["1", "3"]


def test_the_office_sees_every_report_and_decides(world: World) -> None:
    add_activity(world.pup_report)
    reporting.submit(world.pup_report)
    client = logged_in(world.office)
    assert (
        client.get(reverse("activities:report_detail", args=[world.pup_report.pk])).status_code
        == 200
    )
    client.post(
        reverse("activities:report_return", args=[world.pup_report.pk]),
        {"comment": "Brak danych o wieku."},
    )
    world.pup_report.refresh_from_db()
    assert (
        world.pup_report.status == "returned" and world.pup_report.comment == "Brak danych o wieku."
    )
