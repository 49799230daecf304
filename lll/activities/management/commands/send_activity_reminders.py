import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lll.activities.models import ReportingCycle
from lll.activities.services import reporting

LATE_DAYS = 60  # late reports are reminded of for two months after the deadline


class Command(BaseCommand):
    help = (
        "E-mail the partner reporters whose report is not submitted: a reminder in the week "
        "before the deadline, a notice after it (for 60 days). Run daily by cron."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=datetime.date.fromisoformat, default=None)
        parser.add_argument("--days-before", type=int, default=7)
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000",
            help="The system's address for the link in the e-mail, e.g. https://lll.example.org",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        link = options["base_url"].rstrip("/") + reverse("activities:report_list")
        cycles = ReportingCycle.objects.filter(
            deadline__gte=today - datetime.timedelta(days=LATE_DAYS),
            deadline__lte=today + datetime.timedelta(days=options["days_before"]),
        )
        for cycle in cycles:
            sent, failed = reporting.send_reminders(cycle, today, link, options["days_before"])
            self.stdout.write(
                _("%(cycle)s: reminders sent %(sent)d, failed %(failed)d.")
                % {"cycle": cycle.name, "sent": sent, "failed": failed}
            )
