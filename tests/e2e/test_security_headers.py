"""The Content-Security-Policy does not break a page with charts and a map (issue 19): the
browser reports no violation and Vega draws its SVG."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_charts_and_maps_draw_under_the_content_security_policy(page: Page, monitoring):
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text
            or "Content-Security-Policy" in message.text
            else None
        ),
    )
    response = page.goto("/wskazniki/")
    assert response is not None
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "camera=()" in response.headers["permissions-policy"]
    page.goto("/wskazniki/al-participation-4-weeks/")
    expect(page.locator(".vega-map svg").first).to_be_visible()
    expect(page.locator("[data-vega-spec] svg").nth(1)).to_be_visible()
    assert violations == []
