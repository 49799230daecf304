from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from lll.core.privacy import clause_text

register = template.Library()


@register.simple_tag
def information_clause(purpose: str) -> SafeString:
    """The RODO information clause of `purpose` as a collapsible box under a form ("" if none)."""
    text = clause_text(purpose)
    if not text:
        return SafeString("")
    return SafeString(render_to_string("core/_information_clause.html", {"text": text}))
