"""A large report file: checked by the task worker (`lll.core.imports.background`), its result
shown here, then written or given up. A small file is read in the upload's request
(`reporting.report_upload`)."""

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lll.core.access import AuthenticatedRequest, requires
from lll.core.errors import UserError
from lll.core.imports import BadRows, background

from .. import access
from ..models import ImportBatch
from ..services import workbook


def start(request: AuthenticatedRequest, report: Any, upload: Any) -> HttpResponse:
    """Keep a large upload on a batch and queue its check."""
    batch = ImportBatch(report=report, created_by=request.user, status=ImportBatch.PREVIEW)
    upload.seek(0)
    batch.keep_file(upload.name, upload)
    batch.save()
    background.start(batch, "preview")
    return redirect("activities:report_import", pk=batch.pk)


def _batch(request: AuthenticatedRequest, pk: int) -> ImportBatch:
    """A large upload still in preview, of a report the user may change."""
    batch = ImportBatch.objects.filter(pk=pk, status=ImportBatch.PREVIEW).first()
    if batch is None or batch.report_id is None:
        raise Http404
    report = access.get_report_for(request, batch.report_id)
    if not report.is_editable:
        raise Http404
    return batch


@requires()
def report_import(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    waiting = background.waiting(
        request,
        batch,
        "preview",
        title=_("Upload the filled report"),
        retry_url=reverse("activities:report_import_again", args=[batch.pk]),
        cancel_url=reverse("activities:report_import_cancel", args=[batch.pk]),
        upload_url=reverse("activities:report_upload", args=[batch.report_id]),
    )
    if waiting:
        return waiting
    found = batch.stored["preview"]
    return render(request, "activities/report_import.html", {"batch": batch, "found": found})


@require_POST
@requires()
def report_import_commit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    report = batch.report
    assert report is not None  # noqa: S101
    found = background.result(batch, "preview")
    if not found or found["problem_count"]:  # not checked yet, or not importable
        return redirect("activities:report_import", pk=batch.pk)
    try:
        workbook.import_report(
            report, Path(batch.original_file.path), request.user, batch.original_file_name, batch
        )
    except BadRows as error:
        messages.error(request, str(error))
        return redirect("activities:report_import", pk=batch.pk)
    except UserError as error:
        messages.error(request, error.message)
        return redirect("activities:report_import", pk=batch.pk)
    messages.success(
        request,
        _("The file was read: %(new)d new and %(updated)d updated activities.")
        % {"new": batch.inserted, "updated": batch.updated},
    )
    return redirect("activities:report_detail", pk=report.pk)


@require_POST
@requires()
def report_import_again(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    if background.retry(batch):
        messages.info(request, _("The file is read again."))
    return redirect("activities:report_import", pk=batch.pk)


@require_POST
@requires()
def report_import_cancel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    report_id = batch.report_id
    batch.drop()
    messages.info(request, _("The import was cancelled; nothing was written."))
    return redirect("activities:report_detail", pk=report_id)
