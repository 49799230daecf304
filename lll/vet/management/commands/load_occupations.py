from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from lll.vet.services.occupations import load_kzis


class Command(BaseCommand):
    help = "Load the KZiS classification of occupations from LLL_DATA_DIR. Idempotent."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--data-dir", type=Path, default=None)

    def handle(self, *args: Any, data_dir: Path | None, **options: Any) -> None:
        try:
            result = load_kzis(data_dir or settings.LLL_DATA_DIR)
        except (OSError, KeyError) as exc:
            raise CommandError(
                _("The occupations were not loaded: %(error)s") % {"error": exc}
            ) from exc
        self.stdout.write(
            _("Occupations: %(inserted)d added, %(updated)d renamed, %(unchanged)d unchanged.")
            % vars(result)
        )
