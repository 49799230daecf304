"""The register's partner institutions (form, file, detail, filter) and the occupation field's
suggestions (by code prefix and by a Polish name fragment)."""

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from lll.activities.models import Activity
from lll.activities.services import occupations as occupation_search
from lll.activities.services import workbook
from lll.coordination.models import Institution, InstitutionKind
from lll.core.imports import BadRows
from lll.testing import logged_in

from .conftest import World, add_activity
from .test_reporting import sheet_rows, write_rows


def test_the_office_saves_partners_shows_them_and_filters_by_them(world: World) -> None:
    client = logged_in(world.office)
    page = client.get(reverse("activities:activity_new")).content.decode()
    assert 'name="partners"' in page and 'data-combobox="/dzialania/zawody/"' in page
    form = {
        "institution": world.ckz.pk,
        "partners": [world.pup.pk],
        "title": "Kurs spawania z PUP",
        "activity_type": "training",
        "priorities": ["1"],
        "target_groups": ["unemployed"],
        "units": [world.pup.unit_id],
        "starts_on": "2025-03-01",
        "ends_on": "2025-05-31",
        "funding": "fp",
        "amount": "1000",
        "participants": 10,
        "women": 4,
        "men": 6,
        "completions": 9,
        "passed_exam": 0,
    }
    for name in ("planned_participants", "age_under_25", "age_25_49", "age_50_64"):
        form[name] = 0
    form.update(age_65_plus=0, hours=40, certificates=0)
    response = client.post(reverse("activities:activity_new"), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    activity = Activity.objects.get(title="Kurs spawania z PUP")
    assert list(activity.partners.all()) == [world.pup]
    detail = client.get(reverse("activities:activity_detail", args=[activity.pk])).content
    assert "Powiatowy Urząd Pracy w Augustowie" in detail.decode()
    add_activity(world.ckz_report, title="Tylko CKZ")
    listing = reverse("activities:activity_list")
    by_pup = client.get(listing, {"institution": world.pup.pk}).content.decode()
    assert "Kurs spawania z PUP" in by_pup and "Tylko CKZ" not in by_pup
    by_ckz = client.get(listing, {"institution": world.ckz.pk}).content.decode()
    assert "Kurs spawania z PUP" in by_ckz and "Tylko CKZ" in by_ckz
    # the lead institution cannot be its own partner
    form.update(partners=[world.ckz.pk], title="Sam ze sobą")
    again = client.post(reverse("activities:activity_new"), form).content.decode()
    assert "Instytucja realizująca nie może być zarazem swoim partnerem." in again
    assert not Activity.objects.filter(title="Sam ze sobą").exists()


def test_partners_travel_in_the_report_file(world: World, tmp_path: Path) -> None:
    university = Institution.objects.create(
        name="Politechnika Białostocka", kind=InstitutionKind.UNIVERSITY
    )
    first = add_activity(world.ckz_report, partners=[world.pup, university])
    rows = sheet_rows(workbook.prefilled(world.ckz_report))
    header = rows[0]
    column = header.index("instytucje partnerskie (nazwy rozdzielone średnikami)")
    assert rows[1][column] == "Politechnika Białostocka; Powiatowy Urząd Pracy w Augustowie"
    rows[1][column] = "politechnika białostocka"  # case does not matter
    new = [None, *rows[1][1:]]
    new[column] = "Powiatowy Urząd Pracy w Augustowie; Nieznana Fundacja"
    path = write_rows(tmp_path / "r.xlsx", [header, rows[1], new])
    with pytest.raises(BadRows) as caught:
        workbook.import_report(world.ckz_report, path, None)
    (problem,) = caught.value.problems
    assert (problem.row, problem.column) == (3, header[column])
    assert "Nie ma w systemie instytucji „Nieznana Fundacja”" in problem.reason
    new[column] = "Powiatowy Urząd Pracy w Augustowie"
    write_rows(path, [header, rows[1], new])
    workbook.import_report(world.ckz_report, path, None)
    assert list(Activity.objects.get(pk=first.pk).partners.all()) == [university]
    added = world.ckz_report.activities.exclude(pk=first.pk).get()
    assert list(added.partners.all()) == [world.pup]


def test_the_occupation_suggestions_by_code_and_by_a_polish_name_fragment(
    world: World, occupations: None
) -> None:
    client = logged_in(world.ckz_reporter)
    url = reverse("activities:occupation_options")

    def suggested(q: str) -> list[dict[str, Any]]:
        response = client.get(url, {"q": q})
        assert response.status_code == 200
        return response.json()["options"]

    by_code = suggested("7231")
    assert by_code and all(o["value"].startswith("7231") for o in by_code)
    assert {"value": "723103", "label": "723103 Mechanik pojazdów samochodowych"} in by_code
    # inflected, without diacritics, after codes already chosen
    by_name = suggested("311504, mechanika pojazdow samochodowych")
    assert by_name[0]["value"] == "723103"
    assert "741203" in {o["value"] for o in suggested("elektromechanikiem pojazdów")}
    assert suggested("zzzqx") == []
    assert client.get(url, {"q": "zzzqx"}).json()["status"] == "Nie znaleziono pasującego zawodu."
    assert logged_in(world.office).get(url, {"q": "7231"}).status_code == 200
    assert occupation_search.last_fragment("723103; 7412") == "7412"
