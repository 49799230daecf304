import re

import pytest
from django.urls import reverse

from lll.testing import logged_in
from lll.vet.models import ForecastEntry

pytestmark = pytest.mark.django_db


def test_each_forecast_edit_page_has_its_own_title(demo, secretary):
    client = logged_in(secretary)
    titles = set()
    entries = ForecastEntry.objects.select_related("occupation")[:5]
    for entry in entries:
        page = client.get(reverse("vet:forecast_edit", args=[entry.pk])).content.decode()
        [title] = re.findall(r"<title>(.*?)</title>", page, re.S)
        assert entry.occupation.name in title and str(entry.year) in title, title
        titles.add(title)
    assert len(titles) == len(entries) == 5
