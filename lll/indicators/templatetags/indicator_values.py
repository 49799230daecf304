"""A value as every monitoring page shows it: the indicator's number format ("7 234,5"), its
flags marked and named (b: break in series), and "dane poufne" instead of a confidential value."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from lll.indicators.models import Indicator
from lll.indicators.services.values import CONFIDENTIAL, confidential_text, shown_flags

register = template.Library()


@register.simple_tag
def shown(indicator: Indicator, value: float | None, flags: str = "") -> SafeString:
    """`value` formatted, followed by its flag letters (each named for screen readers and on
    hover); a confidential value is replaced by the "confidential data" mark."""
    if CONFIDENTIAL in (flags or ""):
        return confidential_mark()
    if value is None:
        return format_html("{}", "—")
    return format_html("{}{}", indicator.format_value(value), flag_marks(flags))


@register.simple_tag
def flag_marks(flags: str) -> SafeString:
    return format_html_join(
        "",
        ' <span class="lll-flag lll-flag-{}" title="{}"><span aria-hidden="true">{}</span>'
        '<span class="visually-hidden">({})</span></span>',
        ((code, label, code, label) for code, label in shown_flags(flags)),
    )


def confidential_mark() -> SafeString:
    return format_html('<span class="lll-confidential">{}</span>', confidential_text())


@register.filter
def get_item(mapping: dict[object, object], key: object) -> object:
    return mapping.get(key)
