from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from lll.territory.models import Level
from lll.territory.services import TerritoryDataError, load_territory


class Command(BaseCommand):
    help = "Load Poland's territorial units (TERYT) and boundaries from the public data files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=settings.LLL_DATA_DIR,
            help="Folder with teryt_*.csv, podregiony_powiaty.csv and *.geojson "
            "(default: LLL_DATA_DIR, ../shared/data).",
        )

    def handle(self, *args: Any, data_dir: Path, **options: Any) -> None:
        try:
            result = load_territory(data_dir)
        except TerritoryDataError as exc:
            raise CommandError(
                _("Territory not loaded, the database is unchanged. %(error)s") % {"error": exc}
            ) from exc
        for level in Level:
            self.stdout.write(
                _("%(level)s: %(created)d new, %(updated)d updated, %(unchanged)d unchanged")
                % {
                    "level": level.label,
                    "created": result.created[level],
                    "updated": result.updated[level],
                    "unchanged": result.unchanged[level],
                }
            )
        if result.not_in_files:
            self.stdout.write(
                _("%(count)d units in the database are not in the files; they were kept.")
                % {"count": result.not_in_files}
            )
        self.stdout.write(
            self.style.SUCCESS(_("Territory loaded from %(dir)s.") % {"dir": data_dir})
        )
