"""School years as the office writes them: 2024/25 (also read from 2024/2025)."""

import datetime
import re

from django.utils.translation import gettext as _

from lll.indicators.models import Periodicity
from lll.indicators.services.values import InvalidValue, parse_period


def parse_school_year(raw: object) -> str:
    """ "2024/25" for 2024/25, 2024/2025 or 2024 (the year the school year starts)."""
    if isinstance(raw, int | float) and float(raw).is_integer():
        start = int(raw)
        return f"{start}/{(start + 1) % 100:02d}"
    text = str(raw or "").strip()
    if text.isdigit() and len(text) == 4:
        start = int(text)
        return f"{start}/{(start + 1) % 100:02d}"
    try:
        return parse_period(text, Periodicity.SCHOOL_YEAR)
    except InvalidValue:
        if re.fullmatch(r"\d{4}\s*[/-]\s*\d{2,4}", text):
            raise  # it looks like one: the indicators' message says what is wrong with it
        raise InvalidValue(
            _("“%(value)s” is not a school year (e.g. 2025/26).") % {"value": text}
        ) from None


def school_year_of(day: datetime.date) -> str:
    """The school year a day falls in (it starts on 1 September)."""
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def start_of(school_year: str) -> int:
    return int(school_year[:4])
