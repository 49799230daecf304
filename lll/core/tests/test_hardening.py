"""Small hardening rules of issue 19: CSV formula guards, password length, idle sessions."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from lll.core.exports import export_response
from lll.testing import make_user


@pytest.mark.parametrize("lead", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_defuses_every_character_that_starts_a_formula(lead):
    request = RequestFactory().get("/", {"export": "csv"})
    value = f"{lead}HYPERLINK(1)"
    response = export_response(request, "lista", ["Uwagi"], [[value]])
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff")), delimiter=";"))
    assert rows[1] == ["'" + value]


def test_a_password_needs_twelve_characters(db):
    with pytest.raises(ValidationError, match="12"):
        validate_password("Krotkie-1aB")  # 11 characters
    validate_password("Dluzsze-haslo-12")


def test_a_session_ends_after_the_idle_time_and_a_request_renews_it(client, db, settings):
    assert settings.SESSION_COOKIE_AGE == settings.LLL_SESSION_IDLE_MINUTES * 60
    settings.LLL_SESSION_RENEW_SECONDS = 0  # renewed by every request (once a minute in use)
    client.force_login(make_user("bezczynny", "member"))
    session = Session.objects.get()
    idle = timedelta(minutes=settings.LLL_SESSION_IDLE_MINUTES)
    assert abs(session.expire_date - (timezone.now() + idle)) < timedelta(seconds=30)
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=1))
    assert client.get("/").status_code == 200
    assert Session.objects.get().expire_date > timezone.now() + idle - timedelta(seconds=30)
    # A page polling its status (htmx) is not activity: it renews nothing.
    soon = timezone.now() + timedelta(minutes=1)
    Session.objects.update(expire_date=soon)
    client.get("/", headers={"HX-Request": "true"})
    assert Session.objects.get().expire_date == soon
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))  # idle too long
    response = client.get("/konto/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_failed_background_job_keeps_a_polish_message_not_pythons():
    from django.db import OperationalError
    from django.utils import translation

    from lll.core.errors import UserError, failure_message

    with translation.override("pl"):
        locked = failure_message(OperationalError("database is locked"))
        other = failure_message(KeyError("x"))
        own = failure_message(UserError("Wiersz 3: zła wartość"))
    assert "zajęta innym zapisem" in locked and "locked" not in locked
    assert other == "Import przerwał nieoczekiwany błąd (KeyError)."
    assert own == "Wiersz 3: zła wartość"
