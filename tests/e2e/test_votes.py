"""Issue 16, votes: the office applies the 2025 regulation to a body, records a resolution voted
per member at a meeting, and runs two circular votes (one fails for low turnout, one passes),
a member voting by the e-mail link without logging in."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from lll.coordination.models import Attendance, MemberVote, Vote
from lll.coordination.services import votes
from lll.coordination.tests import conftest as coordination

from .conftest import account, assert_accessible, log_in, shot

pytestmark = pytest.mark.django_db(transaction=True)

team = coordination.team  # the coordination tests' team: a WZK of five voting members


def _close(page: Page) -> None:
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Zamknij głosowanie").click()


def test_a_vote_per_member_and_circular_votes_by_the_rules(
    page: Page, browser: Browser, live_server, team, mailbox
):
    account("glosowania", "coordination_office")
    log_in(page, "glosowania")
    chair, (a, b, c, d) = team.chair, team.members

    # The WZK adopts the regulation's rules from the template.
    page.goto(f"/koordynacja/organy/{team.wzk.pk}/")
    page.get_by_role("link", name="Zmień zasady").click()
    page.get_by_role("link", name=re.compile("rozporządzenie z 20 listopada 2025")).click()
    expect(page.get_by_label("Źródło zasad")).to_have_value(re.compile("Dz.U. 2025 poz. 1621"))
    assert_accessible(page)
    page.get_by_role("button", name="Zapisz").click()
    expect(page.locator("#rules + p, #rules ~ dl").first).to_contain_text("1621")

    # Four of five present; the resolution is voted per member.
    for person in (chair, a, b, c):
        Attendance.objects.create(meeting=team.meeting, person=person, status="present")
    page.goto(team.meeting.get_absolute_url())
    expect(page.locator("#quorum")).to_contain_text("4 z 5")
    page.get_by_role("link", name="Poddaj pod głosowanie").click()
    page.locator("#id_title").fill("Stanowisko w sprawie wizyty studyjnej we Francji")
    page.locator("#id_addressee").fill("Zarząd Województwa Podlaskiego")
    page.get_by_role("button", name="Wszyscy obecni: za").click()
    page.get_by_label(f"{b.full_name}: przeciw").check()
    expect(page.get_by_label(f"{d.full_name}: brak głosu")).to_be_checked()
    assert_accessible(page)
    shot(page, "vote-form")
    page.get_by_role("button", name="Zapisz głosowanie").click()
    votes_section = page.locator("section[aria-labelledby=votes]")
    expect(votes_section).to_contain_text("przyjęte")
    expect(votes_section).to_contain_text("1/2024")
    assert_accessible(page)
    page.get_by_role("link", name="Stanowisko w sprawie wizyty studyjnej we Francji").click()
    expect(page.locator("#member-votes tbody tr")).to_have_count(5)
    expect(page.locator("#member-votes")).to_contain_text("przeciw")
    assert_accessible(page)

    # A circular vote that too few members answer.
    page.goto(f"/koordynacja/organy/{team.wzk.pk}/")
    page.get_by_role("link", name="Nowe głosowanie obiegowe").click()
    page.locator("#id_title").fill("Uchwała w sprawie planu pracy na 2027 r.")
    page.locator("#id_closes_at").fill("2099-01-15T12:00")
    page.get_by_role("button", name="Otwórz głosowanie i wyślij linki").click()
    expect(page.locator("#turnout")).to_contain_text("0 z 5")
    assert len(mailbox.messages) == 5
    link = next(
        re.search(r"https?://\S+/glosuj/\S+", body).group(0)
        for message, body in zip(mailbox.messages, mailbox.bodies(), strict=True)
        if message["X-Rcpt-To"] == a.email
    )
    member = browser.new_context(locale="pl-PL")  # the member's own mail, not logged in
    member_page = member.new_page()
    member_page.goto(link)
    expect(member_page.get_by_role("heading", level=1)).to_contain_text("planu pracy")
    assert_accessible(member_page)
    member_page.get_by_label("za", exact=True).check()
    member_page.get_by_role("button", name="Oddaj głos").click()
    expect(member_page.get_by_role("status").first).to_contain_text("za")
    shot(member_page, "vote-by-link")
    member.close()
    failing = Vote.objects.get(title__startswith="Uchwała w sprawie planu")
    assert failing.member_votes.get().via == MemberVote.Via.EMAIL
    page.reload()
    _close(page)
    expect(page.get_by_text("nieważne: głosowało zbyt mało członków", exact=True)).to_be_visible()
    assert_accessible(page)

    # One that half the members answer.
    page.goto(f"/koordynacja/organy/{team.wzk.pk}/")
    page.get_by_role("link", name="Nowe głosowanie obiegowe").click()
    page.locator("#id_title").fill("Rekomendacja w sprawie wizyt studyjnych")
    page.locator("#id_subject").select_option("recommendation")
    page.locator("#id_closes_at").fill("2099-01-15T12:00")
    page.get_by_role("button", name="Otwórz głosowanie i wyślij linki").click()
    passing = Vote.objects.get(title__startswith="Rekomendacja")
    for person, choice in ((a, "for"), (b, "for"), (chair, "against")):
        votes.cast_circular_vote(passing, person, choice, MemberVote.Via.BROWSER)
    page.reload()
    expect(page.locator("#turnout")).to_contain_text("3 z 5")
    _close(page)
    expect(page.locator("main, body").first).to_contain_text("przyjęte")
    passing.refresh_from_db()
    assert passing.resolution.kind == "recommendation"
    expect(page.get_by_role("link", name=f"nr {passing.resolution.reference}")).to_be_visible()
    assert_accessible(page)
    shot(page, "circular-vote-carried")

    # The register lists both numbered acts.
    page.goto("/koordynacja/uchwaly/")
    expect(page.locator("#resolutions tbody tr")).to_have_count(2)
    assert_accessible(page)
