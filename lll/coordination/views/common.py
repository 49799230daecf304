"""What the coordination pages share: the one edit page every form is shown on, and the answer
to an inline (htmx) form that does not validate."""

from functools import partial

from django.contrib import messages
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from lll.core.pages import form_page

# The agenda item's page adds its move and delete forms below the form.
edit_page = partial(form_page, template="coordination/form.html")


def refused_inline(request: HttpRequest, form: BaseForm, url: str) -> HttpResponse | None:
    """A form sent with htmx from the meeting page that does not validate: the meeting page
    comes back with the problem named (field and message), not the form page that htmx would
    have nothing to take from. None for a valid form or a plain request."""
    if not getattr(request, "htmx", False) or form.is_valid():
        return None
    problems = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        text = " ".join(str(error) for error in errors)
        problems.append(f"{capfirst(label)}: {text}" if label else text)
    messages.error(request, _("Not saved. %s") % "; ".join(problems))
    return redirect(url)
