import datetime
from typing import Any

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


@register.inclusion_tag("vet/_sort_header.html", takes_context=True)
def sort_header(context: dict[str, Any], key: str, label: str, css: str = "") -> dict[str, Any]:
    """A column header that sorts the list by it; a second click reverses the order."""
    request = context["request"]
    current = request.GET.get("sort", "")
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("export", None)
    params["sort"] = f"-{key}" if current == key else key
    direction = {key: "ascending", f"-{key}": "descending"}.get(current, "")
    return {"label": label, "url": f"?{params.urlencode()}", "direction": direction, "css": css}
