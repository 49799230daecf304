"""What a new coordination-office user met on the demo data: choosing presenters among forty
people by keyboard, removing a guest by mistake, tables wider than a phone."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from lll.coordination.demo import load_demo
from lll.coordination.models import Attendance, Meeting, Person

from .conftest import assert_accessible
from .test_coordination import _account, _shot
from .test_monitoring import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_presenters_are_found_by_typing_and_ticked_by_keyboard(page: Page, territory):
    load_demo()
    _account("biuro", "coordination_office")
    log_in(page, "biuro", "Haslo-testowe-2026")
    meeting = Meeting.objects.get(body__short_name="WZK", number=3)
    item = meeting.agenda_items.get(position=4)
    chosen = list(item.presenters.all())
    borowska = Person.objects.get(last_name="Borowska")
    wanted = Person.objects.get(last_name="Kwiatkowski")
    assert chosen == [borowska]
    page.goto(f"/koordynacja/posiedzenia/{meeting.pk}/punkty/{item.pk}/")

    presenters = page.get_by_role("group", name="Prelegenci")
    expect(presenters.get_by_role("checkbox").first).to_be_checked()  # the chosen come first
    expect(presenters.get_by_text("Wybrano: 1")).to_be_visible()
    page.get_by_label("Tytuł").focus()
    page.keyboard.press("Tab")
    search = presenters.get_by_role("searchbox", name="Zawęź listę według nazwiska lub instytucji")
    expect(search).to_be_focused()
    page.keyboard.type("kwiatk")  # without the Polish letter: still found
    page.keyboard.press("Enter")  # narrows only; the form is not sent
    expect(page).to_have_url(re.compile(f"/punkty/{item.pk}/$"))
    visible = presenters.locator("[data-picker-option]:visible")
    expect(visible).to_have_count(2)  # the one typed and the one already chosen
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    expect(presenters.get_by_label(re.compile(wanted.full_name))).to_be_focused()
    page.keyboard.press("Space")
    expect(presenters.get_by_text("Wybrano: 2")).to_be_visible()
    assert_accessible(page)
    _shot(page, "walk-b-presenters")
    page.get_by_role("button", name="Zapisz").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("posiedzenie nr 3")
    assert set(item.presenters.all()) == {borowska, wanted}


def test_a_guest_is_removed_only_after_confirmation(page: Page, territory):
    load_demo()
    _account("biuro", "coordination_office")
    log_in(page, "biuro", "Haslo-testowe-2026")
    meeting = Meeting.objects.get(body__short_name="WZK", number=2)
    guest = meeting.attendance.filter(status=Attendance.Status.GUEST).first()
    assert guest is not None
    page.goto(f"/koordynacja/posiedzenia/{meeting.pk}/obecnosc/")
    remove = page.get_by_role("button", name=re.compile(f"usuń.*{guest.person.full_name}"))
    questions: list[str] = []

    def answer(dialog, accept: bool) -> None:
        questions.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, False))
    remove.click()
    assert questions == [f"Usunąć gościa {guest.person.full_name} z listy obecności?"]
    assert Attendance.objects.filter(pk=guest.pk).exists()
    page.once("dialog", lambda dialog: answer(dialog, True))
    remove.click()
    expect(page.get_by_text("Usunięto gościa z listy.")).to_be_visible()
    assert not Attendance.objects.filter(pk=guest.pk).exists()


def test_the_coordination_lists_fit_a_phone(browser: Browser, live_server, territory):
    load_demo()
    _account("biuro", "coordination_office")
    context = browser.new_context(
        locale="pl-PL", base_url=live_server.url, viewport={"width": 390, "height": 800}
    )
    page = context.new_page()
    log_in(page, "biuro", "Haslo-testowe-2026")
    for url in [
        "/koordynacja/organy/",
        "/koordynacja/posiedzenia/",
        "/koordynacja/badania/",
        "/koordynacja/osoby/",
        "/koordynacja/instytucje/",
    ]:
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{url} is {width} px wide"
        assert_accessible(page)
    context.close()
