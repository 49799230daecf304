"""The accessibility statement: the v2.0 sections, the footer link, editing, the yearly review
reminder by 31 March."""

import datetime

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from lll.publicoffice.models import AccessibilityStatement
from lll.publicoffice.services import statement
from lll.testing import logged_in, make_user

pytestmark = pytest.mark.django_db

V2_SECTIONS = [
    "a11y-wstep",
    "a11y-podmiot",
    "a11y-url",
    "a11y-data-publikacja",
    "a11y-data-aktualizacja",
    "a11y-status",
    "a11y-niedostepne",
    "a11y-wylaczenia",
    "a11y-przygotowanie",
    "a11y-data-sporzadzenie",
    "a11y-ocena",
    "a11y-kontakt",
    "a11y-osoba",
    "a11y-email",
    "a11y-telefon",
    "a11y-procedura",
    "a11y-architektura",
    "a11y-aplikacje",
]


def test_the_statement_is_public_with_every_v2_section() -> None:
    page = Client().get("/deklaracja-dostepnosci/")
    assert page.status_code == 200
    html = page.content.decode()
    for section in V2_SECTIONS:
        assert f'id="{section}"' in html, section
    assert "Rzecznik" in html  # the complaint procedure ends with the Commissioner


def test_every_page_links_the_statement_in_its_footer() -> None:
    html = Client().get("/").content.decode()
    footer = html[html.index("<footer") :]
    assert 'href="/deklaracja-dostepnosci/"' in footer


def test_the_administrator_edits_the_statement_and_others_may_not() -> None:
    item = statement.statement()
    admin = logged_in(make_user("adm", "administrator"))
    form = admin.get("/deklaracja-dostepnosci/edycja/")
    assert form.status_code == 200
    data = {
        "entity": item.entity,
        "service_name": "Regionalny System LLL",
        "service_url": "https://lll.wup.example",
        "published_on": "2026-01-05",
        "updated_on": "2026-02-01",
        "compliance": "partial",
        "non_accessible": "Mapa powiatów bez opisu\nStare skany PDF",
        "exemptions": "",
        "prepared_on": "2026-02-01",
        "reviewed_on": "2026-02-01",
        "prepared_by": "samoocena",
        "shortcuts": "",
        "contact_person": "Jan Dostępny",
        "contact_email": "dostepnosc@wup.example",
        "contact_phone": "85 000 00 00",
        "architectural": "Wejście bez progów.",
        "apps": "",
    }
    assert admin.post("/deklaracja-dostepnosci/edycja/", data).status_code == 302
    html = Client().get("/deklaracja-dostepnosci/").content.decode()
    assert "Jan Dostępny" in html and '<li lang="pl">Stare skany PDF</li>' in html
    assert "częściowo zgodna" in html or "partially compliant" in html
    member = logged_in(make_user("czlonek", "member"))
    assert member.get("/deklaracja-dostepnosci/edycja/").status_code == 403
    assert Client().get("/deklaracja-dostepnosci/edycja/").status_code == 302  # to the login


def test_the_reminder_goes_once_from_1_march_until_the_review_is_recorded(mailbox) -> None:
    make_user("adm", "administrator", email="adm@example.org")
    make_user("czlonek", "member", email="member@example.org")
    item = statement.statement()
    AccessibilityStatement.objects.filter(pk=item.pk).update(reviewed_on=datetime.date(2025, 3, 20))
    assert statement.send_review_reminder(datetime.date(2026, 2, 27)) == 0  # too early
    assert statement.send_review_reminder(datetime.date(2026, 3, 2)) == 1
    assert statement.send_review_reminder(datetime.date(2026, 3, 9)) == 0  # once a year
    assert len(mailbox.messages) == 1
    message = mailbox.messages[0]
    assert message["X-Rcpt-To"] == "adm@example.org"
    assert "31 marca 2026" in message["Subject"] or "31 marca 2026" in mailbox.bodies()[0]
    # Next year, reviewed in January: no reminder.
    AccessibilityStatement.objects.filter(pk=item.pk).update(reviewed_on=datetime.date(2027, 1, 10))
    assert statement.send_review_reminder(datetime.date(2027, 3, 2)) == 0


def test_the_reminder_command(mailbox) -> None:
    make_user("adm", "administrator", email="adm@example.org")
    item = statement.statement()
    AccessibilityStatement.objects.filter(pk=item.pk).update(reviewed_on=datetime.date(2000, 1, 1))
    call_command("remind_accessibility_review")
    # Whatever today's date, the command either sends (from March) or says none is due.
    today = datetime.date.today()
    assert len(mailbox.messages) == (1 if today.month >= 3 else 0)


def test_the_administrator_sees_that_the_review_is_due_and_records_it() -> None:
    item = statement.statement()
    AccessibilityStatement.objects.filter(pk=item.pk).update(reviewed_on=datetime.date(2001, 1, 1))
    admin = logged_in(make_user("adm", "administrator"))
    assert "Do 31 marca trzeba przejrzeć" in admin.get("/deklaracja-dostepnosci/").content.decode()
    assert "Do 31 marca" not in Client().get("/deklaracja-dostepnosci/").content.decode()
    assert admin.post("/deklaracja-dostepnosci/przeglad/").status_code == 302
    item.refresh_from_db()
    assert item.reviewed_on == timezone.localdate()
    assert "Do 31 marca trzeba" not in admin.get("/deklaracja-dostepnosci/").content.decode()
