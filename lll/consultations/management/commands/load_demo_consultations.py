from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lll.consultations.demo import load_demo
from lll.core.demo import DemoPrerequisiteMissing, command_error

ADDED = gettext_lazy(
    "Added: %(consultations)d consultations, %(polls)d polls, %(visits)d study visits."
)


class Command(BaseCommand):
    help = (
        "Load the demo pre-consultations, the study-visit poll and study visits of the demo WZK "
        "(run load_demo_coordination first). Idempotent: a second run changes nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            counts = load_demo()
        except DemoPrerequisiteMissing as error:
            raise command_error(error) from error
        if not any(counts.values()):
            self.stdout.write(_("The demo consultations were already loaded; nothing was changed."))
            return
        self.stdout.write(self.style.SUCCESS(ADDED % counts))
