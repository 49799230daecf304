from typing import Any

from django import template

register = template.Library()


@register.filter
def lines_of(item: Any, field: str) -> list[str]:
    """The non-empty lines of a text field (a list the office writes one item per line)."""
    return [line.strip() for line in str(getattr(item, field, "")).splitlines() if line.strip()]
