from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from lll.core.dates import long_date
from lll.publicoffice.services import retention


class Command(BaseCommand):
    help = (
        "List, per kind of record holding personal data, what is past its retention period and "
        "remove it (--dry-run: only list). Run it from cron, e.g. monthly."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="List only; remove nothing.")

    def handle(self, *args: Any, dry_run: bool, **options: Any) -> None:
        due = retention.past_retention() if dry_run else retention.remove_past_retention()
        verb = _("to remove") if dry_run else _("removed")
        for item in due:
            self.stdout.write(
                _("%(kind)s (kept %(months)d months, older than %(cutoff)s): %(count)d %(verb)s")
                % {
                    "kind": item.kind.label,
                    "months": item.months,
                    "cutoff": long_date(item.cutoff.date()),
                    "count": item.count,
                    "verb": verb,
                }
            )
        if dry_run:
            self.stdout.write(_("Dry run: nothing was removed."))
