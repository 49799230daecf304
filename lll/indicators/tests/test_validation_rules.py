"""Validation rules between indicators (as DHIS2 has): checked at the import preview and commit,
listed per batch, edited by analysts."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import xlsx_bytes
from lll.accounts.models import User
from lll.indicators.models import ImportBatch, Indicator, Observation, ValidationRule
from lll.indicators.services.imports import CheckResult, SourceRecord, iter_checked, units_by_code
from lll.indicators.services.rules import stored_violations
from lll.territory.models import Unit

pytestmark = pytest.mark.django_db

MAPPING = {
    "unit_column": 0,
    "unit_by": "code",
    "period_column": 1,
    "value_column": 2,
    "fixed_period": "",
    "flags_column": "",
}


@pytest.fixture
def analyst_client(client, monitoring):
    user = User.objects.create_user("analityk", password="x-Pass-1234")
    user.groups.add(Group.objects.get(name="analyst"))
    client.force_login(user)
    return client


@pytest.fixture
def all_unemployed(monitoring):
    Observation.objects.create(
        indicator=Indicator.objects.get(code="lm-unemployed"),
        unit=Unit.objects.get(code="2061"),
        period="2022",
        value=1000,
    )


def test_women_above_all_unemployed_are_caught_at_the_preview_and_kept_out(
    analyst_client, all_unemployed
):
    women = Indicator.objects.get(code="lm-unemployed-women")
    rows: list[list[object]] = [
        ["Kod", "Rok", "Bezrobotne kobiety"],
        ["2061", "2022", 1200],
        ["2062", "2022", 900],
    ]
    response = analyst_client.post(
        reverse("indicators:import_upload"),
        {"indicator": women.pk, "file": SimpleUploadedFile("kobiety.xlsx", xlsx_bytes(rows))},
    )
    response = analyst_client.post(response["Location"], MAPPING)
    preview = analyst_client.get(response["Location"])
    [problem] = preview.context["problems"]
    assert (problem["row"], problem["column"]) == (2, "Bezrobotne kobiety")
    assert "narusza regułę walidacji" in problem["reason"]
    assert "1\u00a0200" in problem["reason"] and "1\u00a0000" in problem["reason"]
    assert "narusza regułę walidacji" in preview.content.decode()

    batch = ImportBatch.objects.get(indicator=women)
    analyst_client.post(reverse("indicators:import_commit", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    assert list(Observation.objects.filter(indicator=women).values_list("value", flat=True)) == [
        900
    ]
    assert [r["row"] for r in batch.rejected_rows] == [2]
    page = analyst_client.get(reverse("indicators:batch", args=[batch.pk])).content.decode()
    assert "narusza regułę walidacji" in page
    # Each rule's run is listed on the batch, the preview's kept after the commit.
    runs = {run.stage: run for run in batch.rule_runs.all()}
    assert set(runs) == {"preview", "commit"}
    for run in runs.values():
        assert run.rule_name == "Bezrobotne kobiety nie więcej niż bezrobotni ogółem"
        assert (run.checked, run.violations) == (1, 1)
        [row] = run.violating_rows
        assert (row["row"], row["unit"], row["period"], row["value"]) == (2, "2061", "2022", 1200)
    assert "Reguły walidacji" in page and "1 naruszenie" in page
    assert "wiersz 2, jednostka 2061, 2022" in page


def test_a_rule_run_that_passes_is_listed_as_passed(analyst_client, all_unemployed):
    women = Indicator.objects.get(code="lm-unemployed-women")
    rows: list[list[object]] = [["Kod", "Rok", "Bezrobotne kobiety"], ["2061", "2022", 600]]
    response = analyst_client.post(
        reverse("indicators:import_upload"),
        {"indicator": women.pk, "file": SimpleUploadedFile("k.xlsx", xlsx_bytes(rows))},
    )
    analyst_client.get(analyst_client.post(response["Location"], MAPPING)["Location"])
    batch = ImportBatch.objects.get(indicator=women)
    [run] = batch.rule_runs.all()
    assert (run.stage, run.checked, run.violations, run.violating_rows) == ("preview", 1, 0, [])
    page = analyst_client.get(reverse("indicators:batch", args=[batch.pk])).content.decode()
    assert "bez naruszeń" in page


def test_the_whole_below_its_stored_part_is_caught_too(all_unemployed):
    women = Indicator.objects.get(code="lm-unemployed-women")
    unit = Unit.objects.get(code="2062")
    Observation.objects.create(indicator=women, unit=unit, period="2022", value=700)
    result = CheckResult()
    rows = list(
        iter_checked(
            [SourceRecord(5, "2062", "2022", "650")],
            Indicator.objects.get(code="lm-unemployed"),
            units_by_code(),
            result,
        )
    )
    assert rows == [] and "narusza regułę walidacji" in result.problems[0].reason


def test_a_rate_checked_against_its_inputs_and_a_share_against_100(monitoring):
    everyone = Indicator.objects.get(code="lm-unemployed")
    population = Indicator.objects.get(code="population-total")
    rate = Indicator.objects.get(code="lm-unemployment-rate")
    unit = Unit.objects.get(code="2061")
    Observation.objects.create(indicator=everyone, unit=unit, period="2022", value=5000)
    Observation.objects.create(indicator=population, unit=unit, period="2022", value=100000)
    ValidationRule.objects.create(
        name="Stopa zgodna z liczbami",
        left=rate,
        operator="eq",
        right=everyone,
        right_denominator=population,
        factor=100,
        tolerance=0.05,
    )
    ValidationRule.objects.create(name="Do 100", left=rate, operator="le", constant=100)
    result = CheckResult()
    records = [SourceRecord(2, "2061", "2022", "5,0"), SourceRecord(3, "2061", "2022", "7,5")]
    rows = list(iter_checked(records, rate, units_by_code(), result))
    assert [row[3] for row in rows] == [5.0]
    assert "Stopa zgodna z liczbami" in result.problems[0].reason
    Observation.objects.create(indicator=rate, unit=unit, period="2022", value=7.5)
    rule = ValidationRule.objects.get(name="Stopa zgodna z liczbami")
    count, [violation] = stored_violations(rule)
    assert (count, violation.left, violation.right) == (1, 7.5, 5.0)


def test_analysts_edit_rules_and_see_what_the_stored_data_breaks(analyst_client, all_unemployed):
    women = Indicator.objects.get(code="lm-unemployed-women")
    Observation.objects.create(
        indicator=women, unit=Unit.objects.get(code="2061"), period="2022", value=1200
    )
    page = analyst_client.get(reverse("indicators:rule_list")).content.decode()
    assert "Bezrobotne kobiety nie więcej niż bezrobotni ogółem" in page
    assert "1 zapisana wartość narusza tę regułę" in page and "Białystok" in page
    response = analyst_client.post(
        reverse("indicators:rule_create"),
        {
            "name": "Bez prawej strony",
            "left": women.pk,
            "operator": "le",
            "factor": 1,
            "tolerance": 0,
            "active": "on",
        },
    )
    assert response.status_code == 200
    assert "Podaj wskaźnik albo stałą do porównania." in response.content.decode()
    response = analyst_client.post(
        reverse("indicators:rule_create"),
        {
            "name": "Kobiety do 2000",
            "left": women.pk,
            "operator": "le",
            "constant": 2000,
            "factor": 1,
            "tolerance": 0,
            "active": "on",
        },
    )
    assert response.status_code == 302
    assert ValidationRule.objects.get(name="Kobiety do 2000").constant == 2000
    anonymous = analyst_client
    anonymous.logout()
    assert anonymous.get(reverse("indicators:rule_list")).status_code in (302, 403)
