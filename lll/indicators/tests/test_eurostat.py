from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from lll.indicators.models import ImportBatch, Observation
from lll.indicators.services.catalogue import load_catalogue

pytestmark = pytest.mark.django_db
FIXTURE = Path(__file__).parent / "fixtures" / "eurostat_trng_lfse_04.json"
SHARED_CSV = Path(settings.LLL_DATA_DIR) / "eurostat_trng_lfse_04_PL.csv"


def value(unit: str, period: str) -> float:
    return Observation.objects.get(
        indicator__code="al-participation-4-weeks", unit__code=unit, period=period
    ).value


def test_shared_series_loads_for_poland_and_voivodeships(territory, capsys):
    load_catalogue()
    call_command("import", "eurostat", "--file", str(SHARED_CSV))
    assert value("20", "2019") == 4.3  # Podlaskie, PL84
    assert value("PL", "2019") == 4.8
    assert value("14", "2019") == 7.1  # Mazowieckie is PL9
    break_in_series = Observation.objects.get(
        indicator__code="al-participation-4-weeks", unit__code="20", period="2018"
    )
    assert break_in_series.source_flags == "b"
    observations = Observation.objects.filter(indicator__code="al-participation-4-weeks")
    assert set(observations.values_list("unit__level", flat=True)) == {"country", "voivodeship"}
    assert observations.filter(unit__level="voivodeship").values("unit").distinct().count() == 16
    batch = ImportBatch.objects.get()
    assert batch.inserted == observations.count() and batch.rejected == 0

    call_command("import", "eurostat", "--file", str(SHARED_CSV))
    again = ImportBatch.objects.latest("created_at")
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, batch.inserted)
    assert "0 wstawiono" in capsys.readouterr().out


def test_jsonstat_answer_gives_the_same_values(territory):
    load_catalogue()
    call_command("import", "eurostat", "--file", str(FIXTURE))
    assert value("20", "2019") == 4.3
    assert value("PL", "2015") == 3.5
    assert Observation.objects.filter(indicator__code="al-participation-4-weeks").count() == 15


def test_eurostat_command_needs_a_source(territory):
    from django.core.management import CommandError

    load_catalogue()
    with pytest.raises(CommandError, match="--file"):
        call_command("import", "eurostat")
    with pytest.raises(CommandError, match="nie istnieje"):
        call_command("import", "eurostat", "--file", "/nonexistent.json")
