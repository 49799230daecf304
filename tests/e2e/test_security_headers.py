"""The strict Content-Security-Policy (no eval, no inline script, no inline style; issue 19) does
not break the pages with charts and maps: Vega draws its marks (its expressions run in
vega-interpreter), the tooltip has its stylesheet, the image downloads work, and the browser
reports nothing blocked. The `page` fixture (conftest.watch_policies) fails any browser test whose
pages trip either policy; this test walks the chart pages of the indicators and the territory.
"""

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True)

INDICATOR = "/wskazniki/al-participation-4-weeks/"
CHART_PAGES = [
    "/",  # the region's map
    INDICATOR,  # the map, the series and the position among the 16
    "/wskazniki/obszar/adult_learning/",  # a theme: one chart per indicator
    "/wskazniki/region-wsrod-wojewodztw/",
    "/teren/20/",  # a unit's map
]


def assert_charts_drawn(page: Page) -> None:
    """Every chart of the page is drawn as an SVG with marks (not its error text)."""
    charts = page.locator("[data-vega-spec]")
    expect(charts.first).to_be_attached()
    expect(page.locator("[data-vega-spec]:not([data-rendered=true])")).to_have_count(0)
    for index in range(charts.count()):
        marks = charts.nth(index).locator("svg .role-mark > *")
        expect(marks.first).to_be_attached()


def test_charts_and_maps_draw_under_the_strict_policies(page: Page, monitoring):
    response = page.goto("/wskazniki/")
    assert response is not None
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "style-src 'self';" in policy
    assert "'unsafe-eval'" not in policy and "'unsafe-inline'" not in policy
    assert "camera=()" in response.headers["permissions-policy"]
    for path in CHART_PAGES:
        page.goto(path)
        assert_charts_drawn(page)

    page.goto(INDICATOR)
    assert_charts_drawn(page)
    # vega-tooltip's stylesheet comes as a file: its tooltip is positioned, shown and hidden.
    page.locator("[data-vega-spec='series-spec'] svg .role-mark > *").nth(3).hover(force=True)
    tooltip = page.locator("#vg-tooltip-element")
    expect(tooltip).to_have_class("vg-tooltip visible light-theme")
    expect(tooltip).to_have_css("position", "fixed")
    # Saving the image draws it again, off the page (SVG and PNG).
    for kind in ["SVG", "PNG"]:
        with page.expect_download() as download:
            page.get_by_role("button", name=f"Zapisz obraz ({kind})").first.click()
        assert download.value.suggested_filename.endswith(f".{kind.lower()}")
