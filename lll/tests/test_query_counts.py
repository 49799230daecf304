"""No page runs more than a bounded number of queries, however many rows it shows: the main list
and detail pages, public and logged-in, with every real data file loaded (about 26,400 values,
41 indicators, 380 powiats) and the demo coordination team (3 bodies, 44 memberships, meetings).
An N+1 (a query per row) would exceed these bounds by tens or hundreds.

The bounds are the counts measured when written plus a small margin; none is near the issue's
ceiling of 100 queries per page.
"""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import xlsx_bytes
from lll.accounts.roles import ANALYST, COORDINATION_OFFICE
from lll.coordination.models import Body, Meeting
from lll.indicators.models import ImportBatch, Indicator
from lll.testing import make_user

pytestmark = pytest.mark.django_db

PUBLIC = {
    "indicator list": ("/wskazniki/", 30),
    "indicator page": ("/wskazniki/al-participation-4-weeks/", 40),
    "powiat profile": ("/wskazniki/profil/2001/", 40),
    "region among the 16": ("/wskazniki/region-wsrod-wojewodztw/", 40),
    "theme page": ("/wskazniki/obszar/adult_learning/", 40),
    "home": ("/", 30),
    "territory list": ("/teren/", 30),
    "API observations CSV (10,000 rows)": ("/api/v1/observations?format=csv&limit=10000", 15),
}


@pytest.mark.parametrize("name", list(PUBLIC))
def test_public_page_queries_are_bounded(name, client, real_data, django_assert_max_num_queries):
    url, bound = PUBLIC[name]
    with django_assert_max_num_queries(bound):
        response = client.get(url)
    assert response.status_code == 200


def test_logged_in_pages_queries_are_bounded(
    client, real_data, vet_demo, django_assert_max_num_queries
):
    office = make_user("biuro-zapytania", COORDINATION_OFFICE)
    office.groups.add(Group.objects.get(name=ANALYST))  # the import preview is the analysts'
    client.force_login(office)
    meeting = Meeting.objects.order_by("-pk").first()
    body = max(Body.objects.all(), key=lambda b: b.memberships.count())
    pages = {
        "meeting page": (reverse("coordination:meeting", args=[meeting.pk]), 60),
        "body page (its members)": (reverse("coordination:body", args=[body.pk]), 40),
    }
    for name, (url, bound) in pages.items():
        with django_assert_max_num_queries(bound):
            response = client.get(url)
        assert response.status_code == 200, name

    rows = [["Kod TERYT", "Jednostka", "Rok szkolny", "Liczba uczestników"]] + [
        [unit_code, "", "2023/24", str(10 + n)]
        for n, unit_code in enumerate(["2001", "2002", "2003", "2004", "2005", "2006", "2061"])
    ]
    client.post(
        reverse("indicators:import_upload"),
        {
            "indicator": Indicator.objects.get(code="vet-kkz-participants").pk,
            "file": SimpleUploadedFile("kkz.xlsx", xlsx_bytes(rows)),
        },
    )
    batch = ImportBatch.objects.latest("pk")
    client.post(
        reverse("indicators:import_mapping", args=[batch.pk]),
        {"unit_column": 0, "unit_by": "code", "period_column": 2, "value_column": 3},
    )
    with django_assert_max_num_queries(40):
        preview = client.get(reverse("indicators:import_preview", args=[batch.pk]))
    assert preview.status_code == 200
    assert preview.context["good_count"] == len(rows) - 1
