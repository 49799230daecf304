from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from lll.core.demo import DemoPrerequisiteMissing, command_error
from lll.selfassessment import demo


class Command(BaseCommand):
    help = (
        "Load the demo self-assessment: last year's closed round of the demo WZK with fictional "
        "answers (needs load_demo_coordination); idempotent."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            counts = demo.load_demo()
        except DemoPrerequisiteMissing as error:
            raise command_error(error) from error
        self.stdout.write(
            _("Demo self-assessment added: rounds: %(rounds)d, answers: %(answers)d.") % counts
        )
