"""A failed import is set running again once, whoever clicks "run again" twice."""

import pytest

from lll.indicators.models import ImportBatch, Source
from lll.indicators.services import fileimport

pytestmark = pytest.mark.django_db


def test_a_failed_import_reopens_once_and_a_given_up_one_says_who(monitoring):
    batch = ImportBatch.objects.create(source=Source.OFFICE, status=ImportBatch.Status.FAILED)
    assert fileimport.reopen(batch) is True
    assert fileimport.reopen(batch) is False  # the second tab finds it running already
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.RUNNING and batch.error == ""
    batch.abandon("Anna Nowak")
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.error == "Anulował(a) Anna Nowak; niczego nie zapisano."
