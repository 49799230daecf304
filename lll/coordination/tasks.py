"""Background work of the coordination app: mailings go out without keeping the page waiting."""

from django_tasks import task

from . import mailings
from .models import Mailing


@task()
def send_mailing(mailing_id: int, only_failed: bool = False) -> None:
    mailings.send_mailing(Mailing.objects.get(pk=mailing_id), only_failed=only_failed)
