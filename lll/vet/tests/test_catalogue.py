"""Texts whose English the other catalogues also use read as vet means them (the clash check
over all catalogues is in lll/core/tests/test_translations.py)."""

from django.utils import translation

from lll.vet.models import Reason


def test_the_reason_other_reads_as_vet_translated_it():
    with translation.override("pl"):
        assert str(Reason.OTHER.label) == "inna"
        assert translation.gettext("Start year") == "Rok rozpoczęcia"
