import io
import re

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from lll.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def office_admin(client):
    """A non-superuser with the Administrator role, logged in."""
    user = User.objects.create_user(
        "kierownik", email="kierownik@wup.example", password="x-Pass-1234"
    )
    user.groups.add(Group.objects.get(name="administrator"))
    client.force_login(user)
    return user


def test_anonymous_is_sent_to_login_and_a_member_is_refused(client):
    url = reverse("accounts:user_list")
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    member = User.objects.create_user("czlonek", password="x-Pass-1234")
    member.groups.add(Group.objects.get(name="member"))
    client.force_login(member)
    assert client.get(url).status_code == 403
    assert client.post(reverse("accounts:user_create"), {"username": "x"}).status_code == 403
    assert not User.objects.filter(username="x").exists()


def test_admin_creates_a_user_with_roles_and_the_user_sets_a_password(
    client, office_admin, mailbox
):
    response = client.post(
        reverse("accounts:user_create"),
        {
            "username": "anowak",
            "first_name": "Anna",
            "last_name": "Nowak",
            "email": "Anna.Nowak@pup.example",
            "is_active": "on",
            "roles": [Group.objects.get(name="analyst").pk, Group.objects.get(name="member").pk],
        },
    )
    assert response.status_code == 302, response.content.decode()
    user = User.objects.get(username="anowak")
    assert user.email == "anna.nowak@pup.example"
    assert sorted(user.groups.values_list("name", flat=True)) == ["analyst", "member"]
    assert not user.has_usable_password()

    assert len(mailbox.messages) == 1
    assert mailbox.messages[0]["X-Rcpt-To"] == "anna.nowak@pup.example"
    link = re.search(r"http://testserver(/\S+)", mailbox.bodies()[0]).group(1)
    client.logout()
    form_url = client.get(link)["Location"]  # Django swaps the token for a session marker
    response = client.post(
        form_url, {"new_password1": "Moje-haslo-42", "new_password2": "Moje-haslo-42"}
    )
    assert response.status_code == 302
    assert User.objects.get(username="anowak").check_password("Moje-haslo-42")


def test_duplicate_email_and_hostile_text_get_clear_errors(client, office_admin):
    response = client.post(
        reverse("accounts:user_create"),
        {
            "username": "<script>alert(1)</script>",
            "email": "KIEROWNIK@wup.example",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Inny użytkownik ma już ten adres e-mail." in page
    assert "<script>alert(1)</script>" not in page
    assert User.objects.count() == 1


def test_a_username_differing_only_in_letter_case_is_refused(client, office_admin):
    """Logins ignore letter case (migration 0003), so the form must too (issue 19)."""
    other = User.objects.create_user("izabela.czarnecka@example.org", email="iza@x.example")
    data = {"email": "nowa@x.example", "is_active": "on"}
    response = client.post(
        reverse("accounts:user_create"), {**data, "username": "Izabela.Czarnecka@example.org"}
    )
    assert response.status_code == 200
    assert "Inny użytkownik ma już tę nazwę użytkownika" in response.content.decode()
    assert User.objects.count() == 2
    # Renaming an account to another's name in other letters: refused too.
    response = client.post(
        reverse("accounts:user_edit", args=[office_admin.pk]),
        {**data, "username": "IZABELA.czarnecka@example.org", "roles": []},
    )
    assert response.status_code == 200
    assert "Inny użytkownik ma już tę nazwę użytkownika" in response.content.decode()
    # An account may change the case of its own name.
    response = client.post(
        reverse("accounts:user_edit", args=[other.pk]),
        {"username": "Izabela.Czarnecka@example.org", "email": "iza@x.example", "is_active": "on"},
    )
    assert response.status_code == 302


def test_roles_are_changed_and_the_change_is_in_history(client, office_admin):
    user = User.objects.create_user("jkowal", email="j@x.example")
    user.groups.add(Group.objects.get(name="member"))
    response = client.post(
        reverse("accounts:user_edit", args=[user.pk]),
        {
            "username": "jkowal",
            "email": "j@x.example",
            "first_name": "Jan",
            "last_name": "Kowal",
            "is_active": "on",
            "roles": [Group.objects.get(name="wrrp_secretary").pk],
        },
    )
    assert response.status_code == 302
    assert list(user.groups.values_list("name", flat=True)) == ["wrrp_secretary"]
    last = user.history.latest("history_date")
    assert last.history_user == office_admin
    assert last.first_name == "Jan"


def test_an_admin_cannot_lock_themselves_out_or_touch_a_superuser(client, office_admin):
    response = client.post(
        reverse("accounts:user_edit", args=[office_admin.pk]),
        {"username": "kierownik", "email": "kierownik@wup.example"},
    )
    assert response.status_code == 200
    assert "Nie możesz dezaktywować własnego konta." in response.content.decode()
    office_admin.refresh_from_db()
    assert office_admin.is_active
    root = User.objects.create_superuser("root", "root@x.example", "x-Pass-1234")
    assert client.get(reverse("accounts:user_edit", args=[root.pk])).status_code == 403


def test_user_list_searches_and_exports(client, office_admin):
    User.objects.create_user(
        "bwisniewska", first_name="Barbara", last_name="Wiśniewska", email="b@x.example"
    )
    response = client.get(reverse("accounts:user_list"), {"q": "Wiśniew"})
    assert "bwisniewska" in response.content.decode()
    assert "kierownik" not in response.content.decode().split("<tbody>")[1]
    response = client.get(reverse("accounts:user_list"), {"q": "", "export": "xlsx"})
    sheet = openpyxl.load_workbook(__import__("io").BytesIO(response.content)).active
    usernames = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert usernames == {"kierownik", "bwisniewska"}


def test_an_administrator_cannot_take_away_their_own_administrator_role(client, office_admin):
    url = reverse("accounts:user_edit", args=[office_admin.pk])
    data = {"username": "kierownik", "email": "kierownik@wup.example", "is_active": "on"}
    analyst = Group.objects.get(name="analyst").pk
    response = client.post(url, {**data, "roles": [analyst]})
    assert response.status_code == 200
    assert "Nie możesz odebrać sobie roli Administrator." in response.content.decode()
    assert set(office_admin.groups.values_list("name", flat=True)) == {"administrator"}
    # Adding a role beside it is fine.
    admin = Group.objects.get(name="administrator").pk
    assert client.post(url, {**data, "roles": [admin, analyst]}).status_code == 302
    assert set(office_admin.groups.values_list("name", flat=True)) == {"administrator", "analyst"}


def test_my_account_warns_when_a_forgotten_password_could_not_be_reset(client, office_admin):
    url = reverse("accounts:account")
    assert "nie ma adresu e-mail" not in client.get(url).content.decode()
    office_admin.email = ""
    office_admin.save()
    page = client.get(url).content.decode()
    assert "Twoje konto nie ma adresu e-mail" in page
    # An administrator can add it at once (the first one, from ensure_admin, has none).
    edit = reverse("accounts:user_edit", args=[office_admin.pk])
    assert f'href="{edit}">Dodaj adres e-mail' in page
    member = User.objects.create_user("czlonek", password="x-Pass-1234")
    client.force_login(member)
    assert "Poproś administratora o jego dodanie." in client.get(url).content.decode()


def test_the_list_and_its_export_are_in_polish_order(client, office_admin):
    for username, last_name in [("z", "Zieliński"), ("l", "Łapińska"), ("a", "Lutek")]:
        User.objects.create_user(username, last_name=last_name, password="x-Pass-1234")
    page = client.get(reverse("accounts:user_list")).content.decode()
    assert page.index(">l<") < page.index(">z<")  # Łapińska (Ł after L) before Zieliński
    assert page.index(">a<") < page.index(">l<")  # Lutek before Łapińska
    response = client.get(reverse("accounts:user_list"), {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    last_names = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True) if row[2]]
    assert last_names == ["Lutek", "Łapińska", "Zieliński"]
