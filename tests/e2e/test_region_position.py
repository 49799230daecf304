"""The home page's figures and the region-among-the-16 page with the real data, in a browser:
axe finds nothing serious, at an office width and at 390 px (screenshots under var/screenshots)."""

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from .conftest import assert_accessible, shot

pytestmark = pytest.mark.django_db(transaction=True)


def _walk(page: Page, width: str) -> None:
    page.goto("/")
    glance = page.get_by_role("region", name="Region w skrócie")
    expect(glance).to_be_visible()
    # The figures' cards (the list of their sources follows them).
    cards = glance.get_by_role("list").first
    unemployment = cards.get_by_role("listitem").filter(has_text="Stopa bezrobocia")
    expect(unemployment).to_contain_text("7,3")
    expect(unemployment).to_contain_text("w 2022 r.")
    expect(unemployment).to_contain_text("miejsce wśród 16 województw")
    assert_accessible(page)
    shot(page, f"home-figures-{width}")

    page.get_by_role("link", name=re.compile("wśród 16 województw: wszystkie wskaźniki")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Województwo podlaskie wśród 16 województw"
    )
    table = page.get_by_role("table", name="Pozycja według wskaźników")
    learning = table.get_by_role("row", name=re.compile(r"\(GUS, BAEL\)"))
    expect(learning).to_contain_text("11,1")
    expect(learning).to_contain_text("+27,6")
    expect(page.locator("[data-vega-spec='region-chart'] svg")).to_be_visible()
    expect(page.get_by_role("heading", name="Źródła wartości")).to_be_visible()
    assert_accessible(page)
    shot(page, f"region-among-16-{width}")


def test_home_figures_and_the_region_among_the_16(page: Page, real_data):
    _walk(page, "1440")
    page.goto("/wskazniki/lm-unemployment-rate/")
    position = page.locator("section[aria-labelledby=position-heading]")
    expect(position).to_contain_text("z 16")
    expect(page.get_by_text("Ostatnia aktualizacja")).to_be_visible()
    assert_accessible(page)
    shot(page, "indicator-position-1440")
    # The other pages that now mark each value's source.
    for url in ["/wskazniki/porownanie/", "/wskazniki/profil/2061/"]:
        page.goto(url)
        expect(page.get_by_role("heading", name="Źródła wartości")).to_be_visible()
        assert_accessible(page)


def test_the_same_pages_at_390_px(browser: Browser, live_server: Any, real_data):
    context = browser.new_context(
        locale="pl-PL", base_url=live_server.url, viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        _walk(page, "390")
    finally:
        context.close()
