"""Other regions: their results imported from files, and compared with ours."""

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lll.core.access import AuthenticatedRequest
from lll.core.downloads import JSON_TYPE, download
from lll.core.exports import export_response, wants_export

from .. import access, charts, exchange
from ..forms import ResultsFileForm
from ..models import ExternalRound, Round
from .common import manage_only, named
from .imports import two_step_import


def _store_results(request: AuthenticatedRequest, name: str, content: bytes) -> tuple[str, str]:
    external = exchange.import_results(content, name, request.user)
    message = _("The results of %(name)s were imported.") % {"name": external}
    return external.get_absolute_url(), message


def _results_preview(
    request: AuthenticatedRequest, name: str, clean: dict[str, Any]
) -> HttpResponse:
    return render(
        request,
        "selfassessment/import_preview.html",
        {
            "title": _("Import another region's results: check before storing"),
            "example": clean["is_example"],
            "facts": [
                (_("File"), name),
                (_("Region"), clean["region_name"]),
                (_("Period"), clean["period"]),
                (_("Framework"), f"{clean['framework_code']} v{clean['framework_version']}"),
                (_("Respondents"), clean["respondent_count"]),
            ],
            "headers": [_("Code"), _("Area"), "n", _("Median")],
            "rows": [
                [a["code"], named(a["name_pl"], a.get("name_en", "")), a["n"], a["median"]]
                for a in clean["results"]["areas"]
            ],
            "back_url": reverse("selfassessment:external_list"),
        },
    )


@manage_only
def external_list(request: AuthenticatedRequest) -> HttpResponse:
    if wants_export(request):
        headers = [_("Region"), _("Period"), _("Framework"), _("Respondents"), _("Imported")]
        rows = [
            [
                e.region_name,
                e.period,
                f"{e.framework_code} v{e.framework_version}",
                e.respondent_count,
                e.imported_at,
            ]
            for e in ExternalRound.objects.all()
        ]
        return export_response(request, "inne-regiony", headers, rows)
    form = ResultsFileForm(request.POST or None, request.FILES or None)
    response, problems = two_step_import(
        request,
        "results",
        form,
        read=lambda _name, content: exchange.read_results(content),
        preview=lambda name, clean: _results_preview(request, name, clean),
        store=lambda name, content: _store_results(request, name, content),
        back=reverse("selfassessment:external_list"),
    )
    if response is not None:
        return response
    return render(
        request,
        "selfassessment/external_list.html",
        {"externals": ExternalRound.objects.all(), "form": form, "problems": problems},
    )


@manage_only
def external_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    external = access.get_external_for(request, pk)
    rounds = Round.objects.filter(framework__code=external.framework_code).select_related("region")
    chosen = (
        rounds.filter(pk=request.GET.get("round") or 0).first()
        or rounds.filter(status=Round.Status.CLOSED).first()
        or rounds.first()
    )
    differences = exchange.compare(chosen, external) if chosen else []
    spec = None
    if chosen and differences:
        spec = charts.radar(
            [d.short for d in differences],
            {
                f"{chosen.region.name} {chosen.period}": [d.ours for d in differences],
                f"{external.region_name} {external.period}": [d.theirs for d in differences],
            },
            _("Radar of both regions' area medians; the table below has the same numbers."),
        )
    return render(
        request,
        "selfassessment/external_detail.html",
        {
            "external": external,
            "rounds": rounds,
            "chosen": chosen,
            "differences": differences,
            "radar_spec": spec,
        },
    )


@manage_only
@require_POST
def external_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    external = access.get_external_for(request, pk)
    external.delete()
    messages.success(request, _("The imported results were deleted."))
    return redirect("selfassessment:external_list")


@manage_only
def example_file(request: AuthenticatedRequest) -> HttpResponse:
    return download(exchange.EXAMPLE_FILE.read_bytes(), exchange.EXAMPLE_FILE.name, JSON_TYPE)
