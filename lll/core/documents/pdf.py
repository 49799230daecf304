"""Every PDF the system writes: an app's template extends `core/pdf_base.html` (A4, the office's
letterhead, "Strona 2 z 5" at the foot of each page, the document's language) and goes through
`render_pdf`, which writes a tagged PDF (PDF/UA-1) that screen readers can follow. Inside
`with archival():` the same call writes PDF/A-2b (still tagged), the archival format the office's
EZD takes, so any app's document leaves for the registry without a second template."""

import contextlib
import contextvars
from collections.abc import Iterator
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
# Archival: PDF/A-2b (fonts embedded, sRGB output intent, XMP declaring the conformance).
PDFA_VARIANT = "pdf/a-2b"
_variant: contextvars.ContextVar[str] = contextvars.ContextVar("pdf_variant", default=PDF_VARIANT)


@contextlib.contextmanager
def archival() -> Iterator[None]:
    """Every `render_pdf` inside writes PDF/A-2b instead of PDF/UA-1."""
    token = _variant.set(PDFA_VARIANT)
    try:
        yield
    finally:
        _variant.reset(token)


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
    return bytes(html.write_pdf(pdf_variant=_variant.get(), pdf_tags=True))
