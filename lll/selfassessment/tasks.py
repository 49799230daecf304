"""Background work of the self-assessment: e-mails go out without keeping the page waiting."""

from django_tasks import task

from . import mailings
from .models import Round


@task()
def send_invitations(round_id: int, link: str) -> None:
    mailings.send_invitations(Round.objects.get(pk=round_id), link)
