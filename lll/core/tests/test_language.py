import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_polish_is_the_default_even_for_an_english_browser(client):
    page = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="pl">' in page
    assert "Strona główna" in page


def test_the_switch_changes_the_language_and_back(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/teren/"})
    assert response.status_code == 302 and response["Location"] == "/teren/"
    page = client.get(reverse("territory:unit_list")).content.decode()
    assert '<html lang="en">' in page
    assert "Territorial units" in page
    client.post(reverse("set_language"), {"language": "pl", "next": "/"})
    assert "Jednostki terytorialne" in client.get(reverse("territory:unit_list")).content.decode()


def test_an_unknown_language_cookie_falls_back_to_polish(client):
    client.cookies["django_language"] = "xx"
    assert '<html lang="pl">' in client.get(reverse("home")).content.decode()
