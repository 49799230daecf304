"""Imports of the register's data: upload → columns → preview → commit."""

from pathlib import Path

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lll.core.access import AuthenticatedRequest, requires
from lll.core.exports import wants_export
from lll.core.imports import PROBLEMS, InvalidFile
from lll.core.paging import LONG_PAGE, page_of

from .. import tasks
from ..access import MANAGE, get_import_batch_for, get_preview_batch_for
from ..forms import MappingForm, UploadForm
from ..models import ImportBatch
from ..services import imports
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
            sheet = batch.keep_checked_file(
                upload, lambda path: imports.read_sheet(path, whole=True)
            )
        except InvalidFile as exc:
            form.add_error("file", str(exc))
        else:
            batch.column_mapping, batch.options = imports.remembered_layout(
                batch.kind, sheet.header
            )
            batch.save()
            replaced = request.GET.get("replace", "")
            if replaced.isdigit():
                # The corrected file takes the place of the one that had problems.
                for old in ImportBatch.objects.filter(
                    pk=int(replaced), created_by=batch.created_by, status=ImportBatch.Status.PREVIEW
                ):
                    default_storage.delete(old.original_file.name)
                    old.delete()
            return redirect("vet:import_mapping", pk=batch.pk)
    return render(request, "vet/import_upload.html", {"form": form, "kinds": imports.KINDS})


@requires(MANAGE)
def import_mapping(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    batch = get_preview_batch_for(request, pk)
    try:
        sheet = imports.read_sheet(Path(batch.original_file.path))
        sample = []
        for _number, cells in sheet.rows():
            sample.append(["" if c is None else str(c) for c in cells])
            if len(sample) == 5:
                break
    except InvalidFile as exc:
        batch.drop()
        messages.error(request, str(exc))
        return redirect("vet:import_upload")
    initial = {k: ("" if v is None else str(v)) for k, v in batch.column_mapping.items()}
    initial["fixed_year"] = batch.options.get("year")
    form = MappingForm(batch.kind, sheet.header, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        batch.options = {
            "year": data.pop("fixed_year", None),
            "header": sheet.header,
            "chosen": True,
        }
        batch.column_mapping = data
        batch.save(update_fields=["column_mapping", "options"])
        return redirect("vet:import_preview", pk=batch.pk)
    return render(
        request,
        "vet/import_mapping.html",
        {"batch": batch, "form": form, "header": sheet.header, "sample": sample},
    )


@requires(MANAGE)
def import_preview(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    batch = get_preview_batch_for(request, pk)
    missing = imports.missing_fields(batch.kind, batch.column_mapping, batch.options)
    if missing:
        return redirect("vet:import_mapping", pk=batch.pk)
    try:
        result = imports.preview(batch)
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
            "problems": result.problems[: imports.PREVIEW_PROBLEMS],
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
def import_cancel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    batch = get_preview_batch_for(request, pk)
    default_storage.delete(batch.original_file.name)
    batch.delete()
    messages.info(request, _("The import was cancelled; nothing was written."))
    return redirect("vet:import_upload")
