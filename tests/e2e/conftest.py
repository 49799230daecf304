"""Browser tests: Playwright for Python driving Debian's Chromium against the live test server."""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, sync_playwright

from lll.accounts.models import User
from lll.coordination.models import Person
from lll.testing import make_user

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make between
# browser steps are still synchronous, so Django's async-safety guard does not apply.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
AXE = Path(settings.NODE_MODULES_DIR) / "axe-core" / "axe.min.js"
# The browser tests' accounts log in through the form with this password.
PASSWORD = "Haslo-testowe-2026"
# Screenshots of the walks, for people to look at (nothing compares them).
SHOTS = Path(os.environ.get("LLL_SHOTS_DIR", str(Path(settings.VAR_DIR) / "screenshots")))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, live_server: Any) -> Iterator[Page]:
    # An English browser: the pages must still come in Polish by default.
    # A wide office screen: the main menu shows in full from 1400 px (narrower: a menu button).
    context = browser.new_context(
        locale="en-US", base_url=live_server.url, viewport={"width": 1440, "height": 900}
    )
    blocked = watch_policies(context)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
    # Every browser test on this page is also a test of the Content-Security-Policy (issue 19).
    assert blocked == [], "The security policies blocked or rejected:\n" + "\n".join(blocked)


# Runs in each document before the page's own scripts; the binding is the browser's debugging
# protocol, not a script the page's policy could block.
POLICY_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.lllPolicyViolation(
    `${event.effectiveDirective}: ${event.blockedURI || "inline"} ` +
      `(${event.sourceFile || document.URL}:${event.lineNumber}) ${event.sample || ""}`
  );
});
"""


def watch_policies(context: BrowserContext) -> list[str]:
    """What the Content-Security-Policy blocks on the context's pages (`securitypolicyviolation`
    events), and the console's errors about either policy header (e.g. a Permissions-Policy
    feature Chromium does not know): a list that fills as the pages run."""
    blocked: list[str] = []
    context.expose_function("lllPolicyViolation", lambda report: blocked.append(report))
    context.add_init_script(POLICY_LISTENER)

    def console(message: ConsoleMessage) -> None:
        text = message.text
        if (message.type == "error" and "Content Security Policy" in text) or (
            "Permissions-Policy" in text
        ):
            blocked.append(text)

    context.on("console", console)
    return blocked


AXE_SOURCE = AXE.read_text(encoding="utf-8")


def assert_accessible(page: Page) -> None:
    """axe-core (from npm) finds no serious or critical WCAG violation on the current page."""
    # Evaluated by the browser's debugging protocol, not as a script tag: the pages' CSP allows
    # no inline script (issue 19), and the check must see the page as visitors get it.
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE)
    result = page.evaluate("async () => await axe.run(document)")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(node["target"][0] for node in v["nodes"][:5])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], f"{page.url}:\n" + "\n".join(serious)


def account(username: str, role: str, person: Person | None = None) -> User:
    """An account in the role's group that logs in with PASSWORD, the person's if one is given."""
    user = make_user(username, role, password=PASSWORD, email="")
    if person is not None:
        person.user = user
        person.save()
    return user


def log_in(page: Page, username: str, password: str = PASSWORD) -> None:
    """Log in through the login form, as a person does."""
    page.goto("/konto/logowanie/")
    page.get_by_label("Nazwa użytkownika").fill(username)
    page.get_by_label("Hasło").fill(password)
    page.get_by_role("button", name="Zaloguj się").click()


def shot(page: Page, name: str) -> None:
    """A full-page screenshot under SHOTS (var/screenshots unless LLL_SHOTS_DIR says otherwise)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
