from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lll.core.access import AuthenticatedRequest, requires
from lll.core.downloads import JSON_TYPE, XLSX_TYPE, download
from lll.core.pages import form_page

from ..access import MANAGE, can_manage
from ..forms import ClauseForm, RetentionForm
from ..models import Purpose
from ..services import clauses, mydata, retention


def _purpose(purpose: str) -> str:
    if purpose not in Purpose.values:
        raise Http404
    return purpose


def privacy(request: HttpRequest) -> HttpResponse:
    """Every purpose's information clause (public), with the register entries for the office."""
    return render(
        request,
        "publicoffice/privacy.html",
        {"clauses": clauses.register(), "can_manage": can_manage(request.user)},
    )


@requires(MANAGE)
def clause_edit(request: AuthenticatedRequest, purpose: str) -> HttpResponse:
    item = clauses.clause(_purpose(purpose))
    form = ClauseForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The information clause was saved."))
        return redirect("publicoffice:privacy")
    return form_page(
        request,
        form,
        _("Information clause: %(purpose)s") % {"purpose": item.get_purpose_display()},
        "publicoffice:privacy",
    )


@requires(MANAGE)
def register_entry(request: AuthenticatedRequest, purpose: str) -> HttpResponse:
    """The printable entry of the register of processing activities (RODO art. 30)."""
    return render(
        request,
        "publicoffice/register_entry.html",
        {"entry": clauses.clause(_purpose(purpose)), "today": timezone.localdate()},
    )


@requires()
def my_data(request: AuthenticatedRequest) -> HttpResponse:
    data = mydata.personal_data(request.user)
    counts = [(name, len(rows)) for name, rows in data.items()]
    return render(request, "publicoffice/my_data.html", {"counts": counts})


@requires()
def my_data_download(request: AuthenticatedRequest, fmt: str) -> HttpResponse:
    data = mydata.personal_data(request.user)
    stamp = timezone.localdate().isoformat()
    if fmt == "json":
        return download(mydata.as_json(data), f"moje-dane-{stamp}.json", JSON_TYPE)
    if fmt == "xlsx":
        return download(mydata.as_xlsx(data), f"moje-dane-{stamp}.xlsx", XLSX_TYPE)
    raise Http404


@requires(MANAGE)
def retention_periods(request: AuthenticatedRequest) -> HttpResponse:
    """The retention period of each kind of record, and how many records are past it now."""
    due = retention.past_retention()
    periods = [(item.kind.key, str(item.kind.label), item.months) for item in due]
    form = RetentionForm(request.POST or None, periods=periods)
    if request.method == "POST" and form.is_valid():
        for key, months in form.cleaned_data.items():
            retention.set_months(key, months)
        messages.success(request, _("The retention periods were saved."))
        return redirect("publicoffice:retention")
    return render(request, "publicoffice/retention.html", {"form": form, "due": due})
