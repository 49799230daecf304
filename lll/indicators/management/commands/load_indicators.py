from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from lll.indicators.services.catalogue import load_catalogue


class Command(BaseCommand):
    help = "Create or update the starting catalogue of indicators and targets (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_catalogue()
        self.stdout.write(
            _(
                "Indicators: %(created)d new, %(updated)d updated, %(unchanged)d unchanged; "
                "targets: %(targets)d."
            )
            % vars(result)
        )
