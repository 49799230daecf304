from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from lll.core.demo import DemoPrerequisiteMissing, command_error
from lll.vet.demo import load_demo


class Command(BaseCommand):
    help = (
        "Load the demo vocational-education register (schools, Barometr, forecast, WRRP "
        "requests and opinions of 2023 and their outcomes; marked as demo; needs "
        "load_territory, load_occupations and load_demo_coordination first). Idempotent."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            counts = load_demo()
        except DemoPrerequisiteMissing as error:
            raise command_error(error) from error
        if not any(counts.values()):
            self.stdout.write(_("The demo vocational-education data were already loaded."))
            return
        self.stdout.write(
            _(
                "Added: %(schools)d schools, %(barometer)d Barometr entries, %(forecast)d "
                "forecast entries, %(stats)d statistics, %(meetings)d meetings, %(requests)d "
                "requests, %(outcomes)d outcomes."
            )
            % counts
        )
