from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from lll.publicoffice.services import statement


class Command(BaseCommand):
    help = (
        "From 1 March, e-mail the administrators once a year that the accessibility statement "
        "must be reviewed by 31 March (until the review is recorded). Run it daily from cron."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--base-url", default="", help="The system's address for the link.")

    def handle(self, *args: Any, base_url: str, **options: Any) -> None:
        sent = statement.send_review_reminder(base_url=base_url)
        if sent:
            self.stdout.write(_("Reminder sent to %(count)d administrators.") % {"count": sent})
        else:
            self.stdout.write(_("No reminder is due."))
