"""What every page of the self-assessment shares: the office's access rule and the form page."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lll.core.access import requires

from ..access import MANAGE

manage_only = requires(MANAGE)


def form_page(request: HttpRequest, form: Any, title: str, back: str, **extra: Any) -> HttpResponse:
    return render(
        request,
        "selfassessment/form.html",
        {"form": form, "title": title, "back_url": back, **extra},
    )
