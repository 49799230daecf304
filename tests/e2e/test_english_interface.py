"""The English interface, read in the browser: a crawl of the pages an administrator reaches finds
no Polish interface text or data label (names of places, people, institutions and documents that
are Polish by nature are data, and Polish passages are marked lang="pl"); the smaller findings of
the accessibility review: focus after a refused vote, 320 px pages, Tabs to the meeting's actions.
"""

import re
from collections import deque
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from lll.consultations.demo import load_demo as load_consultations
from lll.consultations.models import Poll
from lll.coordination.demo import load_demo as load_coordination
from lll.coordination.models import Meeting, Minutes
from lll.selfassessment import demo as selfassessment_demo
from lll.selfassessment import frameworks
from lll.vet.models import OpinionRequest

from .conftest import account, assert_accessible, log_in, shot

pytestmark = pytest.mark.django_db(transaction=True)

# Links the crawl does not follow: files, the API, leaving, and lists' other pages and orders.
SKIP = re.compile(
    r"format=|export=|[?&](page|sort|q|scope|period|unit)=|\.(docx|pdf|xlsx|csv|json|ics|geojson)\b"
    r"|/pobierz|/api/v1/(?!docs)|/admin/|/konto/wyloguj|/static/|/media/|^mailto:"
)
CATALOGUES = [Path(settings.BASE_DIR) / "locale", *Path(settings.BASE_DIR).glob("lll/*/locale")]
MAX_PAGES = 140
# Where the crawl starts: the home page and the pages of each section.
START = [
    "/",
    "/teren/2061011/",
    "/wskazniki/",
    "/koordynacja/posiedzenia/",
    "/konsultacje/",
    "/samoocena/",
    "/ksztalcenie-zawodowe/",
    "/ksztalcenie-zawodowe/raport/2023/",
    "/api/v1/docs",
]
SAME_SHAPE = 2  # pages of one URL pattern (/teren/<code>/) visited at most

# Every visible text node and accessible-name attribute outside a passage marked Polish.
TEXTS = """() => {
  const out = [];
  const polish = (el) => {
    const marked = el && el.closest('[lang]');
    return marked && marked.lang.startsWith('pl');
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || ['SCRIPT', 'STYLE', 'NOSCRIPT', 'OPTION'].includes(parent.tagName)) continue;
    if (polish(parent)) continue;
    const text = node.textContent.replace(/\\s+/g, ' ').trim();
    if (text) out.push(text);
  }
  for (const el of document.body.querySelectorAll('[aria-label],[title],[alt],[placeholder]')) {
    if (polish(el)) continue;
    for (const name of ['aria-label', 'title', 'alt', 'placeholder']) {
      const value = el.getAttribute(name);
      if (value) out.push(value.replace(/\\s+/g, ' ').trim());
    }
  }
  return out;
}"""


def polish_labels() -> set[str]:
    """The Polish texts of the catalogues that are not also English ones: a label left in
    Polish on an English page is one of these, shown whole."""
    english: set[str] = set()
    polish: set[str] = set()
    for folder in CATALOGUES:
        for path in folder.glob("pl/LC_MESSAGES/django.po"):
            for entry in polib.pofile(str(path)):
                english.update({entry.msgid, entry.msgid_plural} - {""})
                texts = [entry.msgstr, *entry.msgstr_plural.values()]
                polish.update(t for t in texts if t and not re.search(r"%|\{", t))
    return {
        text.strip().rstrip(":.")
        for text in polish
        if text not in english and len(text.strip()) > 2 and not text.isupper()
    }


def _shape(path: str) -> str:
    """Pages of one kind: numbers and indicator codes ("lm-unemployed") stand for any."""
    return re.sub(r"\d+", "N", re.sub(r"/[a-z0-9]+(-[a-z0-9]+)+/", "/S/", path))


def test_the_english_interface_has_no_polish_labels(
    browser: Browser, live_server: Any, monitoring, vet_demo
):
    load_coordination()
    load_consultations()
    frameworks.load_comorelp()
    selfassessment_demo.load_demo()
    account("admin-en", "administrator")
    labels = polish_labels()
    context = browser.new_context(
        locale="en-GB", base_url=live_server.url, viewport={"width": 1440, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    log_in(page, "admin-en")
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}]
    )
    minutes = Minutes.objects.filter(status=Minutes.Status.APPROVED).first()
    decided = OpinionRequest.objects.exclude(evidence=None).exclude(opinion="pending").first()
    start = [*START, reverse("coordination:minutes", args=[minutes.pk]) if minutes else "/"]
    if decided is not None:
        start.append(reverse("vet:request", args=[decided.pk]))
    queue, seen = deque(start), set(start)
    shapes: dict[str, int] = {}
    found: dict[str, set[str]] = {}
    visited, pages = 0, []
    while queue and visited < MAX_PAGES:
        url = queue.popleft()
        response = page.goto(url)
        visited += 1
        pages.append(url)
        if (
            response is None
            or response.status != 200
            or "text/html" not in (response.headers.get("content-type") or "")
        ):
            continue
        assert page.locator("html").get_attribute("lang") == "en", url
        for text in page.evaluate(TEXTS):
            if text.rstrip(":.") in labels:
                found.setdefault(text, set()).add(url)
        for href in page.eval_on_selector_all(
            "a[href]", "els => els.map(e => e.getAttribute('href'))"
        ):
            parts = urlsplit(href)
            if parts.netloc or not parts.path.startswith("/") or SKIP.search(href):
                continue
            link = parts.path + (f"?{parts.query}" if parts.query else "")
            shape = _shape(parts.path)
            if link in seen or shapes.get(shape, 0) >= SAME_SHAPE:
                continue
            seen.add(link)
            shapes[shape] = shapes.get(shape, 0) + 1
            queue.append(link)
    # The check itself finds Polish labels where they are: the same page in Polish.
    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": "pl", "url": live_server.url}]
    )
    page.goto("/")
    page.evaluate("document.documentElement.lang = 'en'")  # the page's own lang is passed over
    assert len({t for t in page.evaluate(TEXTS) if t.rstrip(":.") in labels}) > 10
    context.close()
    assert visited >= 60, visited
    report = {text: sorted(urls)[:3] for text, urls in sorted(found.items())}
    assert not report, "\n".join(f"{text!r}: {urls}" for text, urls in report.items())


# The elements that reach past the right edge of the viewport (none, on a page that fits).
OVERFLOW = """(width) => [...document.querySelectorAll('body *')]
  .filter(el => el.getBoundingClientRect().right > width + 1 && el.offsetParent !== null)
  .filter(el => !el.closest('.table-responsive, [role=region]'))
  .map(el => el.tagName + '.' + el.className + ' ' + (el.textContent || '').trim().slice(0, 40))
  .slice(0, 8)"""


def test_the_comparison_and_the_meeting_page_fit_320_px(
    browser: Browser, live_server: Any, monitoring
):
    load_coordination()
    account("biuro-320", "coordination_office")
    meeting = Meeting.objects.filter(number=2).first()
    assert meeting is not None
    context = browser.new_context(
        locale="pl-PL", base_url=live_server.url, viewport={"width": 320, "height": 700}
    )
    page = context.new_page()
    log_in(page, "biuro-320")
    for url in [
        "/wskazniki/porownanie/?indicator=lm-unemployment-rate&indicator=lm-average-gross-wage",
        meeting.get_absolute_url(),
    ]:
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, (url, width, page.evaluate(OVERFLOW, 320))
        assert_accessible(page)
        shot(page, "320-" + re.sub(r"\W+", "-", url.split("?")[0]).strip("-"))
    context.close()


def test_a_vote_without_a_choice_puts_the_focus_on_the_reason(page: Page, territory):
    import datetime

    from django.utils import timezone

    from lll.consultations import services
    from lll.coordination.models import Body, Membership

    load_coordination()
    wzk = Body.objects.get(short_name="WZK")
    voter = next(
        m.person
        for m in Membership.objects.current(timezone.localdate()).filter(body=wzk)
        if m.role == "member"
    )
    account("glosujacy", "member", voter)
    now = timezone.now()
    poll = Poll.objects.create(
        body=wzk,
        question="Kierunki wizyt studyjnych",
        method=Poll.Method.SINGLE,
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(days=3),
        status=Poll.Status.OPEN,
    )
    for label in ["Niemcy", "Dania"]:
        services.add_option(poll, label, "")
    log_in(page, "glosujacy")
    page.goto(poll.get_absolute_url())
    page.once("dialog", lambda dialog: dialog.accept())  # "Cast your vote?"
    page.get_by_role("button", name="Oddaj głos").click()
    error = page.locator("#vote-error")
    expect(error).to_be_focused()
    expect(error).to_have_attribute("role", "alert")
    expect(page.locator("fieldset")).to_have_attribute("aria-describedby", "vote-error")
    page.keyboard.press("Tab")  # straight on to the options
    expect(page.get_by_label("Niemcy")).to_be_focused()
    assert_accessible(page)


def test_the_meetings_parts_are_a_few_tabs_away(page: Page, territory):
    load_coordination()
    account("biuro-tab", "coordination_office")
    meeting = Meeting.objects.filter(number=2).first()
    assert meeting is not None
    log_in(page, "biuro-tab")
    page.goto(meeting.get_absolute_url())
    page.locator("#main").focus()
    parts = page.locator("#meeting-parts")
    tabs = 0
    while tabs < 40 and not page.evaluate(
        "document.activeElement.closest('#meeting-parts') !== null"
    ):
        page.keyboard.press("Tab")
        tabs += 1
    # Past the section's menu (its links and search) the page's own list of parts comes first.
    menu = page.locator("main nav").first.locator("a, input, button").count()
    assert tabs <= menu + 1, (tabs, menu)
    parts.get_by_role("link", name="Protokół").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate(
        "document.activeElement.closest('section[aria-labelledby=minutes]') !== null"
    ), page.evaluate("document.activeElement.outerHTML")
