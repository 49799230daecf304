"""Background work of the monitoring app (django-tasks; `lll db_worker` runs it in production)."""

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from lll.accounts.models import User
from lll.core import leases
from lll.territory.services import home_region

from .models import ImportBatch, Indicator, Source
from .services import fileimport
from .services.bdl import bdl_client, import_bdl_levels
from .services.eurostat import import_eurostat
from .services.http import ApiError


@task()
def commit_file_import(batch_id: int) -> None:
    """Commit a previewed file under a lease: should this worker die, the batch page finds the
    lease expired and offers to retry or cancel (`fileimport.reap`)."""
    batch = ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.RUNNING).first()
    if batch is None:  # cancelled before a worker took it
        return
    with leases.held(fileimport.lease_name(batch_id)):
        fileimport.commit(batch)


@task()
def import_from_source(indicator_id: int, user_id: int | None, years: list[int]) -> None:
    """Fetch an indicator's data from its source (BDL or Eurostat); failures become a batch."""
    indicator = Indicator.objects.get(pk=indicator_id)
    user = User.objects.filter(pk=user_id or 0).first()
    started = timezone.now()
    try:
        if indicator.source == Source.EUROSTAT:
            import_eurostat(indicator, live=True, user=user, base_url=settings.LLL_EUROSTAT_URL)
        else:
            region = home_region()
            client = bdl_client(settings.LLL_BDL_URL, client_id=settings.LLL_BDL_CLIENT_ID)
            try:
                if region is not None:
                    import_bdl_levels(indicator, client, years, region, user=user)
            finally:
                client.close()
    except ApiError as exc:
        # A fetch that failed inside a batch marked it; any other failure gets a batch here.
        failed = ImportBatch.objects.filter(
            indicator=indicator, created_at__gte=started, status=ImportBatch.Status.FAILED
        )
        if not failed.exists():
            ImportBatch.objects.create(
                source=indicator.source,
                indicator=indicator,
                created_by=user,
                status=ImportBatch.Status.FAILED,
                error=str(exc)[:2000],
                description=indicator.source_reference[:300],
                finished_at=timezone.now(),
            )
