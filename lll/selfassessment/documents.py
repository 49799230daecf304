"""A round's report as PDF (WeasyPrint) and DOCX (python-docx), in the office's language.

The charts are the pages' own Vega-Lite specs drawn by vl-convert-python: SVG in the PDF, PNG in
the DOCX; each chart is followed by the table of the same numbers. Numbers are written as on the
pages ("3,0", "+0,33", "−0,5").
"""

import base64
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH

from lll.core.charts import describe
from lll.core.dates import long_date
from lll.core.documents import clean, paragraphs, pdf
from lll.core.documents import docx as word

from . import charts, services
from .models import Round

PDF_TEMPLATE = "selfassessment/report_pdf.html"


_num = services.number


@dataclass
class Report:
    radar_image: str  # an SVG data: URL
    radar_png: bytes
    radar_caption: str
    radar_alt: str
    heat_image: str
    heat_png: bytes
    heat_caption: str
    heat_alt: str
    heat_headers: list[str]
    heat_rows: list[list[str]]
    consensus_headers: list[str]
    consensus_rows: list[list[str]]
    title: str
    subtitle: str
    dated: str
    facts: list[tuple[str, str]]
    rules: list[str]
    area_headers: list[str]
    area_rows: list[list[str]]
    criterion_headers: list[str]
    criterion_rows: list[list[str]]
    disagreement_headers: list[str]
    disagreement_rows: list[list[str]]
    consensus_note: list[str]
    priority_headers: list[str]
    priority_rows: list[list[str]]


def _data_url(svg: str) -> str:
    """An SVG as an image the PDF can give a text alternative (an inline <svg> gets none)."""
    if not svg:
        return ""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def content(round_: Round) -> Report:
    area_results = services.results(round_)
    previous = services.previous_round(round_)
    before = (
        {c.code: c for c in services.changes(area_results, services.results(previous))}
        if previous
        else {}
    )
    submitted = round_.respondents.filter(submitted_at__isnull=False).count()
    facts = [
        (_("Region"), clean(round_.region.display_name)),
        (_("Period"), clean(round_.period)),
        (_("Framework"), clean(str(round_.framework))),
        (_("Team"), clean(str(round_.body or "—"))),
        (_("Status"), str(round_.get_status_display())),
        (_("Respondents who submitted"), f"{submitted} / {round_.respondents.count()}"),
        (_("Previous round"), clean(f"{previous.title} ({previous.period})") if previous else "—"),
    ]
    rules = [
        _("Only submitted answers count; “don't know” is counted apart and never as a rating."),
        _("A criterion's median, mean and spread are over its n ratings."),
        _("An area's result is over the respondents' mean ratings of its criteria."),
        _("Spread: the interquartile range (Q1–Q3) and the full range (minimum–maximum)."),
    ]
    area_rows = []
    for a in area_results:
        change = before.get(a.area.code)
        area_rows.append(
            [
                a.area.code,
                clean(a.area.name),
                str(a.stats.n),
                _num(a.stats.median),
                f"{_num(a.stats.q1)}–{_num(a.stats.q3)}",
                _num(a.consensus),
                _num(change.before) if change else "—",
                services.signed(change.delta) if change else "—",
            ]
        )
    criterion_rows = [
        [
            c.criterion.code,
            clean(c.criterion.statement),
            str(c.stats.n),
            str(c.dont_know),
            _num(c.stats.median),
            _num(c.stats.mean),
            f"{_num(c.stats.low)}–{_num(c.stats.high)}",
        ]
        for a in area_results
        for c in a.criteria
    ]
    disagreement_rows = [
        [
            c.criterion.code,
            clean(c.criterion.statement),
            _num(c.stats.iqr),
            f"{_num(c.stats.low)}–{_num(c.stats.high)}",
        ]
        for c in services.disagreement(area_results)
    ]
    priority_rows = [
        [
            clean(p.area.code if p.area else "—"),
            clean(p.action),
            clean(p.owner.full_name),
            long_date(p.due_date) if p.due_date else "—",
        ]
        for p in round_.priorities.select_related("area", "owner")
    ]
    series = {round_.period: [a.stats.median for a in area_results]}
    if previous:
        series[previous.period] = [before[a.area.code].before for a in area_results]
    radar_caption = _("Radar of the areas' medians; the table below has the same numbers.")
    radar = charts.radar([clean(a.area.short) for a in area_results], series, radar_caption)
    # The report may go to every respondent: small groups' cells stay empty as on their pages.
    heat = services.heatmap(round_, services.SMALL_GROUP)
    heat_caption = _(
        "Median rating of each criterion by group; the table below has the same numbers."
    )
    heat_spec = charts.heatmap(
        [c.code for c, _v in heat.rows], heat.groups, [v for _c, v in heat.rows], heat_caption
    )
    radar_alt = describe(
        _("Radar chart of the median rating of each area"),
        [(clean(a.area.name), a.stats.median, _num(a.stats.median)) for a in area_results],
    )
    heat_alt = describe(
        _("Heatmap of the median rating of each criterion by respondent group"),
        [
            (f"{c.code}, {clean(group)}", value, _num(value))
            for c, values in heat.rows
            for group, value in zip(heat.groups, values, strict=True)
        ],
    )
    agreed = {c.area_id: c for c in round_.consensus.all()}
    consensus_rows = [
        [
            a.area.code,
            clean(a.area.name),
            _num(a.consensus),
            clean(agreed[a.area.pk].note)
            if a.area.pk in agreed and agreed[a.area.pk].note
            else "—",
        ]
        for a in area_results
    ]
    return Report(
        radar_image=_data_url(charts.to_svg(radar)),
        radar_png=charts.to_png(radar),
        radar_caption=radar_caption,
        radar_alt=radar_alt,
        heat_image=_data_url(charts.to_svg(heat_spec)),
        heat_png=charts.to_png(heat_spec),
        heat_caption=heat_caption,
        heat_alt=heat_alt,
        heat_headers=[_("Criterion"), *[clean(g) for g in heat.groups]],
        heat_rows=[[c.code, *[_num(v) for v in values]] for c, values in heat.rows],
        consensus_headers=[_("Code"), _("Area"), _("Consensus rating"), _("Justification")],
        consensus_rows=consensus_rows,
        title=_("Self-assessment report"),
        subtitle=clean(round_.title),
        dated=long_date(timezone.localdate()),
        facts=facts,
        rules=rules,
        area_headers=[
            _("Code"),
            _("Area"),
            "n",
            _("Median"),
            "Q1–Q3",
            _("Consensus"),
            _("Previous median"),
            _("Change"),
        ],
        area_rows=area_rows,
        criterion_headers=[
            _("Code"),
            _("Criterion"),
            "n",
            _("Don't know"),
            _("Median"),
            _("Mean"),
            _("Min–max"),
        ],
        criterion_rows=criterion_rows,
        disagreement_headers=[_("Code"), _("Criterion"), _("Interquartile range"), _("Min–max")],
        disagreement_rows=disagreement_rows,
        consensus_note=paragraphs(round_.consensus_note),
        priority_headers=[_("Area"), _("Action to take"), _("Owner"), _("Due date")],
        priority_rows=priority_rows,
    )


def filename(round_: Round, ext: str) -> str:
    region = slugify(round_.region.name.replace("ł", "l")) or "region"
    return f"raport-samoocena-{region}-{slugify(round_.period)}.{slugify(ext) or 'bin'}"


def render_pdf(round_: Round) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        return pdf.render_pdf(PDF_TEMPLATE, {"doc": content(round_)})


def render_docx(round_: Round) -> bytes:
    with translation.override(settings.LANGUAGE_CODE):
        doc = content(round_)
        document = word.new_document(
            f"{doc.title}: {doc.subtitle}",
            subject=f"{round_.region.display_name}, {round_.period}",
            font_size=10,
        )
        _write(document, doc)
    return word.to_bytes(document)


def _write(document: Document, doc: Report) -> None:
    word.add_letterhead(document)
    word.paragraph(document, doc.dated, align=WD_ALIGN_PARAGRAPH.RIGHT)
    word.heading(document, doc.title, 1)
    word.paragraph(document, doc.subtitle, bold=True, size=12)
    for label, value in doc.facts:
        fact = word.paragraph(document, f"{label}: ", bold=True, space_after=2)
        word.run(fact, value)
    word.heading(document, _("How the results are counted"), 2)
    for rule in doc.rules:
        word.paragraph(document, rule, style="List Bullet")
    word.heading(document, _("Results by area"), 2)
    word.picture(document, doc.radar_png, 15, doc.radar_caption, alt=doc.radar_alt)
    word.table(document, doc.area_headers, doc.area_rows, size=9)
    word.heading(document, _("Where respondents disagree most"), 2)
    word.table(document, doc.disagreement_headers, doc.disagreement_rows, size=9)
    word.heading(document, _("Consensus and priorities for progress"), 2)
    word.body_text(document, doc.consensus_note)
    word.table(document, doc.consensus_headers, doc.consensus_rows, size=9)
    word.paragraph(document)
    word.table(document, doc.priority_headers, doc.priority_rows, size=9)
    word.heading(document, _("Results by criterion"), 2)
    word.table(document, doc.criterion_headers, doc.criterion_rows, size=9)
    if doc.heat_rows:
        word.heading(document, _("Results by respondent group"), 2)
        word.picture(document, doc.heat_png, 15, doc.heat_caption, alt=doc.heat_alt)
        word.table(document, doc.heat_headers, doc.heat_rows, size=9)
