"""The register's pages: the home page, the requests with their opinions and outcomes, the
deadlines."""

import datetime
from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lll.coordination.services import statutory_deadlines, visible_meetings
from lll.core.access import AuthenticatedRequest, requires
from lll.core.downloads import DOCX_TYPE, download
from lll.core.exports import export_response, wants_export
from lll.core.paging import LONG_PAGE, page_of

from .. import documents, services
from ..access import (
    MANAGE,
    can_manage,
    get_opinion_request_for,
    get_outcome_for,
    readable_requests,
    readable_requests_for,
)
from ..forms import OpinionForm, OutcomeForm, RequestForm
from ..models import FateReport, Opinion, OpinionRequest, Outcome
from ..services.evidence import evidence_for, opinion_draft, sheet_of, suggested_opinion
from ..services.report import cohort_years
from .common import search_words, sorted_by
from .tables import REQUESTS


def _default_decision_date(item: OpinionRequest) -> datetime.date:
    """The meeting's day when it has taken place, else today (an opinion is never dated ahead)."""
    today = timezone.localdate()
    if item.meeting and timezone.localdate(item.meeting.starts_at) <= today:
        return timezone.localdate(item.meeting.starts_at)
    return today


def _same_text(text: str, draft: str) -> bool:
    """The text still holds the whole draft (spacing and line ends aside)."""
    return " ".join(draft.split()) in " ".join(text.split())


# ---------------------------------------------------------------------------------------------
# Home: the public part and the office's desk


def home(request: HttpRequest) -> HttpResponse:
    manage = can_manage(request.user)
    reports = FateReport.objects.all() if manage else FateReport.objects.filter(published=True)
    readable = readable_requests(request.user)
    context: dict[str, Any] = {
        "reports": reports,
        "can_manage": manage,
        "reads_register": readable is not None,
    }
    if readable is not None and not manage:
        context.update(
            council_requests=readable.count(),
            council_pending=readable.filter(opinion=Opinion.PENDING).count(),
        )
    if manage:
        lists = services.deadlines()
        context.update(
            pending=OpinionRequest.objects.filter(opinion=Opinion.PENDING).count(),
            overdue=len(lists.overdue),
            expiring=len(lists.expiring),
            cohorts=cohort_years(),
        )
    return render(request, "vet/home.html", context)


# ---------------------------------------------------------------------------------------------
# The register


REQUEST_SORTS = {
    "received": "received_on",
    "school": "school__name",
    "occupation": "occupation__name",
    "start": "start_year",
    "opinion": "opinion",
    "decided": "decided_on",
}


@requires()
def request_list(request: AuthenticatedRequest) -> HttpResponse:
    items = readable_requests_for(request).select_related(
        "school__powiat", "occupation", "meeting__body"
    )
    q = search_words(request)
    for word in q.split():
        items = items.filter(
            Q(school__name__icontains=word)
            | Q(school__town__icontains=word)
            | Q(occupation__name__icontains=word)
            | Q(occupation__code__startswith=word)
            | Q(resolution_number__icontains=word)
            | (Q(school__rspo=int(word)) if word.isdigit() and len(word) < 10 else Q(pk__in=[]))
        )
    opinion = request.GET.get("opinion", "")
    if opinion in Opinion.values:
        items = items.filter(opinion=opinion)
    items = sorted_by(request, items, REQUEST_SORTS)
    if wants_export(request):
        return REQUESTS.export(request, items)
    page = page_of(request, items, LONG_PAGE)
    return render(
        request,
        "vet/request_list.html",
        {
            "page": page,
            "table": REQUESTS.bind(page.object_list, request),
            "q": q,
            "opinion": opinion,
            "opinions": Opinion.choices,
            "sort": request.GET.get("sort", ""),
            "can_manage": can_manage(request.user),
            "reads_register": True,
        },
    )


@requires(MANAGE)
def request_edit(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    item = get_opinion_request_for(request, pk) if pk else None
    initial = {"received_on": timezone.localdate()} if item is None else None
    form = RequestForm(request.POST or None, instance=item, initial=initial)
    if request.method == "POST" and form.is_valid():
        item = form.save()
        messages.success(request, _("The request was saved."))
        return redirect(item)
    title = _("Edit the request") if item else _("New request for an opinion")
    return render(request, "vet/form.html", {"form": form, "title": title, "item": item})


@requires()
def request_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = get_opinion_request_for(
        request, pk, "school__powiat", "school__gmina", "occupation", "meeting__body"
    )
    sheet, kept = sheet_of(item)
    manage = can_manage(request.user)
    history = item.history.select_related("history_user").order_by("-history_date")[:20]
    return render(
        request,
        "vet/request_detail.html",
        {
            "can_manage": manage,
            "reads_register": True,
            "item": item,
            "sheet": sheet,
            "kept": kept,
            "meeting_visible": item.meeting is not None
            and visible_meetings(request.user).filter(pk=item.meeting.pk).exists(),
            "outcomes": item.outcomes.select_related("import_batch"),
            # Who changed the record is the office's business, not the council members'.
            "history": history if manage else None,
            "suggested": services.suggested_exemption(item),
        },
    )


@requires()
def request_evidence_docx(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = get_opinion_request_for(request, pk)
    content = documents.evidence_docx(item, sheet_of(item)[0])
    return download(content, f"karta-informacyjna-{item.pk}.docx", DOCX_TYPE)


@requires(MANAGE)
def request_opinion(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    item = get_opinion_request_for(request, pk, "school", "occupation")
    sheet = evidence_for(item)
    initial: dict[str, Any] = {}
    exemption = services.suggested_exemption(item)
    if item.opinion == Opinion.PENDING:
        suggested = suggested_opinion(sheet, exemption)
        initial = {
            "opinion": suggested,
            "decided_on": _default_decision_date(item),
            "exemption": exemption,
            "opinion_text": opinion_draft(item, sheet, suggested, exemption),
        }
    form = OpinionForm(request.POST or None, instance=item, initial=initial)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["opinion"]
        for other in (Opinion.POSITIVE, Opinion.NEGATIVE, Opinion.NOT_NEEDED):
            if other != chosen and _same_text(
                form.cleaned_data["opinion_text"],
                opinion_draft(item, sheet, other, form.cleaned_data["exemption"] or exemption),
            ):
                # A draft written for another outcome would contradict the recorded one.
                form.add_error(
                    "opinion_text",
                    _(
                        "The text is the draft for the outcome “%(draft)s”, not “%(chosen)s”: "
                        "write the council's reasons."
                    )
                    % {"draft": other.label, "chosen": Opinion(chosen).label},
                )
                break
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.record_opinion(
            item,
            data["opinion"],
            data["resolution_number"],
            data["decided_on"],
            data["opinion_text"],
            data["exemption"],
        )
        messages.success(request, _("The opinion was recorded."))
        return redirect(item)
    return render(
        request,
        "vet/form.html",
        {"form": form, "title": _("The council's opinion"), "item": item, "sheet": sheet},
    )


@requires(MANAGE)
def outcome_edit(
    request: AuthenticatedRequest, pk: int, outcome_pk: int | None = None
) -> HttpResponse:
    item = get_opinion_request_for(request, pk)
    outcome = get_outcome_for(request, item.pk, outcome_pk) if outcome_pk else None
    instance = outcome or Outcome(request=item)
    form = OutcomeForm(
        request.POST or None,
        instance=instance,
        initial={"school_year": item.start_year} if outcome is None else None,
    )
    if request.method == "POST" and form.is_valid():
        if (
            Outcome.objects.filter(request=item, school_year=form.cleaned_data["school_year"])
            .exclude(pk=instance.pk)
            .exists()
        ):
            form.add_error("school_year", _("This school year already has its outcome."))
        else:
            form.save()
            messages.success(request, _("The outcome was saved."))
            return redirect(item)
    return render(request, "vet/form.html", {"form": form, "title": _("Outcome"), "item": item})


@require_POST
@requires(MANAGE)
def outcome_delete(request: AuthenticatedRequest, pk: int, outcome_pk: int) -> HttpResponse:
    outcome = get_outcome_for(request, pk, outcome_pk)
    outcome.delete()
    messages.success(request, _("The outcome was removed; its history is kept."))
    return redirect("vet:request", pk=pk)


@requires(MANAGE)
def deadlines(request: AuthenticatedRequest) -> HttpResponse:
    lists = services.deadlines()
    if wants_export(request):
        headers = [
            _("List"),
            _("School"),
            _("Occupation"),
            _("Meeting"),
            _("Received"),
            _("Valid until"),
        ]
        rows = [
            [
                _("overdue"),
                r.school.name,
                str(r.occupation),
                str(r.meeting or ""),
                r.received_on,
                None,
            ]
            for r in lists.overdue
        ] + [
            [
                _("expiring within a year"),
                r.school.name,
                str(r.occupation),
                "",
                r.received_on,
                r.valid_until,
            ]
            for r in lists.expiring
        ]
        return export_response(request, "terminy-wrrp", headers, rows)
    return render(
        request,
        "vet/deadlines.html",
        {"lists": lists, "today": timezone.localdate(), "council": statutory_deadlines()},
    )
