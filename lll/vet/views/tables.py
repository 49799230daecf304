"""The register's lists, each declared once for its page and its XLSX/CSV export."""

from typing import Any

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lll.core.tables import Column, Table, demo_badge

from .common import source_of


def _school_badge(occupation: Any) -> SafeString:
    if occupation.is_school:
        return format_html(' <span class="badge text-bg-info">{}</span>', _("school"))
    return SafeString("")


def _validity(occupation: Any) -> str:
    return f"{occupation.valid_from or ''}–{occupation.valid_to or ''}"


OCCUPATIONS = Table(
    "zawody",
    gettext_lazy("Occupations"),
    [
        Column(
            gettext_lazy("Code"),
            lambda o: o.code,
            cell=lambda o: format_html("<code>{}</code>", o.code),
            sort="code",
        ),
        Column(
            gettext_lazy("Name"),
            lambda o: o.name,
            cell=lambda o: format_html("{}{}", o.name, _school_badge(o)),
            sort="name",
        ),
        Column(gettext_lazy("School occupation"), lambda o: o.is_school, page=False),
        Column(gettext_lazy("Sector"), lambda o: o.sector, sort="sector"),
        Column(gettext_lazy("Valid"), _validity, export=False),
        Column(gettext_lazy("Valid from"), lambda o: o.valid_from, page=False),
        Column(gettext_lazy("Valid to"), lambda o: o.valid_to, page=False),
    ],
)

BAROMETER = Table(
    "barometr-zawodow",
    gettext_lazy("Barometr zawodów"),
    [
        Column(gettext_lazy("Year"), lambda e: e.year, sort="year", plain=True),
        Column(gettext_lazy("Unit"), lambda e: e.unit.display_name, sort="unit"),
        Column(gettext_lazy("TERYT code"), lambda e: e.unit.code, page=False),
        Column(
            gettext_lazy("Occupation group"),
            lambda e: e.group.name,
            cell=lambda e: format_html("{}{}", e.group.name, demo_badge(e)),
            sort="group",
        ),
        Column(gettext_lazy("Category"), lambda e: e.get_category_display(), sort="category"),
        Column(gettext_lazy("Source"), source_of),
    ],
)

FORECAST = Table(
    "prognoza-ministra",
    gettext_lazy("The Minister's forecast"),
    [
        Column(gettext_lazy("Year"), lambda e: e.year, sort="year", plain=True),
        Column(gettext_lazy("Code"), lambda e: e.occupation.code, page=False),
        Column(
            gettext_lazy("Occupation"),
            lambda e: e.occupation.name,
            cell=lambda e: format_html(
                '<a href="{}">{} ({})</a>{}',
                reverse("vet:forecast_edit", args=[e.pk]),
                e.occupation.name,
                e.occupation.code,
                demo_badge(e),
            ),
            sort="occupation",
        ),
        Column(gettext_lazy("List"), lambda e: e.get_demand_display(), sort="list"),
        Column(gettext_lazy("Area"), lambda e: e.unit.display_name),
        Column(gettext_lazy("Note"), lambda e: e.note, page=False),
        Column(gettext_lazy("Source"), source_of),
    ],
)

SCHOOLS = Table(
    "szkoly",
    gettext_lazy("Schools"),
    [
        Column(gettext_lazy("RSPO"), lambda s: s.rspo, sort="rspo", plain=True),
        Column(
            gettext_lazy("Name"),
            lambda s: s.name,
            cell=lambda s: format_html(
                '<a href="{}?q={}">{}</a>{}',
                reverse("vet:request_list"),
                s.rspo,
                s.name,
                demo_badge(s),
            ),
            sort="name",
        ),
        Column(gettext_lazy("Type"), lambda s: s.get_school_type_display(), sort="type"),
        Column(gettext_lazy("Town"), lambda s: s.town, sort="town"),
        Column(gettext_lazy("Gmina"), lambda s: s.gmina.name, page=False),
        Column(gettext_lazy("Powiat"), lambda s: s.powiat.display_name, sort="powiat"),
        Column(gettext_lazy("Address"), lambda s: s.address, page=False),
        Column(gettext_lazy("Governing body"), lambda s: s.governing_body, page=False),
        Column(gettext_lazy("Source"), source_of),
    ],
)

REQUESTS = Table(
    "wnioski-wrrp",
    gettext_lazy("Requests"),
    [
        Column(gettext_lazy("Received"), lambda r: r.received_on, sort="received"),
        Column(
            gettext_lazy("School"),
            lambda r: r.school.name,
            cell=lambda r: format_html("{}{}", r.school.name, demo_badge(r)),
            sort="school",
        ),
        Column(gettext_lazy("RSPO"), lambda r: r.school.rspo, page=False),
        Column(gettext_lazy("Powiat"), lambda r: r.school.powiat.name, page=False),
        Column(
            gettext_lazy("Occupation"),
            lambda r: r.occupation.name,
            cell=lambda r: format_html(
                '<a href="{}">{} ({})</a>',
                r.get_absolute_url(),
                r.occupation.name,
                r.occupation.code,
            ),
            sort="occupation",
        ),
        Column(gettext_lazy("Code"), lambda r: r.occupation.code, page=False),
        Column(gettext_lazy("Form"), lambda r: r.get_form_display(), page=False),
        Column(gettext_lazy("Start year"), lambda r: r.start_year, sort="start", plain=True),
        Column(gettext_lazy("Meeting"), lambda r: str(r.meeting or "")),
        Column(gettext_lazy("Opinion"), lambda r: r.get_opinion_display()),
        Column(gettext_lazy("Resolution"), lambda r: r.resolution_number),
        Column(gettext_lazy("Date of the opinion"), lambda r: r.decided_on, page=False),
        Column(gettext_lazy("Valid until"), lambda r: r.valid_until, page=False),
        Column(
            gettext_lazy("Exemption"),
            lambda r: r.get_exemption_display() if r.exemption else "",
            page=False,
        ),
        Column(gettext_lazy("Demo"), lambda r: _("yes") if r.is_demo else "", page=False),
    ],
)


def _batch_file(b: Any) -> str:
    view = "vet:import_preview" if b.status == "preview" else "vet:import_batch"
    return format_html('<a href="{}">{}</a>', reverse(view, args=[b.pk]), b.original_file_name)


def _batch_result(b: Any) -> str:
    if not b.done:
        return ""
    return _("%(new)s added, %(changed)s changed, %(same)s unchanged") % {
        "new": b.inserted,
        "changed": b.updated,
        "same": b.unchanged,
    }


IMPORTS = Table(
    "importy-ksztalcenie-zawodowe",
    gettext_lazy("Imports"),
    [
        Column(gettext_lazy("When"), lambda b: b.created_at),
        Column(gettext_lazy("Data"), lambda b: b.get_kind_display()),
        Column(gettext_lazy("File"), lambda b: b.original_file_name, cell=_batch_file),
        Column(gettext_lazy("Who"), lambda b: str(b.created_by or "")),
        Column(gettext_lazy("Status"), lambda b: b.get_status_display()),
        Column(gettext_lazy("Result"), _batch_result, export=False),
        Column(gettext_lazy("Added"), lambda b: b.inserted if b.done else None, page=False),
        Column(gettext_lazy("Changed"), lambda b: b.updated if b.done else None, page=False),
        Column(gettext_lazy("Unchanged"), lambda b: b.unchanged if b.done else None, page=False),
    ],
)
