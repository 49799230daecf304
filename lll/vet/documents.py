"""Documents of the vocational-education register: the evidence sheet (DOCX) and the fate report
(DOCX, PDF, XLSX). They are written in the office's language (LANGUAGE_CODE)."""

import base64
from io import BytesIO
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from lll.core.charts import describe, to_png
from lll.core.dates import long_date
from lll.core.documents import docx as word
from lll.core.documents import pdf

from .models import OpinionRequest, Reason
from .services.evidence import Evidence, relabelled
from .services.report import FateReport, format_rate


def _one_stop(text: str) -> str:
    """A sentence that ends with a Polish date ("... 2024 r.") takes no second full stop."""
    return text.replace(" r..", " r.")


def evidence_docx(request: OpinionRequest, sheet: Evidence) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        sheet = relabelled(sheet)  # built or kept in another language: its labels in this one
        title = _("Evidence sheet for the council's opinion")
        document = word.new_document(title, subject=f"{sheet.occupation}, {sheet.school}")
        word.add_letterhead(document)
        word.heading(document, title, 1)
        facts = _(
            "Occupation: %(occupation)s. School: %(school)s (%(powiat)s). Form: %(form)s. "
            "Planned start: %(year)s. Received: %(received)s."
        ) % {
            "occupation": sheet.occupation,
            "school": sheet.school,
            "powiat": sheet.powiat,
            "form": request.get_form_display(),
            "year": request.start_year,
            "received": long_date(request.received_on),
        }
        word.paragraph(document, _one_stop(facts))
        word.heading(document, _("Barometr zawodów"), 2)
        if sheet.barometer:
            word.table(
                document,
                [_("Year"), _("Occupation group"), sheet.powiat, sheet.voivodeship],
                [[r.year, r.group, r.powiat, r.voivodeship] for r in sheet.barometer],
            )
        else:
            word.empty_note(document, _("No Barometr forecast for this occupation."))
        word.heading(document, _("The Minister's forecast"), 2)
        if sheet.forecast:
            word.table(
                document,
                [_("Year"), _("List"), _("Area")],
                [[r.year, r.list, r.territory] for r in sheet.forecast],
            )
        else:
            word.empty_note(document, _("The occupation is not on the forecast in these years."))
        word.heading(document, _("Registered unemployed and job offers"), 2)
        if sheet.stats:
            word.table(
                document,
                [_("Year"), _("Unit"), _("Registered unemployed"), _("Job offers")],
                [[r.year, r.unit, r.unemployed, r.job_offers] for r in sheet.stats],
            )
        else:
            word.empty_note(document, _("No data loaded for this occupation."))
        word.heading(document, _("Other schools in the voivodeship teaching the occupation"), 2)
        if sheet.schools:
            word.table(
                document,
                [_("School"), _("Town"), _("Opinion"), _("Start year"), _("Latest enrolment")],
                [[r.school, r.town, r.opinion, r.start_year, r.enrolment] for r in sheet.schools],
            )
        else:
            word.empty_note(document, _("No other school in the voivodeship."))
        word.heading(document, _("Earlier opinions for this occupation"), 2)
        if sheet.opinions:
            word.table(
                document,
                [_("School"), _("Start year"), _("Opinion"), _("Date"), _("Resolution")],
                [
                    [
                        r.school,
                        r.start_year,
                        r.opinion,
                        long_date(r.decided_on) or "—",
                        r.resolution,
                    ]
                    for r in sheet.opinions
                ],
            )
        else:
            word.empty_note(document, _("No earlier opinions."))
        word.paragraph(
            document,
            _one_stop(_("Prepared on %(date)s.") % {"date": long_date(timezone.localdate())}),
            space_before=12,
        )
        return word.to_bytes(document)


def _report_tables(
    report: FateReport, numbers: bool = False
) -> list[tuple[str, list[str], list[list[Any]]]]:
    """The breakdown tables; with `numbers` the rate is a fraction (for a % cell format)."""
    tables = []
    for breakdown in report.breakdowns:
        headers = [
            breakdown.title,
            _("Reviewed"),
            _("Outcome known"),
            _("Launched"),
            _("Launch rate"),
            _("First-year enrolment"),
        ]
        tables.append(
            (
                breakdown.title,
                headers,
                [
                    [
                        r.label,
                        r.reviewed,
                        r.known,
                        r.launched,
                        (None if r.rate is None else r.rate / 100)
                        if numbers
                        else format_rate(r.rate),
                        r.enrolment,
                    ]
                    for r in breakdown.rows
                ],
            )
        )
    tables.append(
        (
            _("Reasons for not launching"),
            [_("Reason for not launching"), _("Directions")],
            [[label, count] for label, count in report.reasons],
        )
    )
    return tables


def _chart_specs(report: FateReport) -> dict[str, tuple[dict[str, Any], str]]:
    """The same Vega-Lite specs as the page (the map by powiat with its boundaries written in,
    bars for the other breakdowns), each with its text alternative."""
    from lll.territory.maps import with_boundaries
    from lll.territory.models import Level, Unit

    from . import charts
    from .services import home_region

    specs: dict[str, tuple[dict[str, Any], str]] = {}
    region = home_region()
    powiats = list(Unit.objects.filter(parent=region, level=Level.POWIAT))
    for breakdown in report.breakdowns:
        what = _("Launch rate: %(what)s") % {"what": breakdown.title.lower()}
        values = [(row.label, row.rate, format_rate(row.rate)) for row in breakdown.rows]
        if breakdown.key == "powiat" and region is not None:
            spec = with_boundaries(charts.rate_map(region, powiats, breakdown.rows, what), region)
            what = _("Map of the launch rate by powiat (grey: no reviewed direction)")
        else:
            spec = charts.rate_bars(breakdown.rows, what)
            what = _("Bar chart of the launch rate: %(what)s") % {"what": breakdown.title.lower()}
        if spec.get("width") == "container":
            spec["width"] = 560
        specs[breakdown.key] = (spec, describe(what, values))
    return specs


def report_charts(report: FateReport) -> dict[str, tuple[bytes, str]]:
    """Each breakdown's chart drawn as PNG with its text alternative; {} when they cannot be
    drawn (the tables remain)."""
    drawn: dict[str, tuple[bytes, str]] = {}
    for key, (spec, alt) in _chart_specs(report).items():
        png = to_png(spec)
        if not png:  # the documents keep their tables without the charts
            return {}
        drawn[key] = (png, alt)
    return drawn


def report_docx(report: FateReport) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        report = report.in_language(settings.LANGUAGE_CODE)
        title = _report_title(report)
        document = word.new_document(title, subject=_data_as_of(report))
        word.add_letterhead(document)
        word.heading(document, title, 1)
        word.paragraph(document, _one_stop(_data_as_of(report)), italic=True)
        word.paragraph(document, _summary(report))
        images = report_charts(report)
        if not images:
            word.paragraph(
                document, _("The charts could not be drawn; the tables hold the numbers.")
            )
        keys = [b.key for b in report.breakdowns]
        for index, (table_title, headers, rows) in enumerate(_report_tables(report)):
            word.heading(document, table_title, 2)
            chart = images.get(keys[index]) if index < len(keys) else None
            if chart:
                width = 15 if keys[index] != "powiat" else 12
                word.picture(document, chart[0], width, alt=chart[1])
            word.table(document, headers, rows)
        return word.to_bytes(document)


def _report_title(report: FateReport) -> str:
    return _("The fate of education directions reviewed positively by the WRRP in %(year)d") % {
        "year": report.cohort
    }


def _data_as_of(report: FateReport) -> str:
    """When the numbers were taken: at publication for a published report, else now."""
    moment = timezone.localtime(report.as_of or timezone.now())
    return _("Data as of %(date)s.") % {"date": long_date(moment.date())}


def _summary(report: FateReport) -> str:
    return _(
        "Directions reviewed positively: %(reviewed)d; outcome known: %(known)d; launched: "
        "%(launched)d (%(rate)s); not launched: %(not_launched)d; first-year enrolment in the "
        "launched directions: %(enrolment)d."
    ) % {
        "reviewed": report.total.reviewed,
        "known": report.total.known,
        "launched": report.total.launched,
        "rate": format_rate(report.total.rate),
        "not_launched": report.not_launched,
        "enrolment": report.total.enrolment,
    }


def _pdf_tables(report: FateReport) -> list[tuple[str, list[str], list[list[Any]], str, str]]:
    """The tables, each breakdown with its chart as a PNG data URL (the only URLs the PDF may
    load) and the chart's text alternative."""
    images = report_charts(report)
    keys = [b.key for b in report.breakdowns]
    charts = {
        k: ("data:image/png;base64," + base64.b64encode(png).decode(), alt)
        for k, (png, alt) in images.items()
    }
    return [
        (title, headers, rows, *(charts.get(keys[i], ("", "")) if i < len(keys) else ("", "")))
        for i, (title, headers, rows) in enumerate(_report_tables(report))
    ]


def report_pdf(report: FateReport) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        report = report.in_language(settings.LANGUAGE_CODE)
        return pdf.render_pdf(
            "vet/report_pdf.html",
            {
                "title": _report_title(report),
                "as_of": _one_stop(_data_as_of(report)),
                "summary": _summary(report),
                "tables": _pdf_tables(report),
            },
        )


def _text_stays_text(sheet: Any) -> None:
    # A school name typed as "=..." in an imported file must not become a formula.
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"


def report_xlsx(report: FateReport) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        return _report_xlsx(report.in_language(settings.LANGUAGE_CODE))


def _report_xlsx(report: FateReport) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Directions")[:31]
    sheet.append(
        [
            _("School"),
            _("RSPO"),
            _("Powiat"),
            _("Occupation"),
            _("Code"),
            _("Form"),
            _("Start year"),
            _("Resolution"),
            _("Launched"),
            _("First-year enrolment"),
            _("Reason for not launching"),
            _("Barometr category in the powiat"),
            _("The Minister's forecast"),
            _("Latest school year known"),
            _("Students (all years)"),
            _("Graduates"),
            _("Exam pass rate (%)"),
        ]
    )
    for d in report.directions:
        sheet.append(
            [
                d.school,
                d.rspo,
                d.powiat.name,
                d.occupation,
                d.occupation_code,
                d.school_type,
                d.start_year,
                d.resolution,
                "" if d.launched is None else (_("yes") if d.launched else _("no")),
                d.enrolment,
                str(Reason(d.reason).label) if d.reason else "",
                d.barometer,
                d.forecast,
                d.latest.school_year if d.latest else "",
                d.latest.students if d.latest else None,
                d.latest.graduates if d.latest else None,
                d.latest.exam_pass_rate if d.latest else None,
            ]
        )
    for row in sheet[1]:
        row.font = Font(bold=True)
    _text_stays_text(sheet)
    for title, headers, rows in _report_tables(report, numbers=True):
        ws = workbook.create_sheet(title[:31])
        ws.append(headers)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for values in rows:
            ws.append(values)
        if len(headers) > 4 and headers[4] == _("Launch rate"):
            for (cell,) in ws.iter_rows(min_row=2, min_col=5, max_col=5):
                cell.number_format = "0.0%"
        _text_stays_text(ws)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
