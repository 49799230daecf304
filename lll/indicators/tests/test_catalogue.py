import pytest

from lll.indicators.models import Indicator, Source, Target
from lll.indicators.services.catalogue import load_catalogue

pytestmark = pytest.mark.django_db


def test_catalogue_has_at_least_25_indicators_each_with_its_source(territory):
    load_catalogue()
    indicators = list(Indicator.objects.all())
    assert len(indicators) >= 25
    for indicator in indicators:
        assert indicator.source_reference, indicator.code
        assert indicator.name_pl and indicator.name_en
        if indicator.source == Source.DERIVED:
            assert indicator.is_derived
    assert Indicator.objects.filter(source=Source.GUS_BDL).exclude(bdl_variable_id="").count() >= 10
    eurostat = Indicator.objects.get(code="al-participation-4-weeks")
    assert eurostat.eurostat_dataset == "trng_lfse_04"
    targets = Target.objects.filter(indicator__code="al-participation-12-months")
    assert sorted(targets.values_list("year", "value")) == [(2025, 47.0), (2030, 60.0)]


def test_loading_the_catalogue_twice_changes_nothing(territory):
    load_catalogue()
    history = Indicator.history.count(), Target.history.count()
    result = load_catalogue()
    assert (result.created, result.updated) == (0, 0)
    assert (Indicator.history.count(), Target.history.count()) == history


def test_publishing_is_left_to_the_analyst(territory):
    load_catalogue()
    Indicator.objects.filter(code="lm-unemployment-rate").update(published=False)
    load_catalogue()
    assert not Indicator.objects.get(code="lm-unemployment-rate").published


def test_bdl_ids_found_in_public_material_and_totals_left_open(territory):
    """he-students: the total of 1611284 (full-time) and 1611285 (part-time), by the numbering of
    the BDL variables; to be confirmed with `lll check_bdl_variables`. he-graduates: only the
    parts are known, so no id is guessed for the total."""
    load_catalogue()
    students = Indicator.objects.get(code="he-students")
    assert students.bdl_variable_id == "1611283"
    assert "do sprawdzenia w API" in students.source_reference
    graduates = Indicator.objects.get(code="he-graduates")
    assert graduates.bdl_variable_id == ""
    assert "1611293" in graduates.source_reference and "1611294" in graduates.source_reference


def test_an_indicator_no_longer_derived_loses_its_inputs(territory):
    """The rate per 1,000 of the activities was derived from the total population; it is now
    written by the activities' own service (working-age population): a database loaded before
    has its numerator and denominator cleared, so no recomputation overwrites it."""
    load_catalogue()
    rate = Indicator.objects.get(code="lll-participants-per-1000")
    assert not rate.is_derived
    rate.numerator = Indicator.objects.get(code="lll-participants")
    rate.denominator = Indicator.objects.get(code="population-total")
    rate.save()
    load_catalogue()
    rate.refresh_from_db()
    assert not rate.is_derived and rate.source == Source.OFFICE
    assert rate.unit_of_measure == "na 1000 osób w wieku produkcyjnym"
