"""What the consultation pages share: the one form page every form is shown on."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def form_page(
    request: HttpRequest, form: object, title: str, back_url: str, **context: object
) -> HttpResponse:
    return render(
        request,
        "consultations/form.html",
        {"form": form, "title": title, "back_url": back_url, **context},
    )
