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
