"""The annual monitoring report: list, narrative in the browser, publish, new version, files."""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lll.core.access import AuthenticatedRequest, requires
from lll.core.downloads import DOCX_TYPE, PDF_TYPE, download
from lll.core.errors import UserError
from lll.core.pages import form_page

from .. import documents
from ..access import MANAGE
from ..models import AnnualReport
from ..services import annual


class NarrativeForm(forms.ModelForm):
    class Meta:
        model = AnnualReport
        fields = ["summary", "coordination", "self_assessment", "conclusions"]
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in fields}


class NewReportForm(forms.ModelForm):
    class Meta:
        model = AnnualReport
        fields = ["year"]

    def clean_year(self) -> int:
        year = int(self.cleaned_data["year"])
        if AnnualReport.objects.filter(year=year).exists():
            raise forms.ValidationError(_("A report of this year exists; open it."))
        return year


def _report(pk: int) -> AnnualReport:
    return get_object_or_404(AnnualReport, pk=pk)


@requires(MANAGE)
def annual_list(request: AuthenticatedRequest) -> HttpResponse:
    form = NewReportForm(request.POST or None, initial={"year": timezone.localdate().year - 1})
    if request.method == "POST" and form.is_valid():
        report = form.save()
        return redirect("activities:annual_detail", pk=report.pk)
    return render(
        request,
        "activities/annual_list.html",
        {"reports": AnnualReport.objects.all(), "form": form},
    )


@requires(MANAGE)
def annual_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = _report(pk)
    data = annual.figures_of(report)
    return render(
        request,
        "activities/annual_detail.html",
        {
            "report": report,
            "title": annual.title(report),
            "lead": documents.lead(report, data),
            "sections": documents.sections(report, data=data),
        },
    )


@requires(MANAGE)
def annual_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = _report(pk)
    if report.published_at:
        raise Http404
    form = NarrativeForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The report's text was saved."))
        return redirect("activities:annual_detail", pk=report.pk)
    return form_page(
        request,
        form,
        _("The report's text"),
        back_url=reverse("activities:annual_detail", args=[report.pk]),
    )


@requires(MANAGE)
@require_POST
def annual_publish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = _report(pk)
    try:
        annual.publish(report)
    except UserError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The report was published; its figures are frozen."))
    return redirect("activities:annual_detail", pk=report.pk)


@requires(MANAGE)
@require_POST
def annual_new_version(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    try:
        report = annual.new_version(_report(pk))
    except UserError as error:
        messages.error(request, error.message)
        return redirect("activities:annual_detail", pk=pk)
    messages.success(request, _("A new version was made for the correction."))
    return redirect("activities:annual_detail", pk=report.pk)


@requires(MANAGE)
def annual_docx(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = _report(pk)
    name = f"raport-monitoringowy-{report.year}-v{report.version}.docx"
    return download(documents.render_docx(report), name, DOCX_TYPE)


@requires(MANAGE)
def annual_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = _report(pk)
    name = f"raport-monitoringowy-{report.year}-v{report.version}.pdf"
    return download(documents.render_report_pdf(report), name, PDF_TYPE)
