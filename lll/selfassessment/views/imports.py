"""A file import in two steps: the file is checked and shown, and stored only when the office
confirms it. Between the steps the file waits in the session (they are small: a framework or a
round's numbers); nothing is stored if the file has a problem."""

import base64
from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from ..frameworks import FileProblems

MAX_PENDING_BYTES = 2 * 1024 * 1024

T = TypeVar("T")


def pending(request: HttpRequest, kind: str) -> tuple[str, bytes] | None:
    stored = request.session.get(f"selfassessment-import-{kind}")
    if not stored:
        return None
    return stored["name"], base64.b64decode(stored["content"])


def keep_pending(request: HttpRequest, kind: str, name: str, content: bytes) -> None:
    request.session[f"selfassessment-import-{kind}"] = {
        "name": name,
        "content": base64.b64encode(content).decode(),
    }


def drop_pending(request: HttpRequest, kind: str) -> None:
    request.session.pop(f"selfassessment-import-{kind}", None)


def too_big(content: bytes) -> list[str]:
    if len(content) > MAX_PENDING_BYTES:
        return [_("The file is larger than %(mb)d MB.") % {"mb": MAX_PENDING_BYTES // 1024 // 1024}]
    return []


def two_step_import(
    request: HttpRequest,
    kind: str,
    form: forms.Form,
    *,
    read: Callable[[str, bytes], T],
    preview: Callable[[str, T], HttpResponse],
    store: Callable[[str, bytes], tuple[str, str]],
    back: str,
) -> tuple[HttpResponse | None, list[str]]:
    """One step of the import: the response when the step ends here (cancelled, previewed or
    stored), else None and the file's problems to show with the form.

    `read(name, content)` checks a file, `preview(name, data)` shows what it holds,
    `store(name, content)` stores it and returns the address to go to and the message to say;
    `read` and `store` raise `FileProblems`. `back` is where a cancelled import goes."""
    if request.method != "POST":
        return None, []
    if "cancel" in request.POST:
        drop_pending(request, kind)
        messages.info(request, _("The import was cancelled; nothing was stored."))
        return redirect(back), []
    if "confirm" in request.POST:
        kept = pending(request, kind)
        if kept is None:
            messages.error(request, _("Choose the file again."))
            return redirect(back), []
        try:
            address, message = store(*kept)
        except FileProblems as error:
            return None, error.problems
        drop_pending(request, kind)
        messages.success(request, message)
        return redirect(address), []
    if not form.is_valid():
        return None, []
    upload = form.cleaned_data["file"]
    content = upload.read()
    problems = too_big(content)
    if problems:
        return None, problems
    try:
        data = read(upload.name, content)
    except FileProblems as error:
        return None, error.problems
    keep_pending(request, kind, upload.name, content)
    return preview(upload.name, data), []
