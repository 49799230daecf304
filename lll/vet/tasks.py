"""Background work of the vocational-education app (django-tasks; `lll db_worker` runs it in
production, the immediate backend in development and tests)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from lll.core import leases
from lll.core.errors import UserError, failure_message
from lll.core.imports import BadRows, Problem
from lll.core.models import KEPT_PROBLEMS

from .models import ImportBatch
from .services import imports


@task()
def commit_import(batch_id: int) -> None:
    """Write a previewed file: queued → running → done, or failed with nothing written."""
    started = ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.QUEUED).update(
        status=ImportBatch.Status.RUNNING
    )
    if not started:  # already taken by another worker, or cancelled
        return
    batch = ImportBatch.objects.get(pk=batch_id)
    try:
        with leases.held(lease_name(batch_id)):  # should this worker die, see `reap`
            imports.commit(batch)
    except BadRows as exc:
        _failed(batch_id, str(exc), exc.problems)
    except UserError as exc:  # the file, or another import writing now
        _failed(batch_id, str(exc))
    except Exception as exc:
        _failed(batch_id, failure_message(exc))
        raise


def _failed(batch_id: int, error: str, problems: list[Problem] | None = None) -> None:
    # The commit's transaction is rolled back by now: this is written on its own.
    problems = problems or []
    ImportBatch.objects.filter(pk=batch_id).update(
        status=ImportBatch.Status.FAILED,
        error=error[:2000],
        finished_at=timezone.now(),
        rejected=len(problems),
        rejected_rows=[problem.as_dict() for problem in problems[:KEPT_PROBLEMS]],
    )


def lease_name(batch_id: int) -> str:
    return f"vet-import-{batch_id}"


def reap(batch: ImportBatch) -> None:
    """A running commit whose worker stopped renewing its lease (killed: its transaction was
    rolled back) is marked failed, so the page offers to run it again or give it up."""
    if batch.status != ImportBatch.Status.RUNNING or not leases.expired(lease_name(batch.pk)):
        return
    _failed(
        batch.pk,
        _(
            "The task worker stopped during the import (its process ended) and nothing was "
            "written. Run the import again, or cancel it."
        ),
    )
    leases.release(lease_name(batch.pk))
    batch.refresh_from_db()


def can_retry(batch: ImportBatch) -> bool:
    return batch.status == ImportBatch.Status.FAILED and bool(batch.original_file)


def can_abandon(batch: ImportBatch) -> bool:
    """Failed with its file kept, or queued and not taken by any worker yet."""
    return can_retry(batch) or batch.status == ImportBatch.Status.QUEUED


def retry(batch: ImportBatch) -> None:
    queued = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.FAILED).update(
        status=ImportBatch.Status.QUEUED, error="", finished_at=None
    )
    if queued:
        commit_import.enqueue(batch.pk)
