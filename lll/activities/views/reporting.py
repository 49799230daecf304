"""Reporting cycles (the office) and reports (the partner and the office)."""

import tempfile
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lll.accounts.services import send_invitation
from lll.core.access import AuthenticatedRequest, requires
from lll.core.downloads import XLSX_TYPE, download
from lll.core.errors import UserError
from lll.core.imports import BadRows, background
from lll.core.pages import form_page

from .. import access
from ..access import MANAGE
from ..forms import ActivityForm, CycleForm, InviteForm, ReturnForm, UploadForm
from ..models import Activity, ReportingCycle
from ..services import reporting, rules, workbook
from . import uploads


@requires(MANAGE)
def cycle_list(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    cycles = [
        (cycle, reporting.completeness(cycle, today)) for cycle in ReportingCycle.objects.all()
    ]
    return render(request, "activities/cycle_list.html", {"cycles": cycles})


@requires(MANAGE)
def cycle_edit(request: AuthenticatedRequest) -> HttpResponse:
    form = CycleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cycle = reporting.open_cycle(
                data["name"],
                data["starts_on"],
                data["ends_on"],
                data["deadline"],
                data["institutions"],
            )
        except UserError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The reporting cycle was opened."))
            return redirect("activities:cycle_detail", pk=cycle.pk)
    return form_page(request, form, _("Open a reporting cycle"), "activities:cycle_list")


@requires(MANAGE)
def cycle_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    cycle = access.get_cycle_for(request, pk)
    today = timezone.localdate()
    reports = [
        (report, reporting.state(report, today), reporting.reporters_of(report).count())
        for report in cycle.reports.select_related("institution", "cycle")
    ]
    return render(
        request,
        "activities/cycle_detail.html",
        {
            "cycle": cycle,
            "reports": reports,
            "counts": reporting.completeness(cycle, today),
        },
    )


@requires(MANAGE)
@require_POST
def cycle_remind(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    cycle = access.get_cycle_for(request, pk)
    link = request.build_absolute_uri(reverse("activities:report_list"))
    sent, failed = reporting.send_reminders(cycle, timezone.localdate(), link, days_before=3650)
    messages.success(
        request,
        _("Reminders sent: %(sent)d, failed: %(failed)d.") % {"sent": sent, "failed": failed},
    )
    return redirect("activities:cycle_detail", pk=cycle.pk)


@requires(MANAGE)
def invite(request: AuthenticatedRequest) -> HttpResponse:
    form = InviteForm(request.POST or None, initial={"institution": request.GET.get("institution")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = reporting.invite_reporter(
                data["institution"], data["email"], data["first_name"], data["last_name"]
            )
        except UserError as error:
            form.add_error("email", error.message)
        else:
            send_invitation(request, user)
            messages.success(
                request,
                _("An account %(user)s was created; a link to set the password went to %(email)s.")
                % {"user": user.username, "email": user.email},
            )
            return redirect("activities:cycle_list")
    return form_page(
        request,
        form,
        _("Invite a partner reporter"),
        "activities:cycle_list",
        intro=_("The reporter sees and reports only the activities of this institution."),
    )


@requires()
def report_list(request: AuthenticatedRequest) -> HttpResponse:
    office = access.can_manage(request.user)
    reporter = access.reporter_of(request.user)
    if not office and reporter is None:
        raise PermissionDenied
    reports = access.visible_reports(request.user).select_related("cycle", "institution")
    today = timezone.localdate()
    rows = [(r, reporting.state(r, today)) for r in reports.order_by("-cycle__starts_on")]
    return render(
        request,
        "activities/report_list.html",
        {"rows": rows, "reporter": reporter, "office": office},
    )


@requires()
def report_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = access.get_report_for(request, pk)
    activities = report.activities.prefetch_related("units").order_by("pk")
    problems = reporting.problems_of(report) if report.is_editable else []
    return render(
        request,
        "activities/report_detail.html",
        {
            "report": report,
            "activities": activities,
            "office": access.can_manage(request.user),
            "state": reporting.state(report, timezone.localdate()),
            "problems": problems,
            "outliers": rules.outliers(report),
            "totals": rules.totals(report),
            "changes": report.changes.select_related("changed_by"),
            "return_form": ReturnForm(),
        },
    )


def _editable(request: AuthenticatedRequest, pk: int) -> "reporting.Report | None":
    report = access.get_report_for(request, pk)
    if not report.is_editable:
        messages.error(request, _("The report was submitted; it can no longer be changed."))
        return None
    return report


@requires()
def report_activity_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = _editable(request, pk)
    if report is None:
        return redirect("activities:report_detail", pk=pk)
    form = ActivityForm(request.POST or None, instance=Activity(), office=False, cycle=report.cycle)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        values.pop("institution", None)
        reporting.save_activity(Activity(), values, request.user, report)
        messages.success(request, _("The activity was saved."))
        return redirect("activities:report_detail", pk=report.pk)
    return form_page(
        request,
        form,
        _("New activity"),
        back_url=reverse("activities:report_detail", args=[report.pk]),
        lead=str(report),
    )


@requires()
def report_download(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = access.get_report_for(request, pk)
    name = f"sprawozdanie-{report.cycle.starts_on:%Y}-{report.institution_id}.xlsx"
    return download(workbook.prefilled(report), name, XLSX_TYPE)


@requires()
def report_upload(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = _editable(request, pk)
    if report is None:
        return redirect("activities:report_detail", pk=pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
            handle.flush()
            if background.is_large(Path(handle.name)):  # checked by the task worker
                return uploads.start(request, report, upload)
            try:
                batch = workbook.import_report(report, Path(handle.name), request.user, upload.name)
            except BadRows as error:
                problems = [str(p) for p in error.problems]
            except UserError as error:
                problems = [error.message]
            else:
                messages.success(
                    request,
                    _("The file was read: %(new)d new and %(updated)d updated activities.")
                    % {"new": batch.inserted, "updated": batch.updated},
                )
                return redirect("activities:report_detail", pk=report.pk)
    return form_page(
        request,
        form,
        _("Upload the filled report"),
        back_url=reverse("activities:report_detail", args=[report.pk]),
        lead=str(report),
        multipart=True,
        problems=problems,
        submit_label=_("Upload"),
    )


@requires()
@require_POST
def report_submit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = access.get_report_for(request, pk)
    try:
        reporting.submit(report)
    except UserError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The report was submitted to the office."))
    return redirect("activities:report_detail", pk=report.pk)


def _office_decides(request: AuthenticatedRequest, pk: int) -> "reporting.Report":
    """The report (404 for another institution's), for the office only (403 for its partner)."""
    report = access.get_report_for(request, pk)
    if not access.can_manage(request.user):
        raise PermissionDenied
    return report


@requires()
@require_POST
def report_return(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = _office_decides(request, pk)
    form = ReturnForm(request.POST)
    try:
        if not form.is_valid():
            raise reporting.CannotReport(_("Say what the partner should correct."))
        reporting.return_report(report, form.cleaned_data["comment"])
    except UserError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The report was returned to the partner."))
    return redirect("activities:report_detail", pk=report.pk)


@requires()
@require_POST
def report_approve(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = _office_decides(request, pk)
    try:
        reporting.approve(report)
    except UserError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The report was approved."))
    return redirect("activities:report_detail", pk=report.pk)


@requires()
@require_POST
def report_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    report = _office_decides(request, pk)
    try:
        reporting.withdraw_approval(report)
    except UserError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The approval was withdrawn."))
    return redirect("activities:report_detail", pk=report.pk)
