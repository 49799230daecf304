"""Template filters of the self-assessment pages."""

from django import template

from lll.core.dates import long_date
from lll.selfassessment import services

register = template.Library()

# `{{ value|day }}`: "5 sierpnia 2024 r." in Polish, "5 August 2024" in English; "" for no date.
register.filter("day", long_date)


@register.filter
def signed(value: float | None) -> str:
    """A change between rounds or regions: "+0,33", "−0,5", "0", "—"."""
    return services.signed(value)


@register.filter
def num(value: float | None) -> str:
    """A result as everywhere in the app: "3,0", "3,33", "−0,5", "—"."""
    return services.number(value)
