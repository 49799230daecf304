"""Every PDF the system writes: an app's template extends `core/pdf_base.html` (A4, the office's
letterhead, "Strona 2 z 5" at the foot of each page, the document's language) and goes through
`render_pdf`, which writes a tagged PDF (PDF/UA-1) that screen readers can follow."""

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from .text import letterhead, page_footer

BASE_TEMPLATE = "core/pdf_base.html"
# Tagged, with the document's title and language in its metadata (WeasyPrint's PDF/UA-1 variant).
PDF_VARIANT = "pdf/ua-1"


def page_numbers_css() -> SafeString:
    """The footer as a CSS `content` value: "Strona " counter(page) " z " counter(pages)."""
    pieces = []
    for kind, text in page_footer():
        if kind == "text":
            escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
            pieces.append(f'"{escaped}"')
        else:
            pieces.append(f"counter({kind})")
    return mark_safe(" ".join(pieces))  # noqa: S308 - quoted above, no markup can get out


def render_html(template: str, context: dict[str, Any]) -> str:
    """The template rendered in the office's language with what the base template needs."""
    with translation.override(settings.LANGUAGE_CODE):
        return render_to_string(
            template,
            {
                "language": translation.get_language() or settings.LANGUAGE_CODE,
                "office": letterhead(),
                "page_numbers": page_numbers_css(),
                **context,
            },
        )


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    """The PDF of `template` (which extends core/pdf_base.html). It loads nothing from outside:
    pictures come inline, as SVG or as data: URLs."""
    html = HTML(
        string=render_html(template, context),
        url_fetcher=URLFetcher(allowed_protocols=("data",)),
    )
    return bytes(html.write_pdf(pdf_variant=PDF_VARIANT))
