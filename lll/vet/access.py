"""Who may read and change what in the vocational-education register.

The rules are written here once; views fetch every object through a `get_<thing>_for(request,
...)` helper, so a request the user may not read answers 404 (403 when the register is not
theirs at all) the same way on every page.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from lll.coordination.models import BodyKind, Membership
from lll.core.access import has_permission

from .models import FateReport, ForecastEntry, ImportBatch, OpinionRequest, Outcome
from .services.report import FateReport as FateReportData
from .services.report import published_or_current

MANAGE = "vet.manage_vet"


def can_manage(user: Any) -> bool:
    """The office (WRRP secretary, analyst, administrator) keeps the register."""
    return has_permission(user, MANAGE)


def readable_requests(user: Any) -> QuerySet[OpinionRequest] | None:
    """The requests of the register a user may read; None: the register is not theirs at all.

    - The office (`vet.manage_vet`: WRRP secretary, analyst, administrator): every request.
    - A person with a member account who sits today in a WRRP body (any role, as the
      coordination pages count membership): the requests put before that body, i.e. assigned
      to one of its meetings, past or coming, with their evidence sheet and opinion. A request
      with no meeting yet, or before another body, is not theirs.
    - Anyone else, members of other bodies (the WZK) included: None.
    """
    if not user.is_authenticated:
        return None
    if can_manage(user):
        return OpinionRequest.objects.all()
    seats = Membership.objects.filter(person__user=user, body__kind=BodyKind.WRRP).current()
    if not seats.exists():
        return None
    return OpinionRequest.objects.filter(meeting__body__in=seats.values("body"))


def readable_requests_for(request: HttpRequest) -> QuerySet[OpinionRequest]:
    """The requests this user may read; 403 when the register is not theirs at all."""
    items = readable_requests(request.user)
    if items is None:
        raise PermissionDenied
    return items


def _manager(request: HttpRequest) -> None:
    if not can_manage(request.user):
        raise PermissionDenied


def get_opinion_request_for(request: HttpRequest, pk: int, *related: str) -> OpinionRequest:
    """A request of the register the user may read (`related`: what to select with it); 404
    for another body's request, 403 when the register is not theirs at all."""
    items = readable_requests_for(request)
    return get_object_or_404(items.select_related(*related) if related else items, pk=pk)


def get_outcome_for(request: HttpRequest, request_pk: int, pk: int) -> Outcome:
    """An outcome of request `request_pk`, for the office only."""
    _manager(request)
    return get_object_or_404(Outcome, pk=pk, request_id=request_pk)


def get_forecast_entry_for(request: HttpRequest, pk: int) -> ForecastEntry:
    """An entry of the Minister's forecast, for the office only."""
    _manager(request)
    return get_object_or_404(ForecastEntry, pk=pk)


def get_import_batch_for(request: HttpRequest, pk: int) -> ImportBatch:
    """An import of the register (any status), for the office only."""
    _manager(request)
    return get_object_or_404(ImportBatch.objects.select_related("created_by"), pk=pk)


def get_preview_batch_for(request: HttpRequest, pk: int) -> ImportBatch:
    """An import still in preview: only the person who uploaded it (or a superuser) goes on
    with it; anyone else, and a committed import, answers 404."""
    _manager(request)
    batch = get_object_or_404(ImportBatch, pk=pk, status=ImportBatch.Status.PREVIEW)
    if batch.created_by_id != request.user.pk and not request.user.is_superuser:
        raise Http404
    return batch


def sane_cohort(cohort: int) -> None:
    """Opinions are given from 2000 on and not ahead of this year: other years are no page."""
    if not 2000 <= cohort <= timezone.localdate().year:
        raise Http404


def get_fate_report_for(
    request: HttpRequest, cohort: int
) -> tuple[FateReportData, FateReport | None]:
    """The fate report of a cohort with its publication record. The office reads every year's;
    anyone else a published report with directions in it, 404 otherwise."""
    sane_cohort(cohort)
    manage = can_manage(request.user)
    published = FateReport.objects.filter(cohort=cohort).first()
    if not manage and not (published and published.published):
        raise Http404
    data = published_or_current(cohort, published)
    if not data.directions and not manage:
        raise Http404
    return data, published
