import datetime

from django import template
from django.utils.formats import date_format
from django.utils.translation import get_language

from ..services.report import format_rate

register = template.Library()


@register.filter
def pl_date(value: datetime.date | None) -> str:
    """'5 sierpnia 2024 r.' in Polish, '5 August 2024' in English."""
    if not value:
        return "—"
    text = date_format(value, "j E Y")
    return f"{text} r." if get_language() == "pl" else text


@register.filter
def rate(value: float | None) -> str:
    return format_rate(value)
