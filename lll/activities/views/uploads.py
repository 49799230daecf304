"""A large report file: checked by the task worker (`lll.core.imports.background`), its result
shown here, then written by the task worker too (step "commit", all or nothing) or given up.
A small file is read and written in the upload's request (`reporting.report_upload`)."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lll.core.access import AuthenticatedRequest, requires
from lll.core.imports import background
from lll.core.models import DONE

from .. import access
from ..models import ImportBatch


def start(request: AuthenticatedRequest, report: Any, upload: Any) -> HttpResponse:
    """Keep a large upload on a batch and queue its check."""
    batch = ImportBatch(report=report, created_by=request.user, status=ImportBatch.PREVIEW)
    upload.seek(0)
    batch.keep_file(upload.name, upload)
    batch.save()
    background.start(batch, "preview")
    return redirect("activities:report_import", pk=batch.pk)


def _batch(request: AuthenticatedRequest, pk: int, *, done: bool = False) -> ImportBatch:
    """A large upload still in preview or being written (`done`: or written already), of a
    report the user may change."""
    statuses = [ImportBatch.PREVIEW, DONE] if done else [ImportBatch.PREVIEW]
    batch = ImportBatch.objects.filter(pk=pk, status__in=statuses).first()
    if batch is None or batch.report_id is None:
        raise Http404
    report = access.get_report_for(request, batch.report_id)
    if not report.is_editable:
        raise Http404
    return batch


@requires()
def report_import(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The check's progress then its result; after "Import", the writing's progress then (once
    written) the report with what was imported."""
    batch = _batch(request, pk, done=True)
    if batch.status == DONE:
        if getattr(request, "htmx", False):
            return HttpResponse(headers={"HX-Refresh": "true"})
        messages.success(request, _written(batch))
        return redirect("activities:report_detail", pk=batch.report_id)
    waiting = background.waiting(
        request,
        batch,
        batch.background_step or "preview",
        title=_("Upload the filled report"),
        retry_url=reverse("activities:report_import_again", args=[batch.pk]),
        cancel_url=reverse("activities:report_import_cancel", args=[batch.pk]),
        upload_url=reverse("activities:report_upload", args=[batch.report_id]),
    )
    if waiting:
        return waiting
    if batch.status == DONE:  # written while this request looked
        return redirect("activities:report_import", pk=batch.pk)
    found = batch.stored["preview"]
    return render(request, "activities/report_import.html", {"batch": batch, "found": found})


def _written(batch: ImportBatch) -> str:
    return _("The file was read: %(new)d new and %(updated)d updated activities.") % {
        "new": batch.inserted,
        "updated": batch.updated,
    }


@require_POST
@requires()
def report_import_commit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Queue the writing of a file whose check found no problem; a second click (another tab)
    finds it taken and changes nothing."""
    batch = _batch(request, pk)
    found = background.result(batch, "preview")
    if not found or found["problem_count"]:  # not checked yet, or not importable
        return redirect("activities:report_import", pk=batch.pk)
    taken = ImportBatch.objects.filter(
        pk=batch.pk,
        status=ImportBatch.PREVIEW,
        background_step="preview",
        background_state=background.READY,
    ).update(background_step="commit", background_state="")
    if taken:
        batch.refresh_from_db()
        background.start(batch, "commit")
    return redirect("activities:report_import", pk=batch.pk)


@require_POST
@requires()
def report_import_again(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    if background.retry(batch):
        if background.writes(batch):
            messages.info(request, _("The import runs again."))
        else:
            messages.info(request, _("The file is read again."))
    return redirect("activities:report_import", pk=batch.pk)


@require_POST
@requires()
def report_import_cancel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    report_id = batch.report_id
    if not background.cancel(batch):  # a worker is writing it: it ends written or failed
        return redirect("activities:report_import", pk=batch.pk)
    messages.info(request, _("The import was cancelled; nothing was written."))
    return redirect("activities:report_detail", pk=report_id)
