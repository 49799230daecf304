import pytest

from lll.indicators.models import ImportBatch, Indicator, Observation, Source
from lll.indicators.services.catalogue import load_catalogue
from lll.indicators.services.observations import recompute_derived, upsert_observations
from lll.territory.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(territory):
    load_catalogue()


def rows(indicator, values):
    units = {u.code: u.pk for u in Unit.objects.filter(code__in=[v[0] for v in values])}
    return [
        (indicator.pk, units[code], period, value, False, False, False, "", number)
        for number, (code, period, value) in enumerate(values, start=2)
    ]


def test_upsert_counts_inserted_updated_unchanged(catalogue):
    indicator = Indicator.objects.get(code="lm-unemployed")
    batch = ImportBatch.objects.create(source=Source.OFFICE, indicator=indicator)
    first = upsert_observations(rows(indicator, [("20", "2022", 100), ("2061", "2022", 40)]), batch)
    assert (first.inserted, first.updated, first.unchanged) == (2, 0, 0)
    second = upsert_observations(
        rows(indicator, [("20", "2022", 100), ("2061", "2022", 41), ("2062", "2022", 7)]), None
    )
    assert (second.inserted, second.updated, second.unchanged) == (1, 1, 1)
    values = dict(
        Observation.objects.filter(indicator=indicator).values_list("unit__code", "value")
    )
    assert values == {"20": 100, "2061": 41, "2062": 7}
    # The changed row now traces to the run that changed it; the unchanged one keeps its batch.
    assert Observation.objects.get(unit__code="20").batch == batch
    assert Observation.objects.get(unit__code="2061").batch is None


def test_derived_indicator_follows_its_inputs(catalogue):
    women = Indicator.objects.get(code="lm-unemployed-women")
    total = Indicator.objects.get(code="lm-unemployed")
    share = Indicator.objects.get(code="lm-share-women-unemployed")
    upsert_observations(rows(total, [("20", "2022", 200), ("2061", "2022", 0)]), None)
    upsert_observations(rows(women, [("20", "2022", 110), ("2061", "2022", 5)]), None)
    recompute_derived([women], None)
    derived = dict(Observation.objects.filter(indicator=share).values_list("unit__code", "value"))
    assert derived == {"20": pytest.approx(55.0)}  # no value where the denominator is 0

    upsert_observations(rows(total, [("20", "2022", 220)]), None)
    counts = recompute_derived([total], None)
    assert counts[share.code].updated == 1
    assert Observation.objects.get(indicator=share).value == pytest.approx(50.0)

    Observation.objects.filter(indicator=women).delete()
    recompute_derived([women], None)
    assert not Observation.objects.filter(indicator=share).exists()


def test_repeated_rows_are_skipped_and_reported_by_the_database(catalogue):
    indicator = Indicator.objects.get(code="lm-unemployed")
    values = [("20", "2022", 1), ("2061", "2022", 2), ("20", "2022", 3), ("20", "2022", 4)]
    counts = upsert_observations(rows(indicator, values), None)
    assert counts.inserted == 2
    assert counts.duplicates == [(4, 2), (5, 2)]  # rows numbered from 2, as under a header
    assert Observation.objects.get(unit__code="20").value == 1
