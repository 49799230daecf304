import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import Page, expect

from lll.accounts.models import User
from lll.accounts.services import ensure_admin

from .conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_draws_the_region_map_in_polish(page: Page, territory):
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    expect(page.get_by_role("heading", level=1)).to_contain_text("województwo podlaskie")
    shapes = page.locator(".vega-map svg g.mark-shape path")
    expect(shapes).to_have_count(17)
    expect(page.get_by_role("link", name="Białystok", exact=True)).to_be_visible()
    assert_accessible(page)


def test_language_switch_goes_to_english_and_back(page: Page, territory):
    page.goto("/teren/20/")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/teren/20/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Voivodeship podlaskie")
    assert_accessible(page)
    page.get_by_role("button", name="Polski").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Województwo podlaskie")


def test_territory_search_and_unit_page_by_keyboard(page: Page, territory):
    page.goto("/teren/")
    assert_accessible(page)
    page.keyboard.press("Tab")  # the skip link comes first
    expect(page.get_by_text("Przejdź do głównej treści")).to_be_focused()
    search = page.get_by_label("Nazwa lub kod TERYT")
    search.focus()
    page.keyboard.type("lomza")
    expect(page.locator("#results-summary")).to_contain_text("Znaleziono 3 jednostki")
    # Three units are called Łomża: the city, its urban gmina and a rural gmina.
    link = page.locator("#results a[href='/teren/2062/']")
    link.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/teren/2062/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Łomża")
    expect(page.locator(".vega-map svg")).to_be_visible()
    assert_accessible(page)


def test_gmina_page(page: Page, territory):
    page.goto("/teren/2002013/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Gmina Choroszcz")
    expect(page.get_by_text("Granice gmin nie są dostępne")).to_be_visible()
    assert_accessible(page)


def test_login_and_logout(page: Page, territory):
    User.objects.create_user("ewa", password="Prawdziwe-haslo-1", first_name="Ewa")
    page.goto("/")
    page.get_by_role("link", name="Zaloguj się").first.click()
    assert_accessible(page)
    page.get_by_label("Nazwa użytkownika").fill("ewa")
    page.get_by_label("Hasło").fill("Prawdziwe-haslo-1")
    page.get_by_role("button", name="Zaloguj się").click()
    expect(page.get_by_role("link", name="Ewa")).to_be_visible()
    page.get_by_role("button", name="Wyloguj się").click()
    expect(page.get_by_role("link", name="Zaloguj się").first).to_be_visible()


def test_wrong_password_gets_a_polish_error(page: Page, db):
    page.goto("/konto/logowanie/")
    page.get_by_label("Nazwa użytkownika").fill("nikt")
    page.get_by_label("Hasło").fill("zle")
    page.get_by_role("button", name="Zaloguj się").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Wprowadź poprawne wartości pól nazwa użytkownika oraz hasło"
    )
    assert_accessible(page)


def test_anonymous_is_refused_the_admin_pages(page: Page, db):
    page.goto("/konto/uzytkownicy/")
    expect(page).to_have_url(re.compile(r"/konto/logowanie/\?next=/konto/uzytkownicy/"))
    page.goto("/admin/")
    expect(page).to_have_url(re.compile(r"/admin/login/"))
    response = page.request.get("/konto/uzytkownicy/nowy/", max_redirects=0)
    assert response.status == 302


def test_member_is_refused_user_management(page: Page, db):
    member = User.objects.create_user("czlonek", password="Haslo-czlonka-1")
    member.groups.add(Group.objects.get(name="member"))
    page.goto("/konto/logowanie/")
    page.get_by_label("Nazwa użytkownika").fill("czlonek")
    page.get_by_label("Hasło").fill("Haslo-czlonka-1")
    page.get_by_role("button", name="Zaloguj się").click()
    expect(page.get_by_role("link", name="Użytkownicy")).to_have_count(0)
    response = page.goto("/konto/uzytkownicy/")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Brak dostępu")
    assert_accessible(page)


def test_first_administrator_changes_the_one_time_password_and_adds_a_user(
    page: Page, territory, settings, tmp_path
):
    settings.VAR_DIR = tmp_path
    _admin, password_file = ensure_admin()
    password = password_file.read_text().split("password: ")[1].split()[0]
    page.goto("/konto/logowanie/")
    page.get_by_label("Nazwa użytkownika").fill("admin")
    page.get_by_label("Hasło").fill(password)
    page.get_by_role("button", name="Zaloguj się").click()
    expect(page).to_have_url(re.compile(r"/konto/haslo/$"))
    expect(page.get_by_role("status")).to_contain_text("ustaw własne hasło")
    assert_accessible(page)
    page.get_by_label("Stare hasło").fill(password)
    page.get_by_role("textbox", name="Nowe hasło (wymagane)", exact=True).fill(
        "Admin-nowe-haslo-2026"
    )
    page.get_by_label("Nowe hasło (powtórz)").fill("Admin-nowe-haslo-2026")
    page.get_by_role("button", name="Zmień hasło").click()
    expect(page.get_by_role("heading", name="Hasło zmienione")).to_be_visible()

    # The first administrator has no e-mail yet: their account page says so and links to it.
    page.goto("/konto/")
    expect(page.get_by_text("Twoje konto nie ma adresu e-mail")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Dodaj adres e-mail").click()
    expect(page.get_by_label("Adres e-mail")).to_be_visible()

    page.get_by_role("navigation", name="Menu główne").get_by_role(
        "link", name="Użytkownicy"
    ).click()
    assert_accessible(page)
    page.get_by_role("link", name="Dodaj użytkownika").click()
    page.get_by_label("Nazwa użytkownika").fill("anowak")
    page.get_by_label("Adres e-mail").fill("anna.nowak@wup.example")
    page.get_by_role("checkbox", name=re.compile("Analityk")).check()
    assert_accessible(page)
    page.get_by_role("button", name="Zapisz").click()
    expect(page.get_by_role("status")).to_contain_text("Utworzono użytkownika anowak")
    expect(page.get_by_role("row", name=re.compile("anowak"))).to_contain_text("Analityk")
    page.get_by_role("link", name="anowak").click()
    expect(page.get_by_role("heading", name="Historia zmian")).to_be_visible()
    assert_accessible(page)


def test_the_accessibility_check_catches_a_violation(page: Page, db):
    page.set_content("<html><body><img src='map.png'><input type='text'></body></html>")
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(page)


def test_api_documentation_is_accessible_and_its_examples_answer(page: Page, monitoring):
    page.goto("/")
    page.get_by_role("link", name="API otwartych danych (OpenAPI)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API otwartych danych")
    assert_accessible(page)
    page.get_by_role("link", name="GET /api/v1/observations").click()
    example = page.locator("#api-v1-observations a")
    with page.expect_download() as download:
        example.click()
    text = download.value.path().read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("indicator,unit,period,value")
    assert "al-participation-4-weeks,20,2015," in text
