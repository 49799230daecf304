"""What the coordination pages share: the one edit page every form is shown on."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def edit_page(
    request: HttpRequest, form: object, title: str, back: str, **context: object
) -> HttpResponse:
    return render(
        request,
        "coordination/form.html",
        {"form": form, "title": title, "back": back, **context},
    )
