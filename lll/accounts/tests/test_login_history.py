"""Logins write no history, the user page pages through all of it, and a username's letter
case does not matter when logging in (issue 19)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from lll.accounts.models import User
from lll.testing import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "Prawdziwe-haslo-1"


def test_logging_in_writes_no_history_and_the_role_change_stays_visible(client):
    user = User.objects.create_user("izabela.czarnecka@example.org", password=PASSWORD)
    user.groups.add(Group.objects.get(name="member"))
    records = user.history.count()
    for _login in range(25):
        assert (
            client.post(
                reverse("login"), {"username": user.username, "password": PASSWORD}
            ).status_code
            == 302
        )
        client.post(reverse("logout"))
    assert user.history.count() == records
    user.refresh_from_db()
    assert user.last_login is not None


def test_the_user_page_pages_through_all_the_history(client):
    admin = make_user("admin-historia", "administrator")
    edited = make_user("zmieniany", "member")
    for number in range(30):
        edited.first_name = f"Imię {number}"
        edited.save()
    client.force_login(admin)
    url = reverse("accounts:user_edit", args=[edited.pk])
    first = client.get(url)
    total = edited.history.count()
    assert total > 25 and first.context["history"].paginator.count == total
    last = client.get(url, {"page": first.context["history"].paginator.num_pages})
    assert last.context["history"][-1].history_type == "+"  # the account's creation


def test_a_username_logs_in_whatever_its_letter_case(client):
    User.objects.create_user("izabela.czarnecka@example.org", password=PASSWORD)
    response = client.post(
        reverse("login"), {"username": "Izabela.Czarnecka@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    client.post(reverse("logout"))
    # Two accounts differing only in case: neither is guessed, and nothing breaks.
    User.objects.create_user("Izabela.Czarnecka@example.org", password="Inne-haslo-2345")
    response = client.post(
        reverse("login"), {"username": "IZABELA.CZARNECKA@example.org", "password": PASSWORD}
    )
    assert response.status_code == 200


def test_password_reset_mails_to_one_address_are_limited(client, mailbox):
    User.objects.create_user("zalewana", email="zalewana@wup.example", password=PASSWORD)
    for _request in range(5):
        response = client.post(reverse("password_reset"), {"email": "Zalewana@wup.example"})
        assert response.status_code == 302  # the same answer every time
    assert len(mailbox.messages) == 3
