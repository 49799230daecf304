from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from lll.activities.demo import load_demo
from lll.core.demo import DemoPrerequisiteMissing, command_error


class Command(BaseCommand):
    help = (
        "Load the demo reporting cycles of the region's LLL activities (two years, fictional "
        "activities of the demo institutions, marked as demo; needs load_territory, "
        "load_occupations and load_demo_coordination first). Idempotent."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            counts = load_demo()
        except DemoPrerequisiteMissing as error:
            raise command_error(error) from error
        if not counts["cycles"]:
            self.stdout.write(_("The demo activities were already loaded."))
            return
        self.stdout.write(
            _("Added: %(cycles)d reporting cycles, %(reports)d reports, %(activities)d activities.")
            % counts
        )
