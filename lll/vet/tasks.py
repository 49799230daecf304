"""Background work of the vocational-education app (django-tasks; `lll db_worker` runs it in
production, the immediate backend in development and tests)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from lll.core.errors import UserError
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
        imports.commit(batch)
    except BadRows as exc:
        _failed(batch_id, str(exc), exc.problems)
    except UserError as exc:  # the file, or another import writing now
        _failed(batch_id, str(exc))
    except Exception as exc:
        _failed(
            batch_id,
            _("The import stopped on an unexpected error (%(error)s).")
            % {"error": type(exc).__name__},
        )
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
