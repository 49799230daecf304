"""Imports: the list and result of each, the file wizard (upload → columns → preview →
commit), an import from the indicator's public source."""

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lll.core.access import AuthenticatedRequest, requires
from lll.core.exports import wants_export
from lll.core.imports import PROBLEMS, InvalidFile, Table, background, open_table, sample
from lll.core.paging import LONG_PAGE, page_of
from lll.territory.models import Unit

from ..access import (
    IMPORT,
    NotInPreview,
    get_import_batch_for,
    get_indicator_for,
    get_preview_batch_for,
)
from ..forms import MappingForm, ReplaceFileForm, UploadForm
from ..models import ImportBatch, Source
from ..services import fileimport, progress
from ..tasks import commit_file_import
from ..tasks import import_from_source as import_from_source_task


@requires(IMPORT)
def batch_list(request: AuthenticatedRequest) -> HttpResponse:
    batches = ImportBatch.objects.select_related("indicator", "created_by")
    page = page_of(request, batches, LONG_PAGE)
    return render(request, "indicators/batch_list.html", {"page": page})


@requires(IMPORT)
def batch_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    batch = get_import_batch_for(request, pk)
    fileimport.reap(batch)  # a commit whose worker died is marked failed
    if wants_export(request):
        return PROBLEMS.export(request, batch.rejected_rows, f"import-{batch.pk}-odrzucone")
    template = "indicators/_batch_status.html" if request.htmx else "indicators/batch_detail.html"  # type: ignore[attr-defined]
    running = batch.status == ImportBatch.Status.RUNNING
    context = {
        "batch": batch,
        "progress": progress.read(batch.pk) if running else None,
        "can_retry": fileimport.can_retry(batch),
        "can_abandon": fileimport.can_abandon(batch),
        "problems": PROBLEMS.bind(batch.rejected_rows),
        "rule_runs": batch.rule_runs.all(),
    }
    return render(request, template, context)


@requires(IMPORT)
def batch_file(request: AuthenticatedRequest, pk: int) -> FileResponse:
    """The original file of an import, for those who may import (it may hold internal data)."""
    batch = get_import_batch_for(request, pk)
    if not batch.original_file:
        raise Http404
    return FileResponse(
        batch.original_file.open("rb"),
        as_attachment=True,
        filename=Path(batch.original_file.name).name,
    )


@requires(IMPORT)
def import_upload(request: AuthenticatedRequest) -> HttpResponse:
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        initial={"indicator": request.GET.get("indicator")},
    )
    if request.method == "POST" and form.is_valid():
        batch = ImportBatch(
            source=Source.OFFICE,
            indicator=form.cleaned_data["indicator"],
            created_by=request.user,
            status=ImportBatch.Status.PREVIEW,
            description=_("File %(name)s") % {"name": form.cleaned_data["file"].name[:200]},
        )
        try:
            table = batch.keep_checked_file(form.cleaned_data["file"], _whole_table_if_small)
        except InvalidFile as exc:
            form.add_error("file", str(exc))
        else:
            batch.save()
            if table is None:  # large: read in the background (the column page shows how far)
                background.start(batch, "read")
            return redirect("indicators:import_mapping", pk=batch.pk)
    return render(request, "indicators/import_upload.html", {"form": form})


def _whole_table(path: Path) -> Table:
    """The upload read whole against every limit (rows, cells, encoding) before it is kept."""
    return open_table(path, whole=True)


def _whole_table_if_small(path: Path) -> Table | None:
    """A small upload read whole now; a large one (None) is read by the task worker."""
    return None if background.is_large(path) else _whole_table(path)


def _waiting(request: HttpRequest, batch: ImportBatch, step: str) -> HttpResponse | None:
    """The page of a large file's step not ready yet (`background.waiting`)."""
    return background.waiting(
        request,
        batch,
        step,
        title=_("Reading the file") if step == "read" else _("Preview of the import"),
        retry_url=reverse("indicators:import_read_again", args=[batch.pk]),
        cancel_url=reverse("indicators:import_cancel", args=[batch.pk]),
        upload_url=reverse("indicators:import_upload"),
    )


def _preview_step(view: Callable[[HttpRequest, int], HttpResponse]) -> Any:
    """A step of an import already committed (Back button, a second click) shows its result.
    A stored file that cannot be read (kept before a limit was lowered) is given up: the batch
    and its file are deleted and the upload page says why."""

    @functools.wraps(view)
    def step(request: HttpRequest, pk: int) -> HttpResponse:
        try:
            return view(request, pk)
        except NotInPreview as done:
            messages.info(request, done.message)
            return redirect("indicators:batch", pk=done.batch.pk)
        except InvalidFile as exc:
            for batch in ImportBatch.objects.filter(pk=pk, status=ImportBatch.Status.PREVIEW):
                batch.drop()
            messages.error(request, str(exc))
            return redirect("indicators:import_upload")

    return step


@requires(IMPORT)
@_preview_step
def import_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_preview_batch_for(request, pk)
    assert batch.indicator is not None  # noqa: S101
    if batch.original_file and background.is_large(Path(batch.original_file.path)):
        background.ensure(batch, "read")
    if waiting := _waiting(request, batch, "read"):
        return waiting
    if read := background.result(batch, "read"):
        header, first_rows = read["header"], read["sample"]
    else:
        table = open_table(Path(batch.original_file.path))
        header, first_rows = table.header, sample(table)
    form = MappingForm(
        header,
        batch.indicator.periodicity,
        request.POST or None,
        initial=batch.column_mapping or None,
        sample=first_rows,
    )
    if request.method == "POST" and form.is_valid():
        batch.column_mapping = {
            key: form.cleaned_data[key]
            for key in (
                "unit_column",
                "unit_by",
                "value_column",
                "period_column",
                "fixed_period",
                "flags_column",
            )
        }
        batch.save(update_fields=["column_mapping"])
        background.forget(batch, "preview")  # read again with the new columns
        return redirect("indicators:import_preview", pk=batch.pk)
    return render(
        request,
        "indicators/import_mapping.html",
        {"batch": batch, "form": form, "header": header, "sample": first_rows},
    )


@requires(IMPORT)
@_preview_step
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_preview_batch_for(request, pk)
    if not batch.column_mapping:
        return redirect("indicators:import_mapping", pk=batch.pk)
    replace_form = ReplaceFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and replace_form.is_valid():
        old = batch.original_file.name
        mapped = max(v for v in batch.column_mapping.values() if isinstance(v, int))

        def check(path: Path) -> None:
            table = _whole_table_if_small(path)  # a large one: its preview finds the problems
            if table is not None and len(table.header) <= mapped:
                raise InvalidFile(_("The corrected file has fewer columns than the mapping."))

        try:
            batch.keep_checked_file(replace_form.cleaned_data["file"], check)
        except InvalidFile as exc:
            batch.original_file.name = old
            replace_form.add_error("file", str(exc))
        else:
            if old:
                default_storage.delete(old)
            batch.description = _("File %(name)s") % {
                "name": replace_form.cleaned_data["file"].name[:200]
            }
            batch.stored, batch.background_step, batch.background_state = {}, "", ""
            batch.save()
            messages.success(request, _("The corrected file replaced the previous one."))
            return redirect("indicators:import_preview", pk=batch.pk)
    if batch.original_file and background.is_large(Path(batch.original_file.path)):
        background.ensure(batch, "preview")
    if waiting := _waiting(request, batch, "preview"):
        return waiting
    # A large file's preview as the task worker kept it; a small file's read now.
    found = background.result(batch, "preview") or fileimport.summary(batch)
    if wants_export(request):
        return PROBLEMS.export(request, found["rejected"], f"import-{batch.pk}-problemy")
    good = found["good"]
    units = {u.pk: u for u in Unit.objects.filter(pk__in=[row[0] for row in good])}
    good_rows = [
        (units[row[0]], row[1], batch.indicator.format_value(row[2]))  # type: ignore[union-attr]
        for row in good
    ]
    problems = found["rejected"][: fileimport.PREVIEW_PROBLEMS]
    return render(
        request,
        "indicators/import_preview.html",
        {
            "batch": batch,
            "seen": found["seen"],
            "rejected_count": found["rejected_count"],
            "problems": problems,
            "problem_table": PROBLEMS.bind(problems),
            "good_rows": good_rows,
            "good_count": found["seen"] - found["rejected_count"],
            "counts": fileimport.UpsertCounts(**found["counts"]),
            "replace_form": replace_form,
        },
    )


@require_POST
@requires(IMPORT)
@_preview_step
def import_commit(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_preview_batch_for(request, pk)
    batch.status = ImportBatch.Status.RUNNING
    batch.save(update_fields=["status"])
    commit_file_import.enqueue(batch.pk)
    return redirect("indicators:batch", pk=batch.pk)


@require_POST
@requires(IMPORT)
def import_retry(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Commit again an import that failed (its worker died): its file and columns are kept."""
    batch = get_import_batch_for(request, pk)
    if fileimport.can_retry(batch) and fileimport.reopen(batch):
        commit_file_import.enqueue(batch.pk)
        messages.info(request, _("The import runs again."))
    return redirect("indicators:batch", pk=batch.pk)


@require_POST
@requires(IMPORT)
def import_abandon(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Give up a failed import, or one no worker has started: nothing was written."""
    batch = get_import_batch_for(request, pk)
    if fileimport.can_abandon(batch):
        batch.abandon(request.user)
        messages.info(request, _("The import was cancelled; nothing was written."))
    return redirect("indicators:batch", pk=batch.pk)


@require_POST
@requires(IMPORT)
def import_from_source(request: AuthenticatedRequest, code: str) -> HttpResponse:
    indicator = get_indicator_for(request, code, to_change=True)
    if not (indicator.bdl_variable_id or indicator.eurostat_dataset):
        raise Http404
    this_year = timezone.localdate().year
    import_from_source_task.enqueue(
        indicator.pk, request.user.pk, list(range(this_year - 10, this_year))
    )
    messages.info(
        request,
        _("The import from %(source)s has started; its result is below.")
        % {"source": indicator.get_source_display()},
    )
    return redirect("indicators:batch_list")


@require_POST
@requires(IMPORT)
@_preview_step
def import_read_again(request: HttpRequest, pk: int) -> HttpResponse:
    """Read a large file again after its background step failed (its worker died)."""
    batch = get_preview_batch_for(request, pk)
    step = batch.background_step
    if background.retry(batch):
        messages.info(request, _("The file is read again."))
    page = "indicators:import_mapping" if step == "read" else "indicators:import_preview"
    return redirect(page, pk=batch.pk)


@require_POST
@requires(IMPORT)
@_preview_step
def import_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Give up an import before its commit, also while its file is read in the background:
    the batch and its file are deleted."""
    batch = get_preview_batch_for(request, pk)
    batch.drop()
    messages.info(request, _("The import was cancelled; nothing was written."))
    return redirect("indicators:import_upload")
