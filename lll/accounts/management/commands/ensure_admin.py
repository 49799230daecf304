from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from lll.accounts.services import ensure_admin


class Command(BaseCommand):
    help = "Create the first administrator with a one-time password, unless one exists."

    def handle(self, *args: Any, **options: Any) -> None:
        user, password_file = ensure_admin()
        if password_file is None:
            self.stdout.write(
                _("Administrator account: %(user)s (already set up).") % {"user": user.username}
            )
        else:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "Administrator account: %(user)s; its one-time password is in %(file)s "
                        "(you choose a new one at the first login)."
                    )
                    % {"user": user.username, "file": password_file}
                )
            )
