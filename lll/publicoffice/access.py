"""Who does what in the public-office duties: the administrator edits the statement, the
clauses and the retention periods and switches the public pages; everyone reads what is public;
every account downloads its own data."""

from typing import Any

from lll.core.access import has_permission

MANAGE = "publicoffice.manage_publicoffice"


def can_manage(user: Any) -> bool:
    return has_permission(user, MANAGE)
