from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lll.consultations.demo import DemoDataMissing, load_demo

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
        except DemoDataMissing as exc:
            raise CommandError(
                _(
                    "The demo coordination team is missing (%(what)s); run "
                    "`lll load_demo_coordination` first. Nothing was changed."
                )
                % {"what": exc}
            ) from exc
        if not any(counts.values()):
            self.stdout.write(_("The demo consultations were already loaded; nothing was changed."))
            return
        self.stdout.write(self.style.SUCCESS(ADDED % counts))
