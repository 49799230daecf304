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


def polish_public_holidays(year: int) -> set[datetime.date]:
    """The days free from work in Poland (act of 18 January 1951 on days free from work, as
    amended; Christmas Eve since 2025). Sundays are free anyway; the movable feasts follow
    Easter (dateutil's Western Easter)."""
    from dateutil.easter import easter  # type: ignore[import-untyped]

    sunday = easter(year)
    fixed = [(1, 1), (1, 6), (5, 1), (5, 3), (8, 15), (11, 1), (11, 11), (12, 25), (12, 26)]
    days = {datetime.date(year, month, day) for month, day in fixed}
    days |= {sunday, sunday + datetime.timedelta(days=1), sunday + datetime.timedelta(days=60)}
    days.add(sunday + datetime.timedelta(days=49))  # Pentecost (a Sunday)
    if year >= 2025:
        days.add(datetime.date(year, 12, 24))
    return days


def is_working_day(day: datetime.date) -> bool:
    """Monday to Friday and not a public holiday (Saturdays count as free, as offices work)."""
    return day.weekday() < 5 and day not in polish_public_holidays(day.year)


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The day `days` working days after `start` (`start` itself not counted): a deadline "within
    20 working days" of a meeting on `start`."""
    day = start
    left = days
    while left > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day
