from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from lll.consultations import services


class Command(BaseCommand):
    help = (
        "Send the reminders that are due: to members who have not commented on an open "
        "consultation, its reminder_days before the close. Each consultation gets one automatic "
        "reminder (reminders sent by hand do not count); "
        "run it from cron, e.g. every hour."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--base-url",
            default="",
            help="The system's address for the link in the e-mail, e.g. https://lll.example.org",
        )

    def handle(self, *args: Any, base_url: str, **options: Any) -> None:
        due = list(services.reminders_due())
        if not due:
            self.stdout.write(_("No reminders are due."))
            return
        for consultation in due:
            sent, failed = services.send_reminders(consultation, base_url, scheduled=True)
            line = _("%(title)s: %(sent)d sent, %(failed)d failed.") % {
                "title": consultation.title,
                "sent": sent,
                "failed": failed,
            }
            self.stdout.write(self.style.WARNING(line) if failed else line)
