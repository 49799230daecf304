import datetime

from django.utils import timezone, translation

from lll.core.dates import long_date


def test_a_long_date_has_r_in_polish_only():
    day = datetime.date(2024, 3, 12)
    with translation.override("pl"):
        assert long_date(day) == "12 marca 2024 r."
        assert long_date("2024-03-12") == "12 marca 2024 r."  # as kept in JSON
        assert long_date("12 marca 2024") == "12 marca 2024"  # kept already written out
        assert long_date(None) == "" and long_date("") == ""
        midnight = timezone.make_aware(datetime.datetime(2024, 3, 11, 23, 30), datetime.UTC)
        assert long_date(midnight) == "12 marca 2024 r."  # local time (Europe/Warsaw)
    with translation.override("en"):
        assert long_date(day) == "12 March 2024"
