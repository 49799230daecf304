"""The fate report of the directions reviewed in a year: the page, its files, publishing it."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lll.core.access import AuthenticatedRequest, requires
from lll.core.downloads import DOCX_TYPE, PDF_TYPE, XLSX_TYPE, download
from lll.core.errors import UserError
from lll.territory.models import Level, Unit
from lll.territory.services import require_home_region

from .. import charts, documents
from ..access import MANAGE, can_manage, get_fate_report_for, sane_cohort
from ..services.indicators import publish_to_indicators
from ..services.report import cohort_years, fate_report, publish_report


def report(request: HttpRequest, cohort: int) -> HttpResponse:
    data, published = get_fate_report_for(request, cohort)
    manage = can_manage(request.user)
    export = request.GET.get("format", "")
    name = f"losy-kierunkow-{cohort}"
    if export == "docx":
        return download(documents.report_docx(data), f"{name}.docx", DOCX_TYPE)
    if export == "pdf":
        return download(documents.report_pdf(data), f"{name}.pdf", PDF_TYPE)
    if export == "xlsx":
        return download(documents.report_xlsx(data), f"{name}.xlsx", XLSX_TYPE)
    region = require_home_region()
    powiats = list(Unit.objects.filter(parent=region, level=Level.POWIAT))
    by_powiat = next(b for b in data.breakdowns if b.key == "powiat")
    caption = _(
        "Launch rate of the directions reviewed positively in %(year)d, by powiat; "
        "grey: no reviewed direction or no outcome yet."
    ) % {"year": cohort}
    bars = [
        (b, charts.rate_bars(b.rows, _("Launch rate: %(what)s") % {"what": b.title.lower()}))
        for b in data.breakdowns
        if b.key != "powiat"
    ]
    return render(
        request,
        "vet/report.html",
        {
            "report": data,
            "cohort": cohort,
            "published": published,
            "can_manage": manage,
            "map_spec": charts.rate_map(region, powiats, by_powiat.rows, caption),
            "caption": caption,
            "by_powiat": by_powiat,
            "bars": bars,
            "cohorts": cohort_years(),
        },
    )


@require_POST
@requires(MANAGE)
def report_indicators(request: AuthenticatedRequest, cohort: int) -> HttpResponse:
    try:
        results = publish_to_indicators(fate_report(cohort), request.user)
    except UserError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _(
                "The indicators of the monitoring were updated for %(year)d: %(inserted)d "
                "values added, %(updated)d changed, %(unchanged)d unchanged."
            )
            % {
                "year": cohort,
                "inserted": sum(c.inserted for c in results.values()),
                "updated": sum(c.updated for c in results.values()),
                "unchanged": sum(c.unchanged for c in results.values()),
            },
        )
    return redirect("vet:report", cohort=cohort)


@require_POST
@requires(MANAGE)
def report_publish(request: AuthenticatedRequest, cohort: int) -> HttpResponse:
    sane_cohort(cohort)
    try:
        entry = publish_report(cohort, request.POST.get("published") == "1")
    except UserError as error:
        messages.error(request, error.message)
        return redirect("vet:report", cohort=cohort)
    messages.success(
        request,
        _("The report is published.") if entry.published else _("The report is withdrawn."),
    )
    return redirect("vet:report", cohort=cohort)
