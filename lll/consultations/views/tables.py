"""The section's lists, each declared once for its page and its XLSX/CSV export."""

from collections.abc import Collection
from typing import Any

from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from lll.core.dates import long_date
from lll.core.tables import Column, Table, demo_badge


def consultations_table(awaiting: Collection[int]) -> Table:
    """Consultations; those waiting for the user's comments are marked."""

    def subject(c: Any) -> str:
        mark = SafeString("")
        if c.pk in awaiting:
            mark = format_html(
                ' <span class="badge text-bg-warning">{}</span>', _("awaiting your comments")
            )
        return format_html(
            '<a href="{}">{}</a>{}{}', c.get_absolute_url(), c.title, demo_badge(c), mark
        )

    return Table(
        "konsultacje",
        gettext_lazy("Table of pre-consultations"),
        [
            Column(gettext_lazy("Subject"), lambda c: c.title, cell=subject),
            Column(gettext_lazy("Legal acts concerned"), lambda c: c.legal_acts, page=False),
            Column(gettext_lazy("Status"), lambda c: c.get_current_status_display()),
            Column(gettext_lazy("Open from"), lambda c: c.opens_at, page=False),
            Column(gettext_lazy("Comments until"), lambda c: c.closes_at),
            Column(gettext_lazy("Comments"), lambda c: c.comment_count, numeric=True),
        ],
    )


def _question(p: Any) -> str:
    secret = SafeString("")
    if p.secret:
        secret = format_html(' <span class="badge text-bg-light border">{}</span>', _("secret"))
    return format_html('<a href="{}">{}</a>{}', p.get_absolute_url(), p.question, secret)


POLLS = Table(
    "glosowania",
    gettext_lazy("Table of polls"),
    [
        Column(gettext_lazy("Question"), lambda p: p.question, cell=_question),
        Column(gettext_lazy("Body"), lambda p: p.body.short_name),
        Column(gettext_lazy("Voting method"), lambda p: p.get_method_display()),
        Column(gettext_lazy("Status"), lambda p: p.get_current_status_display()),
        Column(gettext_lazy("Open from"), lambda p: p.opens_at, page=False),
        Column(gettext_lazy("Votes until"), lambda p: p.closes_at),
        Column(gettext_lazy("Voters"), lambda p: p.voters, numeric=True),
    ],
)


def _dates(v: Any) -> str:
    if not v.starts_on:
        return "—"
    if v.ends_on and v.ends_on != v.starts_on:
        return f"{long_date(v.starts_on).removesuffix(' r.')} – {long_date(v.ends_on)}"
    return long_date(v.starts_on)


VISITS = Table(
    "wizyty-studyjne",
    gettext_lazy("Table of study visits"),
    [
        Column(
            gettext_lazy("Visit"),
            lambda v: v.title,
            cell=lambda v: format_html(
                '<a href="{}">{}</a>{}', v.get_absolute_url(), v.title, demo_badge(v)
            ),
        ),
        Column(gettext_lazy("Country"), lambda v: v.country),
        Column(
            pgettext_lazy("study visit", "Themes"), lambda v: "; ".join(v.theme_list), page=False
        ),
        Column(gettext_lazy("Dates"), _dates, export=False),
        Column(gettext_lazy("From"), lambda v: v.starts_on, page=False),
        Column(gettext_lazy("To"), lambda v: v.ends_on, page=False),
        Column(gettext_lazy("Status"), lambda v: v.get_status_display()),
        Column(gettext_lazy("Participants"), lambda v: v.people, numeric=True),
        Column(
            gettext_lazy("Budget (PLN)"),
            lambda v: float(v.budget) if v.budget is not None else None,
            page=False,
        ),
    ],
)
