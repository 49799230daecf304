"""Background work of the vocational-education app (django-tasks; `lll db_worker` runs it in
production, the immediate backend in development and tests)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from lll.indicators.services.tabular import InvalidFile

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
        imports.commit(batch)
    except (imports.NotReady, InvalidFile) as exc:
        _failed(batch_id, str(exc))
    except Exception as exc:
        _failed(
            batch_id,
            _("The import stopped on an unexpected error (%(error)s).")
            % {"error": type(exc).__name__},
        )
        raise


def _failed(batch_id: int, error: str) -> None:
    # The commit's transaction is rolled back by now: this is written on its own.
    ImportBatch.objects.filter(pk=batch_id).update(
        status=ImportBatch.Status.FAILED, error=error[:2000], finished_at=timezone.now()
    )
