from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from lll.coordination.demo import DEMO_FILE, DemoDataError, load_demo
from lll.core.demo import DemoPrerequisiteMissing, command_error


class Command(BaseCommand):
    help = (
        "Load the demo region's coordination team (fictional people, marked as demo data): "
        "the WZK, the WRRP, a thematic network, three WZK meetings and two studies. "
        "Idempotent: a second run changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file",
            type=Path,
            default=DEMO_FILE,
            help="The demo data file (default: lll/coordination/data/demo_wzk.json).",
        )

    def handle(self, *args: Any, file: Path, **options: Any) -> None:
        try:
            counts = load_demo(file)
        except DemoPrerequisiteMissing as error:
            raise command_error(error) from error
        except DemoDataError as exc:
            raise CommandError(
                _("Demo data not loaded, the database is unchanged. %(error)s") % {"error": exc}
            ) from exc
        if not any(counts.values()):
            self.stdout.write(
                _("The demo coordination data were already loaded; nothing was changed.")
            )
            return
        self.stdout.write(
            _(
                "Added: %(institutions)d institutions, %(people)d people, %(bodies)d bodies, "
                "%(memberships)d memberships, %(meetings)d meetings, %(studies)d studies."
            )
            % counts
        )
        self.stdout.write(
            self.style.SUCCESS(
                _("Demo coordination data loaded; the people are fictional and marked as demo.")
            )
        )
