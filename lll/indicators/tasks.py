"""Background work of the monitoring app (django-tasks; `lll db_worker` runs it in production)."""

from django_tasks import task

from .models import ImportBatch
from .services import fileimport


@task()
def commit_file_import(batch_id: int) -> None:
    fileimport.commit(ImportBatch.objects.get(pk=batch_id))
