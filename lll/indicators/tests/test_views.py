import io
import re

import altair as alt
import openpyxl
import pytest
from django.urls import reverse

from lll.accounts.models import User
from lll.indicators.models import Indicator, Observation
from lll.territory.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(monitoring):
    pass


def test_public_sees_published_indicators_only(client, demo):
    page = client.get(reverse("indicators:indicator_list")).content.decode()
    assert "Udział dorosłych (25-64 lata) w kształceniu i szkoleniu" in page
    assert "Posiedzenia Wojewódzkiego Zespołu Koordynacji" not in page  # internal
    assert client.get(reverse("indicators:indicator", args=["wzk-meetings"])).status_code == 404
    analyst = User.objects.create_user("a", password="x-Pass-1234")
    analyst.groups.add(
        __import__("django.contrib.auth.models").contrib.auth.models.Group.objects.get(
            name="analyst"
        )
    )
    client.force_login(analyst)
    assert client.get(reverse("indicators:indicator", args=["wzk-meetings"])).status_code == 200


def test_indicator_page_has_map_ranking_series_and_targets(client, demo):
    response = client.get(reverse("indicators:indicator", args=["al-participation-4-weeks"]))
    context = response.context
    assert context["period"] == "2019"
    assert [r.unit.name for r in context["ranked"][:2]] == ["mazowieckie", "dolnośląskie"]
    podlaskie = next(r for r in context["ranked"] if r.unit.code == "20")
    assert (podlaskie.rank, podlaskie.observation.value) == (8, 4.3)
    assert len(context["map_spec"]["datasets"]["values"]) == 16
    alt.LayerChart.from_dict(context["map_spec"])
    alt.LayerChart.from_dict(context["series_spec"])
    assert [u.code for u in context["series_units"]] == ["20", "PL"]
    statuses = {p.target.unit.code: p.status for p in context["progress"]}
    # The ET 2020 benchmark expired without data for 2020: past, not "off track".
    assert statuses == {"PL": "expired", "20": "expired"}
    page = response.content.decode()
    assert "4,3" in page


def test_ranking_download_matches_the_page(client, demo):
    response = client.get(
        reverse("indicators:indicator", args=["al-participation-4-weeks"]),
        {"period": "2010", "export": "xlsx"},
    )
    rows = list(
        openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    assert rows[0][0] == "Miejsce"
    podlaskie = next(r for r in rows if r[1] == "20")
    assert podlaskie[3:5] == ("2010", 5.1)


def test_indicator_without_data_says_so(client, demo):
    page = client.get(reverse("indicators:indicator", args=["lm-unemployment-rate"])).content
    assert "Nie ma jeszcze danych dla tego wskaźnika." in page.decode()


def test_search_and_theme_filter(client, demo):
    response = client.get(reverse("indicators:indicator_list"), {"theme": "adult_learning"})
    codes = {i.code for i in response.context["indicators"]}
    assert "al-participation-4-weeks" in codes and "lm-unemployed" not in codes
    response = client.get(reverse("indicators:indicator_list"), {"q": "bezrobocia"})
    assert [i.code for i in response.context["indicators"]] == ["lm-unemployment-rate"]
    assert Indicator.objects.count() >= 25


def test_unit_profile_compares_with_region_and_poland(client, demo):
    response = client.get(reverse("indicators:unit_profile", args=["20"]))
    rows = {r.indicator.code: r for r in response.context["profile"]}
    row = rows["al-participation-4-weeks"]
    assert (row.period, row.value, row.previous) == ("2019", 4.3, 5.3)
    assert (row.change, row.better) == ("down", False)
    assert (row.rank, row.rank_of) == (8, 16)
    assert row.parent_value == 4.8  # the parent of a voivodeship is Poland
    page = response.content.decode()
    assert "8 z 16" in page and "gorzej" in page
    assert client.get(reverse("indicators:unit_profile", args=["2061"])).status_code == 200


def test_theme_page_shows_region_and_poland(client, demo):
    response = client.get(reverse("indicators:theme", args=["adult_learning"]))
    rows = {
        indicator.code: (here, country) for indicator, here, country, _u in response.context["rows"]
    }
    here, country = rows["al-participation-4-weeks"]
    assert (here["period"], here["value"], here["flags"]) == ("2019", 4.3, "")
    assert (country["period"], country["value"], country["flags"]) == ("2019", 4.8, "")
    assert client.get(reverse("indicators:theme", args=["astrology"])).status_code == 404


def test_region_comparison_ranks_the_voivodeships(client, demo):
    response = client.get(reverse("indicators:compare"), {"indicator": "al-participation-4-weeks"})
    [comparison] = response.context["comparisons"]
    assert comparison.period == "2019"
    assert [r.unit.code for r in comparison.rows][:2] == ["14", "02"]
    assert "table-primary" in response.content.decode()  # the home region stands out
    # Each value's source: the Eurostat file's batch.
    assert response.context["sources"] == [comparison.rows[0].observation.batch.source_text]
    assert "eurostat_trng_lfse_04_PL.csv" in response.context["sources"][0]


@pytest.fixture
def analyst_client(client, demo):
    from django.contrib.auth.models import Group

    user = User.objects.create_user("analityk", password="x-Pass-1234")
    user.groups.add(Group.objects.get(name="analyst"))
    client.force_login(user)
    return client


def test_analyst_creates_a_derived_indicator_and_it_is_computed(analyst_client):
    from lll.indicators.models import Observation
    from lll.indicators.services.observations import upsert_observations
    from lll.territory.models import Unit

    women = Indicator.objects.get(code="lm-unemployed-women")
    total = Indicator.objects.get(code="lm-unemployed")
    unit = Unit.objects.get(code="2061")
    upsert_observations([(total.pk, unit.pk, "2023", 200, False, False, False, "", 1)], None)
    upsert_observations([(women.pk, unit.pk, "2023", 90, False, False, False, "", 1)], None)
    response = analyst_client.post(
        reverse("indicators:indicator_create"),
        {
            "code": "lm-women-per-1000",
            "name_pl": "Bezrobotne kobiety na 1000 bezrobotnych",
            "name_en": "Unemployed women per 1000 unemployed",
            "unit_of_measure": "‰",
            "decimals": 0,
            "polarity": "neutral",
            "periodicity": "year",
            "levels": ["powiat", "voivodeship"],
            "source": "derived",
            "source_reference": "lm-unemployed-women / lm-unemployed × 1000",
            "numerator": women.pk,
            "denominator": total.pk,
            "factor": 1000,
            "published": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    created = Indicator.objects.get(code="lm-women-per-1000")
    assert Observation.objects.get(indicator=created).value == pytest.approx(450)


def test_indicator_form_refuses_half_a_formula(analyst_client):
    women = Indicator.objects.get(code="lm-unemployed-women")
    response = analyst_client.post(
        reverse("indicators:indicator_create"),
        {
            "code": "x",
            "name_pl": "x",
            "name_en": "x",
            "unit_of_measure": "%",
            "decimals": 1,
            "polarity": "neutral",
            "periodicity": "year",
            "levels": ["powiat"],
            "source": "derived",
            "numerator": women.pk,
            "factor": 1,
        },
    )
    assert "potrzebuje licznika i mianownika" in response.content.decode()
    assert not Indicator.objects.filter(code="x").exists()


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"value": 150}, "value", "Ta wartość jest poza dopuszczalnym zakresem od 0,0 do 100,0."),
        ({"value": -5}, "value", "Ta wartość jest poza dopuszczalnym zakresem od 0,0 do 100,0."),
        ({"value": "1e308"}, "value", "poza dopuszczalnym zakresem"),
        (
            {"baseline_year": 2019, "baseline_value": -3},
            "baseline_value",
            "Ta wartość jest poza dopuszczalnym zakresem",
        ),
        ({"baseline_value": 3}, "baseline_year", "Podaj rok wartości bazowej."),
    ],
)
def test_a_target_outside_the_indicators_valid_range_is_refused(
    analyst_client, values, field, message
):
    from lll.indicators.models import Target
    from lll.territory.models import Unit

    before = Target.objects.count()
    url = reverse("indicators:target_create", args=["al-participation-4-weeks"])
    data = {
        "unit": Unit.objects.get(code="20").pk,
        "year": 2030,
        "value": 8,
        "source_document": "Strategia",
    }
    response = analyst_client.post(url, {**data, **values})
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert Target.objects.count() == before


def test_analyst_adds_a_regional_target(analyst_client):
    from lll.territory.models import Unit

    url = reverse("indicators:target_create", args=["al-participation-4-weeks"])
    # Units come grouped by voivodeship: Poland, the home region, then the others.
    groups = [
        label for label, _options in analyst_client.get(url).context["form"].fields["unit"].choices
    ]
    assert groups[:3] == ["", "Polska", "województwo podlaskie"]
    assert len(groups) == 18
    response = analyst_client.post(
        url,
        {
            "unit": Unit.objects.get(code="20").pk,
            "year": 2030,
            "value": 8,
            "baseline_year": 2019,
            "source_document": "Strategia rozwoju województwa podlaskiego",
        },
    )
    assert response.status_code == 302
    page = analyst_client.get(reverse("indicators:indicator", args=["al-participation-4-weeks"]))
    progress = {(p.target.unit.code, p.target.year): p for p in page.context["progress"]}
    regional = progress[("20", 2030)]
    assert (regional.baseline_value, regional.latest_value) == (4.3, 4.3)
    # The latest data is the baseline year itself: nothing is behind schedule yet.
    assert regional.status == "on_track"
    assert regional.required_per_year == pytest.approx((8 - 4.3) / 11)
    again = analyst_client.post(
        url,
        {"unit": Unit.objects.get(code="20").pk, "year": 2030, "value": 9, "source_document": "x"},
    )
    assert "ma już cel na ten rok" in again.content.decode()


def test_members_cannot_edit_indicators(client, demo):
    member = User.objects.create_user("czlonek", password="x-Pass-1234")
    client.force_login(member)
    assert client.get(reverse("indicators:indicator_create")).status_code == 403
    edit = reverse("indicators:indicator_edit", args=["lm-unemployed"])
    assert client.post(edit, {"name_pl": "zmiana"}).status_code == 403


def test_a_derived_indicator_cannot_reveal_unpublished_inputs(analyst_client, client):
    internal = Indicator.objects.get(code="vet-wrrp-positive-opinions")
    public = Indicator.objects.get(code="lm-unemployment-rate")
    form = {
        "code": "leak",
        "name_pl": "x",
        "name_en": "x",
        "unit_of_measure": "%",
        "decimals": 1,
        "polarity": "neutral",
        "periodicity": "year",
        "levels": ["powiat"],
        "source": "derived",
        "numerator": internal.pk,
        "denominator": public.pk,
        "factor": 1,
        "published": "on",
    }
    response = analyst_client.post(reverse("indicators:indicator_create"), form)
    assert "Najpierw opublikuj licznik i mianownik" in response.content.decode()
    # Even one published by other means stays hidden from the public.
    Indicator.objects.create(
        code="leak",
        name_pl="x",
        name_en="x",
        unit_of_measure="%",
        source="derived",
        numerator=internal,
        denominator=public,
        published=True,
    )
    analyst_client.logout()
    assert client.get(reverse("indicators:indicator", args=["leak"])).status_code == 404
    assert client.get("/api/v1/indicators/leak").status_code == 404


def test_equal_values_share_a_place(client, demo):
    response = client.get(reverse("indicators:indicator", args=["al-participation-4-weeks"]))
    places = {r.unit.name: r.rank for r in response.context["ranked"]}
    assert places["warmińsko-mazurskie"] == places["zachodniopomorskie"] == 10
    assert places["opolskie"] == 12


def test_search_forgives_missing_polish_letters(client, demo):
    response = client.get(reverse("indicators:indicator_list"), {"q": "udzial doroslych"})
    assert {i.code for i in response.context["indicators"]} >= {"al-participation-4-weeks"}


def test_unit_profile_filters_by_theme_and_pages_many_indicators(client, demo):
    unit = Unit.objects.get(code="2005")
    for number in range(60):
        indicator = Indicator.objects.create(
            code=f"many-{number:02d}",
            name_pl=f"Wskaźnik {number:02d}",
            name_en=f"Indicator {number:02d}",
            unit_of_measure="osoby",
            source="office",
            themes=["vet"],
            published=True,
        )
        Observation.objects.create(indicator=indicator, unit=unit, period="2023", value=number)
    url = reverse("indicators:unit_profile", args=["2005"])
    first = client.get(url, {"theme": "vet"})
    assert first.context["page"].paginator.count == 60
    names = [row.indicator.name for row in first.context["profile"]]
    assert names == [f"Wskaźnik {n:02d}" for n in range(50)]
    second = client.get(url, {"theme": "vet", "page": 2})
    assert [row.value for row in second.context["profile"]] == [float(n) for n in range(50, 60)]
    assert "Strona 2 z 2" in second.content.decode()
    # Another theme: none of these; the whole theme downloads at once.
    assert client.get(url, {"theme": "higher_education"}).context["page"].paginator.count == 0
    sheet = client.get(url, {"theme": "vet", "export": "csv"}).content.decode("utf-8-sig")
    assert len(sheet.splitlines()) == 61


def test_the_columns_step_recognises_a_unit_column_of_names_and_flags(analyst_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from conftest import xlsx_bytes

    def guessed(rows):
        response = analyst_client.post(
            reverse("indicators:import_upload"),
            {
                "indicator": Indicator.objects.get(code="al-participation-4-weeks").pk,
                "file": SimpleUploadedFile("dane.xlsx", xlsx_bytes(rows)),
            },
        )
        form = analyst_client.get(response["Location"]).context["form"]
        return {name: form[name].value() for name in form.fields}

    # As made from the Eurostat file: voivodeships by name, a flag column after the value.
    names = guessed(
        [["Województwo", "Rok", "Wartość [%]", "Flaga"], ["podlaskie", 2019, "4,3", ""]]
    )
    assert names["unit_column"] == 0 and names["unit_by"] == "name"
    assert (names["period_column"], names["value_column"], names["flags_column"]) == (1, 2, 3)
    # Codes, also when the spreadsheet keeps them as numbers, stay codes.
    codes = guessed([["Kod TERYT", "Rok", "Udział"], [2061, 2019, 4.1], ["PL", 2019, 4.8]])
    assert (codes["unit_column"], codes["unit_by"], codes["value_column"]) == (0, "code", 2)
    assert codes["flags_column"] is None


def test_indicator_page_names_each_scrollable_table_differently(client, demo):
    # axe "landmark-unique": screen-reader users pick a region by its name.
    page = client.get(reverse("indicators:indicator", args=["al-participation-4-weeks"]))
    names = re.findall(r'role="region" aria-label="([^"]+)"', page.content.decode())
    assert len(names) == 4 and len(set(names)) == 4, names  # + the region among the 16
    assert names[0] == "Ranking, 2019: Tabela; przewiń w bok, aby zobaczyć wszystkie kolumny"


def test_a_committed_import_step_shows_the_batch_instead_of_a_404(analyst_client):
    from lll.indicators.models import ImportBatch, Source

    analyst = User.objects.get(username="analityk")
    batch = ImportBatch.objects.create(
        source=Source.OFFICE,
        indicator=Indicator.objects.get(code="al-participation-4-weeks"),
        created_by=analyst,
        status=ImportBatch.Status.DONE,
        column_mapping={"unit_column": 0, "value_column": 1},
    )
    done = reverse("indicators:batch", args=[batch.pk])
    # The Back button to the preview, a second click on "Import": the batch's result, once.
    for name, method in [
        ("import_preview", "get"),
        ("import_mapping", "get"),
        ("import_commit", "post"),
        ("import_cancel", "post"),
    ]:
        response = getattr(analyst_client, method)(reverse(f"indicators:{name}", args=[batch.pk]))
        assert response.status_code == 302 and response["Location"] == done, name
    page = analyst_client.get(done).content.decode()
    assert "Ten import został już zatwierdzony; oto jego wynik." in page
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.DONE
    # Someone else's import stays hidden.
    batch.created_by = User.objects.create_user("inny")
    batch.save()
    url = reverse("indicators:import_preview", args=[batch.pk])
    assert analyst_client.get(url).status_code == 404


def test_unit_profile_download_says_out_of_how_many_units_the_rank_is(client, demo):
    response = client.get(reverse("indicators:unit_profile", args=["20"]), {"export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[5:7] == ("Miejsce wśród jednostek tego poziomu", "Liczba jednostek w rankingu")
    row = next(r for r in rows if r[0].startswith("Udział dorosłych (25-64 lata) w kształceniu"))
    assert row[5:7] == (8, 16)  # as the page shows it: "8 z 16"


def test_a_target_whose_year_has_data_that_falls_short_is_not_achieved(client, demo):
    from lll.indicators.models import Target

    Target.objects.create(
        indicator=Indicator.objects.get(code="al-participation-4-weeks"),
        unit=Unit.objects.get(code="PL"),
        year=2015,
        value=15,
        baseline_year=2010,
        source_document="Test",
    )
    page = client.get(reverse("indicators:indicator", args=["al-participation-4-weeks"]))
    statuses = {(p.target.unit.code, p.target.year): p.status for p in page.context["progress"]}
    # 2015 has data (3,5 %): missed. ET2020 (15 % in 2020): the data end in 2019 and 2020 is
    # past: shown as past, not as off track.
    assert statuses[("PL", 2015)] == "missed"
    assert statuses[("PL", 2020)] == "expired"
    assert "nieosiągnięty" in page.content.decode()


def test_caveats_follow_the_language_and_fall_back_to_polish(client, demo, settings):
    url = reverse("indicators:indicator", args=["al-participation-4-weeks"])
    assert "przerwa w szeregu" in client.get(url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode()
    assert "break in series" in english and "przerwa w szeregu" not in english
    # An analyst's indicator with the Polish text only shows that rather than nothing.
    Indicator.objects.filter(code="al-participation-4-weeks").update(caveats_en="")
    assert "przerwa w szeregu" in client.get(url).content.decode()
