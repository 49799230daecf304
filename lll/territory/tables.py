"""Lists of territorial units, declared once for the pages and the search's export."""

from django.utils.html import format_html
from django.utils.translation import gettext_lazy

from lll.core.tables import Column, Table

from .models import Unit


def _parent_code(unit: Unit) -> str:
    return unit.parent.code if unit.parent else ""


def _parent_name(unit: Unit) -> str:
    return unit.parent.display_name if unit.parent else ""


def units_table(show_parent: bool) -> Table:
    """Units with their codes and links; the search shows each one's parent too."""
    return Table(
        "jednostki-terytorialne",
        gettext_lazy("Territorial units"),
        [
            Column(
                gettext_lazy("TERYT code"),
                lambda u: u.code,
                cell=lambda u: format_html("<code>{}</code>", u.code),
            ),
            Column(
                gettext_lazy("Name"), lambda u: u.short_name, link=lambda u: u.get_absolute_url()
            ),
            Column(gettext_lazy("Level"), lambda u: u.get_level_display(), page=False),
            Column(gettext_lazy("Type"), lambda u: u.get_kind_display()),
            Column(gettext_lazy("Parent unit"), _parent_name, page=show_parent),
            Column(gettext_lazy("Parent unit code"), _parent_code, page=False),
            Column(gettext_lazy("NUTS code"), lambda u: u.nuts_code, page=False),
            Column(gettext_lazy("Statistical subregion"), lambda u: u.subregion),
        ],
    )


UNITS = units_table(show_parent=True)  # the search, where units come from everywhere
CHILD_UNITS = units_table(show_parent=False)  # a unit's own units
