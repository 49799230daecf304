"""Background work: reminders go out without keeping the page waiting."""

from django_tasks import task

from . import services
from .models import Consultation


@task()
def send_reminders(consultation_id: int, base_url: str = "") -> None:
    consultation = Consultation.objects.get(pk=consultation_id)
    if consultation.is_open:
        services.send_reminders(consultation, base_url)
