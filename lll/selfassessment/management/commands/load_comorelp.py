from typing import Any

from django.core.management.base import BaseCommand

from lll.selfassessment import frameworks


class Command(BaseCommand):
    help = "Load the COMORELP self-assessment framework (data/comorelp.json); idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        framework, created = frameworks.load_comorelp()
        state = "created" if created else "already present, unchanged"
        self.stdout.write(f"{framework.name_pl} v{framework.version}: {state}.")
