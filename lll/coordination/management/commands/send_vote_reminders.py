from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from lll.coordination.services import votes


class Command(BaseCommand):
    help = (
        "Circular votes: close those whose deadline has passed (stating the outcome) and remind "
        "the members who have not voted in those closing within two days (once per vote); "
        "run it from cron, e.g. every hour."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--base-url",
            default="",
            help="The system's address for the link in the e-mail, e.g. https://lll.example.org",
        )

    def handle(self, *args: Any, base_url: str, **options: Any) -> None:
        for vote in votes.close_due_votes():
            self.stdout.write(
                _("%(title)s: closed, %(outcome)s.")
                % {"title": vote.title, "outcome": vote.get_outcome_display()}
            )
        due = list(votes.reminders_due())
        if not due:
            self.stdout.write(_("No reminders are due."))
        for vote in due:
            sent, failed = votes.send_vote_reminders(vote, base_url)
            line = _("%(title)s: %(sent)d sent, %(failed)d failed.") % {
                "title": vote.title,
                "sent": sent,
                "failed": failed,
            }
            self.stdout.write(self.style.WARNING(line) if failed else line)
