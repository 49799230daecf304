"""`lll check_bdl_variables`: what the BDL says each catalogue variable is, next to the catalogue.

For an analyst with internet access, to confirm the BDL variable ids of the catalogue
(`data/catalogue.json`) before importing: each id's subject, dimensions and measure unit from
`/variables/{id}` and `/subjects/{id}`, printed under the catalogue's name for it.
"""

import json
import re
from dataclasses import dataclass
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from lll.indicators.models import Source
from lll.indicators.services.bdl import bdl_client, describe_variable
from lll.indicators.services.catalogue import CATALOGUE
from lll.indicators.services.http import ApiError, CachedJsonClient

# Other BDL ids a catalogue entry names in its source reference (e.g. the parts of a total).
NAMED_IDS = re.compile(r"\b\d{4,8}\b")


@dataclass
class CatalogueVariable:
    variable_id: str
    code: str
    name: str
    main: bool  # the indicator's own `bdl_variable_id`, not only named in its reference


def catalogue_variables() -> list[CatalogueVariable]:
    """Every BDL id in the catalogue: each indicator's own id, then those its reference names."""
    found: list[CatalogueVariable] = []
    entries = json.loads(CATALOGUE.read_text(encoding="utf-8"))["indicators"]
    for entry in entries:
        if entry.get("source") != Source.GUS_BDL:
            continue
        own = str(entry.get("bdl_variable_id") or "")
        if own:
            found.append(CatalogueVariable(own, entry["code"], entry["name_pl"], True))
        for named in NAMED_IDS.findall(entry.get("source_reference") or ""):
            if named != own and not (1900 <= int(named) <= 2100):  # not a year
                found.append(CatalogueVariable(named, entry["code"], entry["name_pl"], False))
    return found


class Command(BaseCommand):
    help = (
        "Print what the GUS BDL API says each BDL variable id of the catalogue is (or the ids "
        "given), next to the catalogue's name for it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("ids", nargs="*", help="BDL variable ids (default: the catalogue's)")
        parser.add_argument("--live", action="store_true", help=f"ask {bdl_client().base_url}")
        parser.add_argument("--base-url", default="", help="another server with the same API")
        parser.add_argument("--client-id", default="", help="X-ClientId key (higher quotas)")

    def handle(self, *args: Any, ids: list[str], **options: Any) -> None:
        if not options["live"] and not options["base_url"]:
            raise CommandError(_("Give --live (the real API) or --base-url URL."))
        for variable_id in ids:
            if not variable_id.isdigit():
                raise CommandError(
                    _("A BDL variable id is a number, not “%(value)s”.") % {"value": variable_id}
                )
        known = catalogue_variables()
        wanted = ids or list(dict.fromkeys(v.variable_id for v in known))
        client = bdl_client(
            options["base_url"] or bdl_client().base_url, client_id=options["client_id"]
        )
        failed: list[str] = []
        try:
            for variable_id in wanted:
                uses = [v for v in known if v.variable_id == variable_id]
                if not self._check(client, variable_id, uses):
                    failed.append(variable_id)
        finally:
            client.close()
        if failed:
            raise CommandError(
                _("The BDL did not describe these variables: %(ids)s.") % {"ids": ", ".join(failed)}
            )

    def _check(
        self, client: CachedJsonClient, variable_id: str, uses: list[CatalogueVariable]
    ) -> bool:
        self.stdout.write(_("Variable %(id)s") % {"id": variable_id})
        for use in uses:
            line = (
                _("  catalogue: %(code)s, “%(name)s”")
                if use.main
                else _("  catalogue: %(code)s, “%(name)s” (named in its source reference)")
            )
            self.stdout.write(line % {"code": use.code, "name": use.name})
        if not uses:
            self.stdout.write(_("  catalogue: not used"))
        try:
            info = describe_variable(client, variable_id)
        except ApiError as exc:
            self.stdout.write(_("  BDL: no description (%(error)s)") % {"error": exc})
            return False
        self.stdout.write(
            _("  BDL: %(name)s [%(measure)s]; subject %(subject)s")
            % {"name": info.name, "measure": info.measure or "—", "subject": info.subject_id}
        )
        return True
