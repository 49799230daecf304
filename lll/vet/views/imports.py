"""Imports of the register's data: upload → columns → preview → commit."""

from pathlib import Path

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lll.core.access import AuthenticatedRequest, requires
from lll.core.exports import wants_export
from lll.core.imports import PROBLEMS, InvalidFile, background
from lll.core.paging import LONG_PAGE, page_of

from .. import tasks
from ..access import MANAGE, get_import_batch_for, get_preview_batch_for
from ..forms import MappingForm, UploadForm
from ..models import ImportBatch
from ..services import imports
from ..services.imports import stored
from ..tasks import commit_import
from .tables import IMPORTS

ACTIVE = (ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING)


@requires(MANAGE)
def import_list(request: AuthenticatedRequest) -> HttpResponse:
    items = ImportBatch.objects.select_related("created_by")
    if wants_export(request):
        return IMPORTS.export(request, items)
    page = page_of(request, items, LONG_PAGE)
    context = {"page": page, "table": IMPORTS.bind(page.object_list)}
    return render(request, "vet/import_list.html", context)


@requires(MANAGE)
def import_upload(request: AuthenticatedRequest) -> HttpResponse:
    form = UploadForm(
        request.POST or None, request.FILES or None, initial={"kind": request.GET.get("kind")}
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = ImportBatch(kind=form.cleaned_data["kind"], created_by=request.user)
        try:
            sheet = batch.keep_checked_file(upload, _whole_sheet_if_small)
        except InvalidFile as exc:
            form.add_error("file", str(exc))
        else:
            if sheet is not None:
                batch.column_mapping, batch.options = imports.remembered_layout(
                    batch.kind, sheet.header
                )
            batch.save()
            if sheet is None:  # large: read in the background (the column page shows how far)
                background.start(batch, "read")
            replaced = request.GET.get("replace", "")
            if replaced.isdigit():
                # The corrected file takes the place of the one that had problems.
                for old in ImportBatch.objects.filter(
                    pk=int(replaced), created_by=batch.created_by, status=ImportBatch.Status.PREVIEW
                ):
                    old.drop()
            return redirect("vet:import_mapping", pk=batch.pk)
    return render(request, "vet/import_upload.html", {"form": form, "kinds": imports.KINDS})


def _whole_sheet_if_small(path: Path) -> imports.Sheet | None:
    """A small upload read whole against every limit now; a large one (None) is read by the
    task worker."""
    return None if background.is_large(path) else imports.read_sheet(path, whole=True)


def _waiting(request: HttpRequest, batch: ImportBatch, step: str) -> HttpResponse | None:
    """The page of a large file's step not ready yet (`background.waiting`)."""
    return background.waiting(
        request,
        batch,
        step,
        title=_("Reading the file") if step == "read" else _("Preview of the import"),
        retry_url=reverse("vet:import_read_again", args=[batch.pk]),
        cancel_url=reverse("vet:import_cancel", args=[batch.pk]),
        upload_url=reverse("vet:import_upload") + f"?kind={batch.kind}",
    )


def _large(batch: ImportBatch) -> bool:
    return bool(batch.original_file) and background.is_large(Path(batch.original_file.path))


@requires(MANAGE)
def import_mapping(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    batch = get_preview_batch_for(request, pk)
    if _large(batch):
        background.ensure(batch, "read")
    if waiting := _waiting(request, batch, "read"):
        return waiting
    if read := background.result(batch, "read"):
        header, sample = read["header"], read["sample"]
    else:
        try:
            sheet = imports.read_sheet(Path(batch.original_file.path))
            header, sample = sheet.header, stored.first_rows(sheet.rows)
        except InvalidFile as exc:
            batch.drop()
            messages.error(request, str(exc))
            return redirect("vet:import_upload")
    initial = {k: ("" if v is None else str(v)) for k, v in batch.column_mapping.items()}
    initial["fixed_year"] = batch.options.get("year")
    form = MappingForm(batch.kind, header, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        batch.options = {
            "year": data.pop("fixed_year", None),
            "header": header,
            "chosen": True,
        }
        batch.column_mapping = data
        batch.save(update_fields=["column_mapping", "options"])
        background.forget(batch, "preview")  # read again with the new columns
        return redirect("vet:import_preview", pk=batch.pk)
    return render(
        request,
        "vet/import_mapping.html",
        {"batch": batch, "form": form, "header": header, "sample": sample},
    )


@requires(MANAGE)
def import_preview(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    batch = get_preview_batch_for(request, pk)
    missing = imports.missing_fields(batch.kind, batch.column_mapping, batch.options)
    if missing:
        return redirect("vet:import_mapping", pk=batch.pk)
    if _large(batch):
        background.ensure(batch, "preview")
    if waiting := _waiting(request, batch, "preview"):
        return waiting
    # A large file's preview as the task worker kept it; a small file's read now.
    try:
        result = background.result(batch, "preview") or stored.summary(batch)
    except InvalidFile as exc:
        batch.drop()
        messages.error(request, str(exc))
        return redirect("vet:import_upload")
    labels = [
        str(f.label)
        for f in imports.KINDS[batch.kind].fields
        if batch.column_mapping.get(f.key) is not None
    ]
    return render(
        request,
        "vet/import_preview.html",
        {
            "batch": batch,
            "result": result,
            "labels": labels,
            "problems": result["problems"][: imports.PREVIEW_PROBLEMS],
        },
    )


@require_POST
@requires(MANAGE)
def import_commit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    batch = get_preview_batch_for(request, pk)
    # Only a batch still in preview is queued: a second click (another tab) changes nothing.
    queued = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.PREVIEW).update(
        status=ImportBatch.Status.QUEUED, error=""
    )
    if queued:
        commit_import.enqueue(batch.pk)
    return redirect("vet:import_batch", pk=batch.pk)


@requires(MANAGE)
def import_batch(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """An import's page: its status while the background task writes it, then the result."""
    batch = get_import_batch_for(request, pk)
    if batch.status == ImportBatch.Status.PREVIEW:
        return redirect("vet:import_preview", pk=batch.pk)
    tasks.reap(batch)
    if wants_export(request):
        return PROBLEMS.export(request, batch.rejected_rows, f"import-{batch.pk}-problemy")
    template = "vet/_batch_status.html" if request.htmx else "vet/import_batch.html"  # type: ignore[attr-defined]
    context = {
        "batch": batch,
        "polling": batch.status in ACTIVE,
        "can_retry": tasks.can_retry(batch),
        "can_abandon": tasks.can_abandon(batch),
        "problems": PROBLEMS.bind(batch.rejected_rows),
    }
    return render(request, template, context)


@require_POST
@requires(MANAGE)
def import_retry(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    batch = get_import_batch_for(request, pk)
    if tasks.can_retry(batch):
        tasks.retry(batch)
        messages.info(request, _("The import runs again."))
    return redirect("vet:import_batch", pk=batch.pk)


@require_POST
@requires(MANAGE)
def import_abandon(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    batch = get_import_batch_for(request, pk)
    if tasks.can_abandon(batch):
        batch.abandon(request.user)
        messages.info(request, _("The import was cancelled; nothing was written."))
    return redirect("vet:import_batch", pk=batch.pk)


@require_POST
@requires(MANAGE)
def import_read_again(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Read a large file again after its background step failed (its worker died)."""
    batch = get_preview_batch_for(request, pk)
    step = batch.background_step
    if background.retry(batch):
        messages.info(request, _("The file is read again."))
    return redirect("vet:import_mapping" if step == "read" else "vet:import_preview", pk=batch.pk)


@require_POST
@requires(MANAGE)
def import_cancel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Give up an import before its commit, also while its file is read in the background:
    the batch and its file are deleted."""
    batch = get_preview_batch_for(request, pk)
    batch.drop()
    messages.info(request, _("The import was cancelled; nothing was written."))
    return redirect("vet:import_upload")
