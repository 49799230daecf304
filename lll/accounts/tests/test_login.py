import re

import pytest
from django.urls import reverse

from lll.accounts.models import User

pytestmark = pytest.mark.django_db


def test_after_five_failures_the_next_attempt_waits(client):
    """Growing delays, not a lock: see test_login_delays.py."""
    User.objects.create_user("ewa", password="Prawdziwe-haslo-1")
    for _attempt in range(5):
        response = client.post(reverse("login"), {"username": "ewa", "password": "zle"})
        assert response.status_code == 200
    response = client.post(reverse("login"), {"username": "ewa", "password": "Prawdziwe-haslo-1"})
    assert response.status_code == 429
    assert response["Retry-After"] == "1"
    assert "Zbyt wiele prób logowania" in response.content.decode()


def test_login_and_logout(client):
    User.objects.create_user("ewa", password="Prawdziwe-haslo-1")
    response = client.post(reverse("login"), {"username": "ewa", "password": "Prawdziwe-haslo-1"})
    assert response.status_code == 302
    assert client.get(reverse("accounts:account")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("accounts:account")).status_code == 302


def test_password_reset_by_email_over_smtp(client, mailbox):
    User.objects.create_user("ewa", email="ewa@wup.example", password="Stare-haslo-1")
    response = client.post(reverse("password_reset"), {"email": "ewa@wup.example"})
    assert response.status_code == 302
    assert len(mailbox.messages) == 1
    message = mailbox.messages[0]
    assert message["X-Rcpt-To"] == "ewa@wup.example"
    link = re.search(r"https?://[^/\s]+(/\S+)", mailbox.bodies()[0]).group(1)
    form_url = client.get(link)["Location"]
    response = client.post(
        form_url, {"new_password1": "Nowe-haslo-77", "new_password2": "Nowe-haslo-77"}
    )
    assert response.status_code == 302
    assert User.objects.get(username="ewa").check_password("Nowe-haslo-77")
    # The link works once.
    assert "nieprawidłowy" in client.get(link, follow=True).content.decode()


def test_reset_for_an_unknown_address_reveals_nothing(client, mailbox):
    response = client.post(reverse("password_reset"), {"email": "nikt@x.example"})
    assert response.status_code == 302
    assert mailbox.messages == []


def test_an_invited_user_without_a_password_can_ask_for_a_link(client, mailbox):
    user = User.objects.create_user("nowa", email="nowa@wup.example")
    assert not user.has_usable_password()
    client.post(reverse("password_reset"), {"email": "NOWA@wup.example"})
    assert len(mailbox.messages) == 1
    inactive = User.objects.create_user("stara", email="stara@wup.example", is_active=False)
    client.post(reverse("password_reset"), {"email": inactive.email})
    assert len(mailbox.messages) == 1
