from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from lll.selfassessment import frameworks


class Command(BaseCommand):
    help = "Load the COMORELP self-assessment framework (data/comorelp.json); idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        framework, created = frameworks.load_comorelp()
        state = _("loaded") if created else _("already present, unchanged")
        self.stdout.write(f"{framework.name} v{framework.version}: {state}.")
