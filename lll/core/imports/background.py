"""Previews of large files in the task worker, as commits are written there.

A file over the `background_mb` limit (`limits.py`) is kept unread by the upload; reading it
against every limit and previewing it run as steps of one background task (`run_step`, in
`lll db_worker`), each step a function the batch's model names in `BACKGROUND_STEPS`. The
step's result is kept on the batch (`stored`), so its page renders from it without reading the
file again. Small files keep being read in the request, as before.

The task holds a lease (`lll.core.leases`) while it reads: when its worker dies, the page finds
the lease expired, marks the step failed with a message and offers to run it again or cancel
the import (cancelling deletes the file with the batch). A file refused by a limit fails the
step with the limit's message and its stored file is deleted; its page then gives the import up
(the batch is deleted) and the upload page says why, as for a small file refused in the request.
A preview writes nothing.
"""

from pathlib import Path
from typing import Any

from django.apps import apps
from django.contrib import messages
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks import task

from lll.core import leases
from lll.core.errors import UserError

from . import limits, progress
from .limits import InvalidFile

QUEUED, RUNNING, READY, FAILED = "queued", "running", "ready", "failed"


def is_large(path: Path) -> bool:
    """Whether the file is previewed in the background: its bytes (an XLSX's unpacked, as its
    zip directory states them: a zip bomb of 180 KB unpacks to 50 MB) over `background_mb`.
    An XLSX that cannot be opened is not large: the request's own check refuses it."""
    most = limits.current().background_mb * 1024 * 1024
    if path.suffix.lower() == ".xlsx":
        import zipfile

        try:
            with zipfile.ZipFile(path) as package:
                return sum(info.file_size for info in package.infolist()) > most
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return False
    return path.stat().st_size > most


def lease_name(batch: models.Model) -> str:
    return f"preview-{batch._meta.label_lower}-{batch.pk}"


def start(batch: Any, step: str) -> None:
    """Queue `step` for the batch (its earlier result is forgotten) and enqueue the task."""
    stored = dict(batch.stored)
    stored.pop(step, None)
    batch.stored, batch.background_step, batch.background_state = stored, step, QUEUED
    batch.error = ""
    batch.save(update_fields=["stored", "background_step", "background_state", "error"])
    run_step.enqueue(batch._meta.label, batch.pk, step)
    batch.refresh_from_db()  # the immediate backend (development, tests) has run it by now


def ensure(batch: Any, step: str) -> None:
    """Start `step` unless it is queued, running or failed, or its result is kept."""
    if batch.background_step == step and batch.background_state in (QUEUED, RUNNING, FAILED):
        return
    if step not in batch.stored:
        start(batch, step)


def forget(batch: Any, step: str) -> None:
    """Drop what `step` found (the columns or the file changed); a run of it still going
    keeps nothing when it ends."""
    batch.stored = {key: value for key, value in batch.stored.items() if key != step}
    if batch.background_step == step:
        batch.background_step = batch.background_state = ""
    batch.save(update_fields=["stored", "background_step", "background_state"])


def result(batch: Any, step: str) -> Any:
    """What the step found, when it is ready; None otherwise."""
    if batch.background_step == step and batch.background_state != READY:
        return None
    return batch.stored.get(step)


def reap(batch: Any) -> None:
    """A running step whose worker stopped renewing its lease (killed) is marked failed."""
    if batch.background_state != RUNNING or not leases.expired(lease_name(batch)):
        return
    type(batch).objects.filter(pk=batch.pk, background_state=RUNNING).update(
        background_state=FAILED,
        error=_(
            "The task worker stopped while reading the file (its process ended); nothing was "
            "written. Read the file again, or cancel the import."
        ),
    )
    leases.release(lease_name(batch))
    progress.clear(lease_name(batch))
    batch.refresh_from_db()


def can_retry(batch: Any) -> bool:
    return batch.background_state == FAILED and bool(batch.original_file)


def retry(batch: Any) -> bool:
    """Queue the failed step again; True when this call did it (a second click does nothing)."""
    if not can_retry(batch):
        return False
    queued = (
        type(batch)
        .objects.filter(pk=batch.pk, background_state=FAILED)
        .update(background_state=QUEUED, error="")
    )
    if queued:
        run_step.enqueue(batch._meta.label, batch.pk, batch.background_step)
    batch.refresh_from_db()
    return bool(queued)


def waiting(
    request: HttpRequest,
    batch: Any,
    step: str,
    *,
    title: str,
    retry_url: str,
    cancel_url: str,
    upload_url: str,
) -> HttpResponse | None:
    """The page of a step not ready yet (queued, running or failed), polled while it runs;
    None when its result is ready (the caller renders it). An htmx poll that finds it ready
    reloads the page."""
    if batch.background_step != step or not batch.background_state:
        return None
    reap(batch)
    if batch.background_state == FAILED and not batch.original_file:
        # Refused by a limit (its file is deleted already): given up, as a small file refused
        # in the request is; the upload page says why.
        messages.error(request, batch.error)
        batch.drop()
        if getattr(request, "htmx", False):
            return HttpResponse(headers={"HX-Redirect": upload_url})
        return redirect(upload_url)
    if batch.background_state == READY:
        if getattr(request, "htmx", False):
            return HttpResponse(headers={"HX-Refresh": "true"})
        return None
    context = {
        "batch": batch,
        "title": title,
        "polling": batch.background_state in (QUEUED, RUNNING),
        "progress": progress.read(lease_name(batch)),
        "can_retry": can_retry(batch),
        "retry_url": retry_url,
        "cancel_url": cancel_url,
        "upload_url": upload_url,
    }
    htmx = getattr(request, "htmx", False)
    template = "core/_background_status.html" if htmx else "core/background.html"
    return render(request, template, context)


# ---------------------------------------------------------------------------------------------
# The task


@task()
def run_step(model: str, pk: int, step: str) -> None:
    """Run one step of a batch's preview under a lease; its result or its error is kept."""
    model_class: Any = apps.get_model(model)
    batches = model_class.objects.filter(pk=pk, background_step=step)
    if not batches.filter(background_state=QUEUED).update(background_state=RUNNING):
        return  # taken by another worker, or cancelled
    batch = model_class.objects.get(pk=pk)
    work = import_string(model_class.BACKGROUND_STEPS[step])
    name = lease_name(batch)
    running = batches.filter(background_state=RUNNING)
    try:
        with leases.held(name), progress.counting(name):
            found = work(batch)
    except InvalidFile as exc:  # refused by a limit: nothing of it is kept
        if batch.original_file:
            batch.original_file.delete(save=False)
        running.update(background_state=FAILED, error=exc.message[:2000], original_file="")
        return
    except UserError as exc:
        running.update(background_state=FAILED, error=exc.message[:2000])
        return
    except Exception as exc:
        if not model_class.objects.filter(pk=pk).exists():
            return  # cancelled while it read: the batch and its file are gone
        running.update(
            background_state=FAILED,
            error=_("Reading the file stopped on an unexpected error (%(error)s).")
            % {"error": type(exc).__name__},
        )
        raise
    stored = model_class.objects.filter(pk=pk).values_list("stored", flat=True).first() or {}
    running.update(background_state=READY, stored={**stored, step: found})
