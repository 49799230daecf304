"""Official-statistics rules in the browser: Polish number formats in charts, confidential
values and breaks in series marked, chart downloads, theme charts, the rules page."""

import csv
import re

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect

from lll.indicators.models import (
    ImportBatch,
    Indicator,
    Observation,
    RuleRun,
    Source,
    ValidationRule,
)
from lll.territory.models import Unit

from .conftest import account, assert_accessible, log_in, shot

pytestmark = pytest.mark.django_db(transaction=True)

WAGE_FILE = "bdl_voivodeship_avg_gross_wage_2002_2022.csv"


def _load_real_wages() -> None:
    """The real voivodeship wages 2018-2022 from the shipped BDL file."""
    wage = Indicator.objects.get(code="lm-average-gross-wage")
    units = {u.code: u for u in Unit.objects.filter(level__in=["country", "voivodeship"])}
    with (settings.LLL_DATA_DIR / WAGE_FILE).open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            code = "PL" if row["teryt_voivodeship"] == "00" else row["teryt_voivodeship"]
            if int(row["year"]) >= 2018 and code in units:
                Observation.objects.create(
                    indicator=wage, unit=units[code], period=row["year"], value=row["value"]
                )


def _chart_texts(page: Page, selector: str) -> list[str]:
    page.wait_for_selector(f"{selector}[data-rendered='true'] svg")
    return page.locator(f"{selector} svg text").all_text_contents()


def test_charts_and_tables_speak_polish_numbers(page: Page, monitoring):
    _load_real_wages()
    page.goto("/wskazniki/lm-average-gross-wage/?scope=voivodeships&unit=20")
    series = _chart_texts(page, "[data-vega-spec='series-spec']")
    legend = _chart_texts(page, "[data-vega-spec='indicator-map']")
    # No English grouping ("7,200") and no raw floats ("6.800000") on axes or legends.
    numbers = [text for text in series + legend if re.fullmatch(r"[\d\s.,\u00a0]+", text)]
    assert numbers
    for text in numbers:
        # Years, or values grouped by a space with a decimal comma.
        assert re.fullmatch(r"(19|20)\d\d|\d{1,3}(\u00a0\d{3})*(,\d+)?", text), text
    assert any("\u00a0" in text for text in numbers)
    ranking = page.get_by_role("table", name=re.compile("Ranking, 2022"))
    expect(ranking.get_by_role("row", name=re.compile("podlaskie"))).to_contain_text(
        "6\u00a0012,94"
    )
    expect(page.get_by_role("button", name="Zapisz obraz (PNG)").first).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Zapisz obraz (SVG)").last.click()
    assert download.value.suggested_filename.endswith(".svg")
    expect(page.get_by_role("link", name="CSV").last).to_have_attribute(
        "href", re.compile("table=series")
    )
    assert_accessible(page)
    shot(page, "i14-rules-wage-indicator")


def test_confidential_value_and_break_in_series_are_marked(page: Page, monitoring):
    Observation.objects.filter(
        indicator__code="al-participation-4-weeks", unit__code="20", period="2019"
    ).update(confidential=True)
    Observation.objects.filter(
        indicator__code="al-participation-4-weeks", unit__code="PL", period="2018"
    ).update(source_flags="b")
    page.goto("/wskazniki/al-participation-4-weeks/?scope=voivodeships")
    ranking = page.get_by_role("table", name=re.compile("Ranking, 2019"))
    expect(ranking.get_by_role("row", name=re.compile("podlaskie"))).to_contain_text("dane poufne")
    series = page.get_by_role("table", name=re.compile("W czasie"))
    expect(series.get_by_role("row", name=re.compile("^2018"))).to_contain_text("przerwa w szeregu")
    assert_accessible(page)
    shot(page, "i14-rules-confidential-break")
    page.goto("/wskazniki/obszar/adult_learning/")
    page.wait_for_selector("[data-rendered='true'] svg")
    assert_accessible(page)
    shot(page, "i14-rules-theme")
    page.emulate_media(media="print")
    expect(page.locator("nav.lll-navbar")).to_be_hidden()
    page.emulate_media(media="screen")


def test_analyst_reads_the_validation_rules(page: Page, monitoring):
    account("analityk", "analyst")
    log_in(page, "analityk")
    page.goto("/wskazniki/")
    page.get_by_role("link", name="Reguły walidacji").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reguły walidacji")
    expect(
        page.get_by_role("heading", name="Bezrobotne kobiety nie więcej niż bezrobotni ogółem")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Nowa reguła walidacji").click()
    assert_accessible(page)
    shot(page, "i14-rules-rule-form")

    # The batch lists each rule's runs, the violating rows behind a disclosure.
    rule = ValidationRule.objects.get(name="Bezrobotne kobiety nie więcej niż bezrobotni ogółem")
    batch = ImportBatch.objects.create(
        source=Source.OFFICE,
        indicator=rule.left,
        original_file_name="kobiety.xlsx",
        status=ImportBatch.Status.DONE,
    )
    violation = {
        "row": 2,
        "unit": "2061",
        "period": "2022",
        "value": 1200,
        "message": "narusza regułę walidacji",
    }
    for stage, violations in (("preview", [violation]), ("commit", [])):
        RuleRun.objects.create(
            batch=batch,
            rule=rule,
            rule_name=rule.name,
            stage=stage,
            checked=1,
            violations=len(violations),
            violating_rows=violations,
        )
    page.goto(f"/wskazniki/importy/{batch.pk}/")
    table = page.get_by_role("table", name="Reguły walidacji")
    expect(table.get_by_role("row", name=re.compile("przy podglądzie"))).to_contain_text(
        "1 naruszenie"
    )
    expect(table.get_by_role("row", name=re.compile("przy zapisie"))).to_contain_text(
        "spełniona, bez naruszeń"
    )
    table.get_by_text("Wiersze naruszające regułę").click()
    expect(table).to_contain_text("wiersz 2, jednostka 2061, 2022")
    assert_accessible(page)
    shot(page, "i14-rules-batch-rule-runs")
