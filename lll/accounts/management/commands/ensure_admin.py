from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from lll.accounts.services import ensure_admin


class Command(BaseCommand):
    help = "Create the first administrator with a one-time password, unless one exists."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default="admin")
        parser.add_argument(
            "--email", default="", help="the administrator's address, for password resets"
        )

    def handle(self, *args: Any, username: str, email: str, **options: Any) -> None:
        user, password_file = ensure_admin(username, email)
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
