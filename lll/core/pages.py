"""The one page every form is edited on (`templates/form.html`, in the section's frame)."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse


def form_page(
    request: HttpRequest,
    form: Any,
    title: str,
    back: str = "",
    *,
    template: str = "form.html",
    **context: Any,
) -> HttpResponse:
    """`form` under the heading `title`; Cancel goes to `back`, a URL or the name of one
    (`back_url=` in `context` wins). An app whose form pages add something of their own passes
    its template extending `form.html` (e.g. "coordination/form.html" with the agenda item's move
    and delete forms)."""
    back_url = context.pop("back_url", "") or (
        back if not back or back.startswith(("/", "http")) else reverse(back)
    )
    return render(
        request, template, {"form": form, "title": title, "back_url": back_url, **context}
    )
