"""`lll import eurostat|bdl`: statistics into indicators, each run recorded as an import batch."""

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from tqdm import tqdm

from lll.indicators.models import ImportBatch, Indicator, Source
from lll.indicators.services.bdl import Progress, bdl_client, import_bdl_levels
from lll.indicators.services.eurostat import import_eurostat
from lll.indicators.services.http import ApiError
from lll.indicators.services.shipped import SHIPPED, load_shipped
from lll.territory.models import Level, Unit


def _years(text: str) -> list[int]:
    first, _sep, last = text.partition("-")
    try:
        years = list(range(int(first), int(last or first) + 1))
    except ValueError as exc:
        raise CommandError(
            _("Years as 2019-2023 or 2023, not “%(value)s”.") % {"value": text}
        ) from exc
    if not years or len(years) > 40:
        raise CommandError(_("Years as 2019-2023 or 2023, not “%(value)s”.") % {"value": text})
    return years


@contextmanager
def progress_bars() -> Iterator[Callable[[str], Progress]]:
    """A progress bar per territorial level on the terminal (none when output is redirected)."""
    bars: list[tqdm] = []

    def for_level(level: str) -> Progress:
        bar = tqdm(
            desc=str(Level(level).label), unit=" " + _("units"), file=sys.stderr, disable=None
        )
        bars.append(bar)

        def update(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)
            if done >= total:
                bar.close()

        return update

    try:
        yield for_level
    finally:
        for bar in bars:
            bar.close()


class Command(BaseCommand):
    help = "Import statistics: `lll import eurostat` or `lll import bdl` (see --help of each)."

    def add_arguments(self, parser: CommandParser) -> None:
        sources = parser.add_subparsers(dest="source", required=True)
        eurostat = sources.add_parser("eurostat", help="Eurostat (JSON-stat API or long CSV)")
        eurostat.add_argument("--indicator", default="al-participation-4-weeks")
        eurostat.add_argument("--file", type=Path, help="a JSON-stat .json or a long .csv file")
        eurostat.add_argument("--live", action="store_true", help="ask the Eurostat API")
        bdl = sources.add_parser("bdl", help="GUS BDL API, /data/by-variable")
        bdl.add_argument("--indicator", required=True, help="code of an indicator with a BDL id")
        bdl.add_argument("--years", default="2015-2024")
        bdl.add_argument(
            "--region",
            default=settings.LLL_HOME_REGION,
            help="TERYT code of the voivodeship whose powiats to import",
        )
        bdl.add_argument("--live", action="store_true", help=f"ask {bdl_client().base_url}")
        bdl.add_argument("--base-url", default="", help="another server with the same API")
        bdl.add_argument("--client-id", default="", help="X-ClientId key (higher quotas)")
        shipped = sources.add_parser(
            "shipped", help="every real data file of the data folder (SOURCES.md), one batch each"
        )
        shipped.add_argument("--data-dir", type=Path, default=settings.LLL_DATA_DIR)

    def handle(self, *args: Any, source: str, **options: Any) -> None:
        if source == "shipped":
            self._shipped(options["data_dir"])
            return
        indicator = Indicator.objects.filter(code=options["indicator"]).first()
        if indicator is None:
            raise CommandError(
                _("No indicator with the code “%(code)s”; see `lll load_indicators`.")
                % {"code": options["indicator"]}
            )
        try:
            if source == "eurostat":
                batches = [self._eurostat(indicator, options)]
            else:
                batches = self._bdl(indicator, options)
        except ApiError as exc:
            raise CommandError(str(exc)) from exc
        for batch in batches:
            self.stdout.write(self._summary(batch))

    def _shipped(self, data_dir: Path) -> None:
        missing = [s.file for s in SHIPPED if not (data_dir / s.file).is_file()]
        if missing:
            raise CommandError(
                _("Files missing in %(folder)s: %(files)s")
                % {"folder": data_dir, "files": ", ".join(sorted(set(missing)))}
            )
        codes = {s.indicator for s in SHIPPED}
        if Indicator.objects.filter(code__in=codes).count() != len(codes):
            raise CommandError(_("Load the indicator catalogue first: `lll load_indicators`."))
        if not Unit.objects.filter(level=Level.POWIAT).exists():
            raise CommandError(_("Load the territorial units first: `lll load_territory`."))
        loaded = 0
        for batch in load_shipped(data_dir):
            loaded += 1
            self.stdout.write(self._summary(batch))
        if not loaded:
            self.stdout.write(_("Every shipped file is loaded already."))

    def _eurostat(self, indicator: Indicator, options: dict[str, Any]) -> ImportBatch:
        if indicator.source != Source.EUROSTAT:
            raise CommandError(
                _("Indicator %(code)s does not come from Eurostat.") % {"code": indicator.code}
            )
        if not options["file"] and not options["live"]:
            raise CommandError(_("Give --file FILE or --live."))
        if options["file"] and not options["file"].is_file():
            raise CommandError(_("File %(file)s does not exist.") % {"file": options["file"]})
        return import_eurostat(indicator, file=options["file"], live=options["live"])

    def _bdl(self, indicator: Indicator, options: dict[str, Any]) -> list[ImportBatch]:
        if not indicator.bdl_variable_id:
            raise CommandError(
                _("Indicator %(code)s has no BDL variable id.") % {"code": indicator.code}
            )
        if not options["live"] and not options["base_url"]:
            raise CommandError(_("Give --live (the real API) or --base-url URL."))
        client = bdl_client(
            options["base_url"] or bdl_client().base_url, client_id=options["client_id"]
        )
        years = _years(options["years"])
        region = Unit.objects.filter(code=options["region"], level=Level.VOIVODESHIP).first()
        if region is None:
            raise CommandError(
                _("No voivodeship with the TERYT code “%(code)s”.") % {"code": options["region"]}
            )
        try:
            with progress_bars() as bars:
                batches = import_bdl_levels(indicator, client, years, region, progress=bars)
        finally:
            self.stdout.write(_("Requests sent to the API: %(n)d") % {"n": client.requests_sent})
            client.close()
        return batches

    def _summary(self, batch: ImportBatch) -> str:
        return _(
            "Batch #%(id)d (%(description)s): %(inserted)d inserted, %(updated)d updated, "
            "%(unchanged)d unchanged, %(rejected)d rejected."
        ) % {
            "id": batch.pk,
            "description": batch.description,
            "inserted": batch.inserted,
            "updated": batch.updated,
            "unchanged": batch.unchanged,
            "rejected": batch.rejected,
        }
