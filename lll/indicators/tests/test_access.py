"""Each kind of object of the monitoring answers a stranger 404 or 403 through the one helper
of `lll.indicators.access`, on the pages and in the API alike."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from lll.accounts.models import User
from lll.indicators.models import ImportBatch, Indicator, Source, Target

pytestmark = pytest.mark.django_db


def test_strangers_get_404_or_403_for_each_kind_of_object(client, monitoring):
    internal = Indicator.objects.get(code="wzk-meetings")
    assert not internal.published
    # An unpublished indicator does not exist for the public, on the page and in the API.
    assert client.get(reverse("indicators:indicator", args=[internal.code])).status_code == 404
    assert client.get(f"/api/v1/indicators/{internal.code}").status_code == 404
    analyst = User.objects.create_user("analityk", password="x-Pass-1234")
    analyst.groups.add(Group.objects.get(name="analyst"))
    batch = ImportBatch.objects.create(
        source=Source.OFFICE,
        indicator=internal,
        created_by=analyst,
        status=ImportBatch.Status.PREVIEW,
    )
    target = Target.objects.select_related("indicator").first()
    assert target is not None
    staff_only = [
        reverse("indicators:indicator_edit", args=[internal.code]),
        reverse("indicators:target_edit", args=[target.indicator.code, target.pk]),
        reverse("indicators:batch", args=[batch.pk]),
        reverse("indicators:batch_file", args=[batch.pk]),
        reverse("indicators:import_mapping", args=[batch.pk]),
    ]
    member = User.objects.create_user("czlonek", password="x-Pass-1234")
    member.groups.add(Group.objects.get(name="member"))
    client.force_login(member)
    for url in staff_only:
        assert client.get(url).status_code == 403, url
    # Another analyst: someone else's import in the wizard, a target through another
    # indicator, and codes that do not exist are no page.
    other = User.objects.create_user("analityk2", password="x-Pass-1234")
    other.groups.add(Group.objects.get(name="analyst"))
    client.force_login(other)
    assert client.get(reverse("indicators:import_mapping", args=[batch.pk])).status_code == 404
    elsewhere = Indicator.objects.exclude(pk=target.indicator_id).first()
    assert elsewhere is not None
    url = reverse("indicators:target_edit", args=[elsewhere.code, target.pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("indicators:indicator", args=["no-such"])).status_code == 404
    assert client.get(reverse("indicators:unit_profile", args=["99"])).status_code == 404
    assert client.get(reverse("territory:unit", args=["99"])).status_code == 404
    # The same analyst sees the unpublished indicator (and the API shows it).
    assert client.get(reverse("indicators:indicator", args=[internal.code])).status_code == 200
    assert client.get(f"/api/v1/indicators/{internal.code}").status_code == 200
