from typing import Any

from django import template

from ..services.report import format_rate

register = template.Library()


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
