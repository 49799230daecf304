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


# Polish public holidays (ustawa o dniach wolnych od pracy): fixed dates, Christmas Eve from 2025.
_FIXED_HOLIDAYS = {(1, 1), (1, 6), (5, 1), (5, 3), (8, 15), (11, 1), (11, 11), (12, 25), (12, 26)}


def easter(year: int) -> datetime.date:
    """Easter Sunday in the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return datetime.date(year, month, day + 1)


def polish_holidays(year: int) -> set[datetime.date]:
    """The public holidays of `year` in Poland: the fixed ones, Easter Sunday and Monday,
    Pentecost and Corpus Christi, and Christmas Eve from 2025."""
    sunday = easter(year)
    days = {datetime.date(year, month, day) for month, day in _FIXED_HOLIDAYS}
    days |= {sunday + datetime.timedelta(days=n) for n in (0, 1, 49, 60)}
    if year >= 2025:
        days.add(datetime.date(year, 12, 24))
    return days


def add_working_days(day: datetime.date, count: int) -> datetime.date:
    """The day `count` working days after `day`: weekends and Polish public holidays skipped
    (a statutory deadline "within 20 working days")."""
    holidays = polish_holidays(day.year) | polish_holidays(day.year + 1)
    while count > 0:
        day += datetime.timedelta(days=1)
        if day.year > max(h.year for h in holidays):
            holidays |= polish_holidays(day.year)
        if day.weekday() < 5 and day not in holidays:
            count -= 1
    return day
