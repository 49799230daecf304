"""The register's table, declared once for the page and its XLSX/CSV export (lll.core.tables)."""

from operator import attrgetter
from typing import Any

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from lll.core.tables import Column, Table, demo_badge

from .models import Activity
from .services.register import territory_text


def _title(public: bool) -> Any:
    def cell(activity: Activity) -> SafeString:
        name = "activities:public_detail" if public else "activities:activity_detail"
        html = format_html(
            '<a href="{}">{}</a>{}',
            reverse(name, args=[activity.pk]),
            activity.title,
            demo_badge(activity),
        )
        if not public and not activity.is_published:
            html += format_html(
                ' <span class="badge text-bg-light border">{}</span>', _("internal")
            )
        return html

    return cell


def activities_table(public: bool = False) -> Table:
    return Table(
        "dzialania",
        _lazy("Activities"),
        [
            Column("ID", attrgetter("pk"), page=False),
            Column(_lazy("Title"), attrgetter("title"), cell=_title(public)),
            Column(_lazy("Institution"), lambda a: a.institution.name),
            Column(
                _lazy("Partner institutions"),
                lambda a: "; ".join(p.name for p in a.partners.all()),
                page=False,
            ),
            Column(_lazy("Type"), lambda a: a.get_activity_type_display()),
            Column(_lazy("Qualification code"), attrgetter("qualification_code")),
            Column(_lazy("Priority areas"), lambda a: ", ".join(a.priority_list())),
            Column(
                _lazy("Target groups"), lambda a: "; ".join(a.target_group_labels()), page=False
            ),
            Column(_lazy("Territory"), territory_text, page=False),
            Column(_lazy("start"), attrgetter("starts_on")),
            Column(_lazy("end"), attrgetter("ends_on")),
            Column(_lazy("Funding"), lambda a: a.get_funding_display(), page=False),
            Column(_lazy("Amount (PLN)"), attrgetter("amount"), numeric=True),
            Column(_lazy("Planned participants"), attrgetter("planned_participants"), page=False),
            Column(_lazy("Participants"), attrgetter("participants"), numeric=True),
            Column(_lazy("of whom women"), attrgetter("women"), page=False),
            Column(_lazy("of whom men"), attrgetter("men"), page=False),
            Column(_lazy("Hours"), attrgetter("hours"), page=False),
            Column(_lazy("Completed"), attrgetter("completions"), numeric=True),
            Column(_lazy("Passed the exam"), attrgetter("passed_exam"), page=False),
            Column(_lazy("Qualifications or certificates"), attrgetter("certificates"), page=False),
            Column(
                _lazy("Occupations (KZiS codes)"),
                lambda a: "; ".join(o.code for o in a.occupations.all()),
                page=False,
            ),
            Column(_lazy("published"), attrgetter("is_published"), page=False),
        ],
    )
