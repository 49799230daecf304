"""School years as the office writes them: 2024/25 (also read from 2024/2025)."""

import datetime

from lll.indicators.models import Periodicity
from lll.indicators.services.values import parse_period


def parse_school_year(raw: object) -> str:
    """ "2024/25" for 2024/25, 2024/2025 or 2024 (the year the school year starts)."""
    if isinstance(raw, int | float) and float(raw).is_integer():
        start = int(raw)
        return f"{start}/{(start + 1) % 100:02d}"
    text = str(raw or "").strip()
    if text.isdigit() and len(text) == 4:
        start = int(text)
        return f"{start}/{(start + 1) % 100:02d}"
    return parse_period(text, Periodicity.SCHOOL_YEAR)


def school_year_of(day: datetime.date) -> str:
    """The school year a day falls in (it starts on 1 September)."""
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def start_of(school_year: str) -> int:
    return int(school_year[:4])
