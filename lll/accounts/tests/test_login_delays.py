"""Login throttling that a stranger cannot turn against a user (issue 19).

Nothing is locked: after 5 failed logins to a username (from any address) its next attempt waits
1 s after the last failure, then 2 s, 4 s, ... up to a cap; an address trying many usernames
waits the same way after 20 failures. An attempt during the wait is answered 429 with the
seconds left and is not counted. The clock is moved by moving the recorded attempts back.
"""

import datetime

import pytest
from axes.models import AccessAttempt
from django.db.models import F
from django.urls import reverse

from lll.accounts.models import User

pytestmark = pytest.mark.django_db

PASSWORD = "Prawdziwe-haslo-1"
EWA = "ewa@wup.example"


def later(seconds: float) -> None:
    """As if `seconds` had passed since every recorded failure."""
    AccessAttempt.objects.update(
        attempt_time=F("attempt_time") - datetime.timedelta(seconds=seconds)
    )


def attempt(client, password: str, username: str = EWA, **address):
    return client.post(reverse("login"), {"username": username, "password": password}, **address)


@pytest.fixture
def ewa(db):
    return User.objects.create_user(EWA, password=PASSWORD)


def test_behind_a_shared_proxy_a_strangers_failures_only_delay_the_user(client, ewa):
    """Behind nginx without LLL_TRUSTED_PROXIES every request comes from one address. Before,
    five wrong passwords locked Ewa out for 15 minutes; now she waits seconds."""
    nginx = {"REMOTE_ADDR": "127.0.0.1"}
    for _failure in range(8):
        later(60)  # the stranger waits out every delay, to pile up failures
        assert attempt(client, "zle-haslo", **nginx).status_code == 200
    refused = attempt(client, PASSWORD, **nginx)
    assert refused.status_code == 429
    text = refused.content.decode()
    assert "Spróbuj ponownie za" in text and "hasła nie sprawdzono" in text
    assert int(refused["Retry-After"]) <= 60
    later(60)
    assert attempt(client, PASSWORD, **nginx).status_code == 302


def test_the_delays_grow_up_to_the_cap_and_waiting_attempts_do_not_count(client, ewa, settings):
    settings.LLL_LOGIN_MAX_DELAY_SECONDS = 8
    # From a new address each time: only the username's count is at work here.
    addresses = (f"198.51.100.{n}" for n in range(1, 100))
    for _failure in range(5):
        assert attempt(client, "zle", REMOTE_ADDR=next(addresses)).status_code == 200
    waits = []
    for _round in range(5):
        refused = attempt(client, PASSWORD, REMOTE_ADDR=next(addresses))
        assert refused.status_code == 429  # the right password is not even checked
        # Hammering during the wait does not stretch it.
        assert (
            attempt(client, "zle", REMOTE_ADDR=next(addresses))["Retry-After"]
            == (refused["Retry-After"])
        )
        waits.append(int(refused["Retry-After"]))
        later(waits[-1])
        assert attempt(client, "zle", REMOTE_ADDR=next(addresses)).status_code == 200
    assert waits == [1, 2, 4, 8, 8]
    # After the wait the right password works from any address, and clears the count.
    later(8)
    assert attempt(client, PASSWORD, REMOTE_ADDR=next(addresses)).status_code == 302
    client.post(reverse("logout"))
    assert attempt(client, "zle", REMOTE_ADDR=next(addresses)).status_code == 200
    assert attempt(client, PASSWORD, REMOTE_ADDR=next(addresses)).status_code == 302


def test_the_username_counts_whatever_its_letter_case(client, ewa):
    for n in range(5):
        attempt(client, "zle", username=EWA.upper() if n % 2 else EWA)
    assert attempt(client, PASSWORD, username="Ewa@Wup.Example").status_code == 429


def test_one_address_trying_many_usernames_waits(client, ewa):
    for n in range(20):
        assert attempt(client, "zle", username=f"ktos{n}@wup.example").status_code == 200
    assert attempt(client, PASSWORD, REMOTE_ADDR="127.0.0.1").status_code == 429
    # Ewa's own address is not held back by another address's failures.
    assert attempt(client, PASSWORD, REMOTE_ADDR="192.0.2.8").status_code == 302


def test_the_address_comes_from_the_header_only_through_a_trusted_proxy(client, ewa, settings):
    settings.LLL_TRUSTED_PROXIES = ["10.0.0.0/24"]
    stranger = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "203.0.113.5"}
    for n in range(20):
        attempt(client, "zle", username=f"ktos{n}@wup.example", **stranger)
    assert attempt(client, PASSWORD, **stranger).status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}
    # Ewa comes through the same proxy from her own address: not held back.
    ewa_through_proxy = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "198.51.100.7"}
    assert attempt(client, PASSWORD, **ewa_through_proxy).status_code == 302
    client.post(reverse("logout"))
    AccessAttempt.objects.all().delete()
    # A client that is not the proxy cannot choose its address with the header: its failures
    # count under its own connection, whatever header it sends.
    for n in range(20):
        spoofed = {"REMOTE_ADDR": "203.0.113.9", "HTTP_X_FORWARDED_FOR": f"192.0.2.{n}"}
        attempt(client, "zle", username=f"ktos{n}@wup.example", **spoofed)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}
    spoofed = {"REMOTE_ADDR": "203.0.113.9", "HTTP_X_FORWARDED_FOR": "192.0.2.200"}
    assert attempt(client, PASSWORD, **spoofed).status_code == 429
