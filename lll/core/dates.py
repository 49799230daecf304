"""Dates as the pages and documents write them."""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language


def long_date(value: datetime.date | datetime.datetime | str | None) -> str:
    """The day in words, the month in the genitive: "12 marca 2024 r." in Polish (as Polish
    letters and documents write it), "12 March 2024" in English; "" for no date.

    A datetime is shown in local time. An ISO date string (as kept in JSON) is read; any other
    text is returned as it is (an older record that kept the date already written out)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            day: datetime.date = datetime.date.fromisoformat(value)
        except ValueError:
            return value
        value = day
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    text = date_format(value, "j E Y")
    return f"{text} r." if (get_language() or settings.LANGUAGE_CODE).startswith("pl") else text
