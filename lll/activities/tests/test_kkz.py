"""The KKZ page: approved courses by occupation and powiat against the Barometr and forecast."""

from django.urls import reverse

from lll.activities.services import kkz, reporting
from lll.territory.models import Unit
from lll.testing import logged_in
from lll.vet.models import BarometerEntry, BarometerGroup, ForecastEntry, Occupation

from .conftest import World, add_activity


def _barometer(occupations: list[str], unit: str, category: str, name: str) -> None:
    group = BarometerGroup.objects.create(name=name)
    group.occupations.set(Occupation.objects.filter(code__in=occupations))
    BarometerEntry.objects.create(
        group=group, unit=Unit.objects.get(code=unit), year=2025, category=category
    )


def test_only_approved_courses_count_against_the_barometr(world: World, occupations: None) -> None:
    mechanic = Occupation.objects.get(code="723103")
    _barometer(["723103"], "2061", "surplus", "Mechanicy pojazdów samochodowych")
    _barometer(["512001"], "20", "deficit", "Kucharze")
    ForecastEntry.objects.create(
        year=2025, occupation=mechanic, unit=Unit.objects.get(code="20"), demand="significant"
    )
    add_activity(world.ckz_report, occupations=[mechanic])
    assert kkz.kkz_table(2025) == []
    reporting.submit(world.ckz_report)
    reporting.approve(world.ckz_report)
    (row,) = kkz.kkz_table(2025)
    assert (row.occupation, row.powiat.code, row.courses, row.enrolled, row.passed) == (
        mechanic,
        "2061",
        1,
        18,
        14,
    )
    assert (row.barometer, row.flag, row.forecast) == ("surplus", "surplus", "significant")
    assert [g.group for g in kkz.deficits_without_courses([row], 2025)] == ["Kucharze"]
    page = logged_in(world.office).get(reverse("activities:kkz") + "?year=2025").content.decode()
    assert "723103 Mechanik pojazdów samochodowych" in page
    assert "kurs dla zawodu nadwyżkowego" in page and "Kucharze" in page
    assert logged_in(world.ckz_reporter).get(reverse("activities:kkz")).status_code == 403
