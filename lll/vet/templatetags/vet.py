from django import template

from ..services.report import format_rate

register = template.Library()


@register.filter
def rate(value: float | None) -> str:
    return format_rate(value)
