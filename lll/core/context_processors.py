import functools

from django.conf import settings
from django.http import HttpRequest
from django.template import TemplateDoesNotExist
from django.template.loader import get_template


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "OFFICE_NAME": settings.LLL_OFFICE_NAME,
        "HOME_REGION_CODE": settings.LLL_HOME_REGION,
        # The language of the office's documents and records (minutes, drafts): a page in
        # another language marks such passages with it (lang), so screen readers read them right.
        "OFFICE_LANGUAGE": settings.LANGUAGE_CODE,
    }


def section(request: HttpRequest) -> dict[str, object]:
    """`section_base`: the base template of the section the page belongs to.

    A section is a URL namespace with a `<namespace>/base.html` (it shows the section's own
    menu); pages outside any section get the plain `base.html`. A view may pass its own."""
    match = request.resolver_match
    return {"section_base": section_base(match.namespace if match else "")}


@functools.cache
def section_base(namespace: str) -> str:
    if namespace:
        name = f"{namespace}/base.html"
        try:
            get_template(name)
        except TemplateDoesNotExist:
            pass
        else:
            return name
    return "base.html"
