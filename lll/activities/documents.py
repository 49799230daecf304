"""The annual monitoring report as DOCX and PDF (A4, the office's letterhead, headings).

The page, the DOCX and the PDF show the same sections, made of blocks: text written by the
office, tables of the (frozen) figures, and the charts, each followed by the table of its numbers
and carrying a text alternative. The page draws a chart from its Vega-Lite spec; the documents
get it as a PNG drawn from the same spec, a map with its boundaries written in
(`lll.territory.maps.with_boundaries`: the renderer fetches no URL).
"""

import base64
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from lll.core.charts import describe, to_png
from lll.core.dates import long_date
from lll.core.documents import docx as word
from lll.core.documents import paragraphs
from lll.core.documents.pdf import render_pdf
from lll.territory.maps import with_boundaries
from lll.territory.models import Unit

from . import charts
from .models import AnnualReport
from .services import annual


@dataclass
class Block:
    """One part of a section: "text" (paragraphs), "list", "table", "subheading", "note" or
    "figure" (a chart: its spec for the page, its PNG for a document, its text alternative)."""

    kind: str
    items: list[str] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    rows: list[list[Any]] = field(default_factory=list)
    spec: dict[str, Any] | None = None
    alt: str = ""
    png: bytes = b""
    key: str = ""

    @property
    def data_url(self) -> str:
        return "data:image/png;base64," + base64.b64encode(self.png).decode() if self.png else ""


@dataclass
class Section:
    name: str
    blocks: list[Block]


def _table(headers: list[str], rows: list[list[Any]]) -> Block:
    return Block("table", headers=[str(h) for h in headers], rows=rows)


def _text(text: str, dash: bool = True) -> Block:
    """The office's narrative; "—" when it is empty (`dash`), else nothing."""
    return Block("text", items=paragraphs(text) or (["—"] if dash else []))


def per_1000_label() -> str:
    return _("Per 1,000 people of working age")


def population_note(data: dict[str, Any]) -> str:
    population = data.get("population") or {}
    if not population.get("year"):
        return _(
            "The working-age population is not loaded (lll import shipped): no rate per 1,000 "
            "is given."
        )
    return _(
        "Rate per 1,000 people of working age (women 18-59, men 18-64): participants of the "
        "year's activities divided by the working-age population on 31 December %(year)s "
        "(%(source)s), the latest year loaded up to the year of the figures; the voivodeship: "
        "the sum of its powiats. An activity in several powiats is split equally between them; "
        "one for the whole region counts for the voivodeship only."
    ) % {"year": population["year"], "source": population["source"]}


def _figures(data: dict[str, Any], draw: bool) -> dict[str, Block]:
    """The report's charts: the priorities as bars, the rate per 1,000 as a map."""
    found: dict[str, Block] = {}
    counts = [(str(label), float(count)) for label, count in data.get("priority_counts", [])]
    if any(count for _label, count in counts):
        what = _("Bar chart of the activities by ZSU 2030 priority area")
        spec = charts.bars(counts, _("Activities"), what)
        found["priorities"] = Block(
            "figure",
            spec=spec,
            alt=describe(what, [(label, value, f"{value:.0f}") for label, value in counts]),
            key="priorities",
        )
    points = data.get("map", [])
    region = Unit.objects.filter(code=data.get("region_code", "")).first()
    if region is not None and any(value is not None for _code, _name, value in points):
        title = per_1000_label()
        what = _("Map of the participants per 1,000 people of working age by powiat")
        values = [
            {
                "code": code,
                "value": value,
                "label": annual.number_text(value, 1) if value is not None else _("no data"),
            }
            for code, _name, value in points
        ]
        spec = charts.per_1000_map(region.code, values, title, what)
        found["map"] = Block(
            "figure",
            spec=with_boundaries(spec, region) if draw else spec,
            alt=describe(
                _(
                    "Map of the participants per 1,000 people of working age by powiat (grey: "
                    "no population data)"
                ),
                [
                    (name, value, annual.number_text(value, 1) if value is not None else "—")
                    for _code, name, value in points
                ],
            ),
            key="map",
        )
    if draw:
        for block in found.values():
            block.png = to_png(block.spec or {}, 260 if block.key == "priorities" else 480)
    return found


def sections(
    report: AnnualReport, draw: bool = False, data: dict[str, Any] | None = None
) -> list[Section]:
    """The report's sections in order; with `draw`, the charts as PNG (for the documents).
    `data`: the report's figures when the caller has them (a draft's are computed anew)."""
    data = data if data is not None else annual.figures_of(report)
    figures = _figures(data, draw)
    team = data.get("coordination") or {}
    rounds = data.get("self_assessment") or []
    coordination: list[Block] = []
    if team:
        coordination = [
            _table([_("Figure"), pgettext("how many", "Number")], team["summary"]),
            Block("subheading", items=[_("Meetings held")]),
            _table(
                [_("Body"), _("No."), _("Date"), _("Mode"), _("Participants"), _("Agenda items")],
                team["meetings"],
            ),
            Block("subheading", items=[_("Resolutions, positions and recommendations")]),
            _table(
                [_("Number"), _("Type"), _("On"), _("Addressed to"), _("Adopted"), _("Follow-up")],
                team["resolutions"],
            ),
            Block("subheading", items=[_("Follow-up status")]),
            _table([_("Follow-up"), _("Resolutions")], team["follow_up"]),
        ]
    assessment: list[Block] = []
    for round_ in rounds:
        assessment += [
            Block("subheading", items=[round_["title"]]),
            Block("note", items=[round_["lead"]]),
            _table(
                [_("Area"), _("Respondents"), _("Median"), _("Mean"), _("Consensus rating")],
                round_["rows"],
            ),
        ]
        if round_["priorities"]:
            assessment.append(
                _table(
                    [_("Priority action"), _("Area"), _("Owner"), _("Due")], round_["priorities"]
                )
            )
    if "self_assessment" in data and not rounds:
        assessment.append(Block("note", items=[_("No self-assessment round for this year.")]))
    return [
        Section(_("Summary"), [_text(report.summary)]),
        Section(
            _("Activities by ZSU 2030 priority area"),
            [
                *[figures[k] for k in ["priorities"] if k in figures],
                _table(
                    [_("Priority area"), _("Activities"), _("Participants"), _("Amount (PLN)")],
                    data["priorities"],
                ),
            ],
        ),
        Section(
            _("Participants per 1,000 people of working age by powiat"),
            [
                *[figures[k] for k in ["map"] if k in figures],
                _table(
                    _powiat_headers(data),
                    data["powiats"],
                ),
                Block("note", items=[population_note(data)]),
            ],
        ),
        Section(
            _("Qualification courses (KKZ)"),
            [
                _table(
                    [
                        _("Occupation"),
                        _("Powiat"),
                        _("Courses"),
                        _("Enrolled"),
                        _("Passed the exam"),
                        _("Barometr"),
                    ],
                    data["courses"],
                )
            ],
        ),
        Section(_("Deficit occupations without a course"), [Block("list", items=data["gaps"])]),
        Section(
            _("Key indicators and the region's place among the voivodeships"),
            [
                _table(
                    [
                        _("Indicator"),
                        _("Period"),
                        _("Value"),
                        _("Place among the voivodeships"),
                        _("Poland"),
                        _("Targets"),
                    ],
                    data.get("key_indicators", []),
                ),
                Block(
                    "note",
                    items=[
                        _(
                            "Place: 1 = the best value among the voivodeships with a value in "
                            "the period (for a neutral indicator, the largest)."
                        ),
                        *data.get("key_sources", []),
                    ],
                ),
            ],
        ),
        Section(
            _("The coordination team's year"),
            [*coordination, _text(report.coordination, not coordination)],
        ),
        Section(
            _("Self-assessment results"),
            [*assessment, _text(report.self_assessment, not assessment)],
        ),
        Section(_("Conclusions and recommendations"), [_text(report.conclusions)]),
    ]


def _powiat_headers(data: dict[str, Any]) -> list[str]:
    if data["powiats"] and len(data["powiats"][0]) == 3:  # published before the population
        return [_("Unit"), _("Participants"), per_1000_label()]
    year = (data.get("population") or {}).get("year") or "—"
    return [
        _("Unit"),
        _("Participants"),
        _("Working-age population (%(year)s)") % {"year": year},
        per_1000_label(),
    ]


def lead(report: AnnualReport, data: dict[str, Any] | None = None) -> str:
    data = data if data is not None else annual.figures_of(report)
    state = long_date(data["as_of"])
    return _(
        "Version %(version)d, as of %(date)s. Activities: %(count)d, participants: "
        "%(people)s, amount: %(amount)s PLN."
    ) % {
        "version": report.version,
        "date": state,
        "count": data["activities"],
        "people": data["participants"],
        "amount": data["amount"],
    }


def render_docx(report: AnnualReport) -> bytes:
    title = annual.title(report)
    data = annual.figures_of(report)
    document = word.new_document(title)
    word.add_letterhead(document)
    word.heading(document, title, 1)
    word.body_text(document, [lead(report, data)])
    for section in sections(report, draw=True, data=data):
        word.heading(document, section.name, 2)
        for block in section.blocks:
            _docx_block(document, block)
    return word.to_bytes(document)


def _docx_block(document: Any, block: Block) -> None:
    if block.kind == "figure":
        if block.png:
            word.picture(document, block.png, 15 if block.key != "map" else 12, alt=block.alt)
        else:
            word.empty_note(
                document, _("The chart could not be drawn; the table holds its numbers.")
            )
    elif block.kind == "table":
        if block.rows:
            word.table(document, block.headers, block.rows)
        else:
            word.empty_note(document, _("None."))
    elif block.kind == "subheading":
        word.heading(document, block.items[0], 3)
    elif block.kind == "note":
        for text in block.items:
            word.paragraph(document, text, italic=True, size=9)
    elif block.kind == "list":
        word.body_text(document, block.items or [_("None.")])
    elif block.items:
        word.body_text(document, block.items)


def render_report_pdf(report: AnnualReport) -> bytes:
    data = annual.figures_of(report)
    return render_pdf(
        "activities/annual_pdf.html",
        {
            "title": annual.title(report),
            "lead": lead(report, data),
            "sections": sections(report, draw=True, data=data),
        },
    )
