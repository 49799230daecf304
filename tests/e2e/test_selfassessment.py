"""Issue 5, tried as a new user would: the office opens a COMORELP round for the WZK; three members
rate in the browser (one saves a draft and finishes later); the results show medians,
disagreement and a radar against last year's round; the team's consensus and priorities are
recorded; another region's file is imported and compared; the PDF report reads correctly."""

import datetime
import re

import pytest
from django.conf import settings
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from lll.coordination.demo import load_demo as load_coordination
from lll.coordination.models import ActionItem, Body
from lll.selfassessment import demo
from lll.selfassessment.exchange import EXAMPLE_FILE
from lll.selfassessment.frameworks import load_comorelp
from lll.selfassessment.models import Answer, ExternalRound, Respondent, Round
from lll.territory.models import Unit

from .conftest import PASSWORD, assert_accessible, log_in, shot
from .conftest import account as _account

pytestmark = pytest.mark.django_db(transaction=True)


LABELS = {
    1: "1 – nieobecne",
    2: "2 – początkowe",
    3: "3 – w rozwoju",
    4: "4 – ustanowione",
    5: "5 – zakorzenione i ewaluowane",
    0: "nie wiem",
}


def _rating(member: int, area: str) -> int:
    """Member 1 sees little in evaluation, member 3 a lot; member 2 rates strategy higher;
    member 3 does not know about international cooperation (0 = "don't know")."""
    if area == "A14":
        return {1: 1, 2: 4, 3: 5}[member]
    if area == "A1" and member == 2:
        return 4
    if area == "A5" and member == 3:
        return 0
    return 3


def _rate_area(page: Page, member: int, only_first: bool = False) -> None:
    code = page.get_by_role("heading", level=1).inner_text().split(".")[0]
    criteria = page.locator("main form fieldset.border")
    for index in range(criteria.count()):
        criteria.nth(index).get_by_label(LABELS[_rating(member, code)], exact=True).check()
        if only_first:
            return


def _rate_until_done(page: Page, member: int) -> None:
    while True:
        _rate_area(page, member)
        finish = page.get_by_role("button", name="Zapisz i zakończ")
        if finish.count():
            finish.click()
            return
        page.get_by_role("button", name="Zapisz i przejdź do następnego obszaru").click()


def _submit(page: Page) -> None:
    expect(page.get_by_text("Odpowiedziano na 31 z 31 kryteriów.")).to_be_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Prześlij odpowiedzi").click()
    expect(page.get_by_text("Dziękujemy: odpowiedzi zostały przesłane.")).to_be_visible()


def test_a_round_from_opening_to_the_report(
    page: Page, browser: Browser, live_server, monitoring, tmp_path
):
    load_coordination()
    load_comorelp()
    demo.load_demo()  # last year's closed round of the framework
    wzk = Body.objects.get(short_name="WZK")
    people = [
        m.person
        for m in wzk.memberships.select_related("person").order_by("person__last_name")
        if m.role == "member" and m.term_to is None
    ][:3]
    for number, person in enumerate(people, start=1):
        _account(f"czlonek{number}", "member", person)
    _account("biuro", "coordination_office")

    # The office opens the round.
    log_in(page, "biuro", PASSWORD)
    page.goto("/samoocena/")
    assert_accessible(page)
    page.get_by_role("link", name="Otwórz nową rundę").click()
    page.get_by_label("Tytuł").fill("Samoocena polityki LLL województwa 2025")
    page.get_by_label("Region").select_option(str(Unit.objects.get(code="20").pk))
    page.get_by_label("Okres").fill("2025")
    page.get_by_label("Zespół (organ)").select_option(str(wzk.pk))
    deadline = datetime.date.today() + datetime.timedelta(days=30)
    page.get_by_label("Odpowiedzi do").fill(deadline.isoformat())
    assert_accessible(page)
    page.get_by_role("button", name="Zapisz").click()
    expect(page.get_by_text(re.compile(r"Otwarto rundę; liczba respondentów: \d+"))).to_be_visible()
    round_ = Round.objects.get(period="2025")
    assert round_.framework.code == "comorelp"
    assert round_.respondents.filter(person__in=people).count() == 3
    assert_accessible(page)

    # Member 1 rates every area and submits.
    def member_page(number: int) -> Page:
        context = browser.new_context(base_url=live_server.url)
        member = context.new_page()
        member.set_default_timeout(15_000)
        log_in(member, f"czlonek{number}", PASSWORD)
        member.goto("/samoocena/")
        # The first link is in "your assessments to fill in" and leads to the areas.
        member.get_by_role("link", name="Samoocena polityki LLL województwa 2025").first.click()
        return member

    first = member_page(1)
    assert_accessible(first)
    first.get_by_role("link", name="Rozpocznij").click()
    # The criterion shows the monitoring data beside it.
    expect(first.locator("#criterion-A1\\.2")).to_contain_text("Dane z monitorowania: podlaskie")
    assert_accessible(first)
    shot(first, "selfassessment-respond-area")
    first.locator("#criterion-A1\\.1").get_by_label("Komentarz").fill(
        "Cele są w strategii, ale bez wskaźników dla dorosłych."
    )
    first.locator("#criterion-A1\\.1").get_by_label("Dowód: link").fill(
        "https://strategia.example.org/podlaskie-2030"
    )
    _rate_until_done(first, 1)
    assert_accessible(first)
    _submit(first)
    first.context.close()

    # Member 2 saves a draft half-way and leaves.
    second = member_page(2)
    second.get_by_role("link", name="Rozpocznij").click()
    for _area in range(3):
        _rate_area(second, 2)
        second.get_by_role("button", name="Zapisz i przejdź do następnego obszaru").click()
    _rate_area(second, 2, only_first=True)
    second.get_by_role("button", name="Zapisz wersję roboczą").click()
    expect(second.get_by_text("Zapisano odpowiedzi jako wersję roboczą.")).to_be_visible()
    second.context.close()
    draft = Respondent.objects.get(round=round_, person=people[1])
    assert draft.submitted_at is None
    assert Answer.objects.filter(respondent=draft).exclude(rating=None).count() == 9

    # Member 3 answers, with "don't know" on international cooperation.
    third = member_page(3)
    third.get_by_role("link", name="Rozpocznij").click()
    _rate_until_done(third, 3)
    _submit(third)
    third.context.close()

    # The office sees who has answered how much.
    page.goto(round_.get_absolute_url())
    progress = page.get_by_role("table")
    expect(progress.get_by_role("row", name=re.compile(people[1].last_name))).to_contain_text(
        "9 / 31"
    )
    assert_accessible(page)
    shot(page, "selfassessment-progress")

    # Member 2 comes back later, continues where they stopped and submits.
    second = member_page(2)
    expect(second.get_by_text("Odpowiedziano na 9 z 31 kryteriów.")).to_be_visible()
    second.get_by_role("link", name="Kontynuuj od miejsca, w którym skończono").click()
    expect(second.get_by_role("heading", level=1)).to_contain_text("A4.")
    expect(second.locator("#criterion-A4\\.1").get_by_label(LABELS[3], exact=True)).to_be_checked()
    _rate_until_done(second, 2)
    _submit(second)
    second.context.close()

    # Answers close; the office reads the results.
    page.goto(round_.get_absolute_url())
    page.get_by_label("Zmień status").select_option("discussion")
    page.get_by_role("button", name="Ustaw status").click()
    expect(page.get_by_text("Status rundy: w dyskusji.")).to_be_visible()
    page.get_by_role("link", name="Wyniki", exact=True).click()
    expect(page.get_by_text("Przesłane odpowiedzi: 3.")).to_be_visible()
    expect(page.get_by_role("heading", name="Obszary: 2025 wobec 2024")).to_be_visible()
    expect(page.locator("[data-vega-spec=radar-spec] svg")).to_be_visible()
    areas = page.get_by_role("table", name="Obszary: 2025 wobec 2024")
    evaluation = areas.get_by_role("row", name=re.compile("A14. Zdolność do ewaluacji"))
    expect(evaluation.locator("td").nth(1)).to_have_text("4,0")  # median of 1, 4 and 5
    expect(evaluation.locator("td").nth(0)).to_have_text("3")  # n
    international = areas.get_by_role("row", name=re.compile("A5. Porównania"))
    expect(international.locator("td").nth(0)).to_have_text("2")  # "don't know" is not a zero
    disagreement = page.get_by_role("table", name="Gdzie respondenci najbardziej się różnią")
    expect(disagreement.locator("tbody tr").first).to_contain_text("A14.")
    expect(page.locator("[data-vega-spec=heat-spec] svg")).to_be_visible()
    assert_accessible(page)
    shot(page, "selfassessment-results")

    # The discussion meeting: consensus and priorities, one put on the follow-up board.
    page.get_by_role("link", name="Zapisz konsensus i priorytety").click()
    page.get_by_label("Ocena uzgodniona: A14").select_option("2")
    page.get_by_label("Uzasadnienie: A14").fill("Ewaluacja dopiero się zaczyna.")
    page.get_by_label("Podsumowanie dyskusji").fill("Zespół uzgodnił oceny na posiedzeniu.")
    page.get_by_role("button", name="Zapisz konsensus").click()
    expect(page.get_by_text("Zapisano konsensus.")).to_be_visible()
    area = round_.framework.areas.get(code="A14")
    page.get_by_label("Obszar", exact=True).select_option(str(area.pk))
    page.get_by_label(re.compile("^Działanie")).fill(
        "Zlecić badanie losów uczestników szkoleń dla dorosłych"
    )
    page.get_by_label(re.compile("^Odpowiedzialny")).select_option(label=people[0].full_name)
    page.get_by_label("Termin", exact=True).fill("2026-06-30")
    page.get_by_role("button", name="Dodaj do planu działań").click()
    expect(page.get_by_text("Dodano priorytet do planu działań.")).to_be_visible()
    page.get_by_role("button", name="Dodaj do tablicy").click()
    expect(page.get_by_text("jest na tablicy realizacji ustaleń")).to_be_visible()
    assert_accessible(page)
    shot(page, "selfassessment-consensus")
    # On a phone the areas' consensus fields stack: nothing sticks out of the page.
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    select = page.get_by_label("Ocena uzgodniona: A14").bounding_box()
    note = page.get_by_label("Uzasadnienie: A14").bounding_box()
    assert select and note and note["y"] > select["y"] and note["width"] > 250
    shot(page, "selfassessment-consensus-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    item = ActionItem.objects.get(title="Zlecić badanie losów uczestników szkoleń dla dorosłych")
    assert item.owner == people[0] and item.meeting.body == wzk
    page.goto("/koordynacja/dzialania/")
    expect(
        page.get_by_text("Zlecić badanie losów uczestników szkoleń dla dorosłych")
    ).to_be_visible()

    # The round closes; another region's results are imported and compared.
    page.goto(round_.get_absolute_url())
    page.get_by_label("Zmień status").select_option("closed")
    page.get_by_role("button", name="Ustaw status").click()
    page.get_by_role("link", name="Inne regiony").click()
    assert_accessible(page)
    broken = tmp_path / "wyniki.json"
    broken.write_text(
        '{"format": "lll-selfassessment-results", "format_version": 1, '
        '"region": {"code": "99"}, "framework": {"code": "comorelp", "version": 1}, '
        '"period": "2025", "respondents": 5, "areas": [{"code": "A1", "median": "dużo"}]}'
    )
    page.get_by_label("Plik wyników innego regionu (JSON)").set_input_files(str(broken))
    page.get_by_role("button", name="Importuj plik").click()
    problems = page.get_by_role("alert")
    expect(problems).to_contain_text("Niczego nie zapisano")
    expect(problems).to_contain_text("„99” nie jest kodem TERYT województwa")
    expect(problems).to_contain_text("obszar 1 (A1), pole „median”: „dużo” nie jest liczbą")
    assert not ExternalRound.objects.exists()
    assert_accessible(page)
    page.get_by_label("Plik wyników innego regionu (JSON)").set_input_files(str(EXAMPLE_FILE))
    page.get_by_role("button", name="Importuj plik").click()
    expect(page.get_by_text("Plik jest oznaczony jako dane przykładowe.")).to_be_visible()
    expect(page.get_by_role("table")).to_contain_text("A14")
    assert not ExternalRound.objects.exists()  # nothing before the office confirms
    assert_accessible(page)
    page.get_by_role("button", name="Zatwierdź import").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Porównanie z regionem: województwo małopolskie (2025)"
    )
    expect(page.get_by_label("Nasza runda")).to_have_value(str(round_.pk))
    expect(page.locator("[data-vega-spec=radar-spec] svg")).to_be_visible()
    differences = page.get_by_role("table", name=re.compile("Mediany obszarów"))
    expect(differences.get_by_role("row", name=re.compile("A14. Zdolność"))).to_contain_text("4,0")
    assert_accessible(page)
    shot(page, "selfassessment-compare")

    # The report opens and reads correctly.
    page.goto(round_.get_absolute_url())
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="Raport (PDF)").click()
    pages = PdfReader(pdf_download.value.path()).pages
    text = " ".join(" ".join(p.extract_text() for p in pages).split())  # table cells wrap
    assert "Raport z samooceny" in text
    assert "Samoocena polityki LLL województwa 2025" in text
    assert "Wyniki według obszarów" in text
    assert "Zdolność do ewaluacji wyników, postępów i wpływu" in text
    assert "Zlecić badanie losów uczestników szkoleń dla dorosłych" in text
    assert "Zespół uzgodnił oceny na posiedzeniu." in text
    assert "Ewaluacja dopiero się zaczyna." in text  # the area's consensus justification
    assert "3 / " in text  # respondents who submitted
    assert settings.LLL_OFFICE_NAME in text


def test_the_office_edits_a_used_framework_in_a_new_version_and_moves_it_as_xlsx(
    page: Page, live_server, monitoring, tmp_path
):
    load_coordination()
    load_comorelp()
    demo.load_demo()
    _account("biuro", "coordination_office")
    log_in(page, "biuro", PASSWORD)
    page.goto("/samoocena/")
    page.get_by_role("link", name=re.compile("COMORELP.*\\(v1\\)")).click()
    expect(page.get_by_text("Tej wersji używa 1 runda, więc pozostaje bez zmian.")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^edytuj"))).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("button", name="Utwórz nową wersję do edycji").click()
    expect(page.get_by_text("Wersja 2 jest gotowa do edycji")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("wersja 2")
    page.get_by_role("link", name="edytuj A11.1").click()
    page.get_by_label(re.compile("^Stwierdzenie \\(po polsku\\)")).fill(
        "Mieszkańcy wsi i seniorzy mają blisko domu szkolenia z umiejętności cyfrowych."
    )
    page.get_by_label("Uczestnicy kwalifikacyjnych kursów zawodowych", exact=True).check()
    assert_accessible(page)
    page.get_by_role("button", name="Zapisz").click()
    expect(page.get_by_text("Zapisano kryterium.")).to_be_visible()
    area = page.locator("section", has_text="A11. Przeciwdziałanie")
    expect(area).to_contain_text("Mieszkańcy wsi i seniorzy mają blisko domu szkolenia")
    expect(area).to_contain_text("Uczestnicy kwalifikacyjnych kursów zawodowych")
    # Last year's round keeps version 1 with its questions.
    v1 = demo.Framework.objects.get(code="comorelp", version=1)
    assert (
        v1.areas.get(code="A11")
        .criteria.get(code="A11.1")
        .statement_pl.startswith("Mieszkańcy obszarów wiejskich")
    )
    shot(page, "selfassessment-framework-v2")

    # The new version travels as XLSX and comes back as version 3.
    with page.expect_download() as download:
        page.get_by_role("link", name="XLSX").click()
    workbook = tmp_path / "comorelp.xlsx"
    download.value.save_as(workbook)
    page.goto("/samoocena/ramy/import/")
    page.get_by_label(re.compile("Plik narzędzia")).set_input_files(str(workbook))
    page.get_by_role("button", name="Importuj plik").click()
    expect(page.get_by_role("definition").filter(has_text=re.compile("^3$"))).to_be_visible()
    page.get_by_role("button", name="Zatwierdź import").click()
    expect(page.get_by_text(re.compile("Zaimportowano narzędzie .* jako wersję 3"))).to_be_visible()
    expect(page.locator("section", has_text="A11. Przeciwdziałanie")).to_contain_text(
        "Mieszkańcy wsi i seniorzy"
    )
    assert_accessible(page)

    # The same pages in English.
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Rating scale")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "COMORELP: self-assessment of regional lifelong learning policy"
    )
