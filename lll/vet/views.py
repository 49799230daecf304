import datetime
from pathlib import Path
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lll.accounts.models import User
from lll.coordination.services import visible_meetings
from lll.core.decorators import staff_only
from lll.core.exports import XLSX_TYPE, export_response, wants_export
from lll.core.imports import InvalidFile
from lll.territory.models import Level, Unit

from . import charts, documents, services
from .forms import (
    ForecastForm,
    MappingForm,
    OpinionForm,
    OutcomeForm,
    RequestForm,
    SearchForm,
    UploadForm,
)
from .models import (
    BarometerEntry,
    FateReport,
    ForecastEntry,
    ImportBatch,
    Occupation,
    Opinion,
    OpinionRequest,
    Outcome,
    School,
)
from .services import imports
from .services.evidence import evidence_for, opinion_draft, sheet_of, suggested_opinion
from .services.indicators import CatalogueMissing, publish_to_indicators
from .services.report import cohort_years, fate_report
from .tasks import commit_import

manage_only = staff_only(services.MANAGE)
ACTIVE = (ImportBatch.Status.QUEUED, ImportBatch.Status.RUNNING)
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _user(request: HttpRequest) -> User:
    # Only for views behind a login: the user is a real account there.
    return cast(User, request.user)


def _q(request: HttpRequest) -> str:
    form = SearchForm(request.GET)
    return form.cleaned_data["q"].strip() if form.is_valid() else ""


def _page(request: HttpRequest, items: QuerySet[Any] | list[Any], size: int = 50) -> Any:
    return Paginator(items, size).get_page(request.GET.get("page"))


def _sorted(request: HttpRequest, items: QuerySet[Any], allowed: dict[str, str]) -> QuerySet[Any]:
    key = request.GET.get("sort", "")
    field = allowed.get(key.lstrip("-"))
    if field is None:
        return items
    return items.order_by(("-" if key.startswith("-") else "") + field, "pk")


def _source(obj: Any) -> str:
    """Where a record comes from: its import (file and date), the demo, or a person's entry."""
    batch = obj.import_batch
    if batch is not None:
        return f"{batch.original_file_name} ({timezone.localtime(batch.created_at):%Y-%m-%d %H:%M})"
    return _("demo data") if obj.is_demo else _("entered by hand")


def _default_decision_date(item: OpinionRequest) -> datetime.date:
    """The meeting's day when it has taken place, else today (an opinion is never dated ahead)."""
    today = timezone.localdate()
    if item.meeting and timezone.localdate(item.meeting.starts_at) <= today:
        return timezone.localdate(item.meeting.starts_at)
    return today


def _same_text(text: str, draft: str) -> bool:
    """The text still holds the whole draft (spacing and line ends aside)."""
    return " ".join(draft.split()) in " ".join(text.split())


def _readable(request: HttpRequest) -> QuerySet[OpinionRequest]:
    """The requests this user may read (`services.readable_requests`); 403 when none at all."""
    items = services.readable_requests(request.user)
    if items is None:
        raise PermissionDenied
    return items


def _download(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# ---------------------------------------------------------------------------------------------
# Home: the public part and the office's desk


def home(request: HttpRequest) -> HttpResponse:
    manage = services.can_manage(request.user)
    reports = FateReport.objects.all() if manage else FateReport.objects.filter(published=True)
    readable = services.readable_requests(request.user)
    context: dict[str, Any] = {
        "reports": reports,
        "can_manage": manage,
        "reads_register": readable is not None,
    }
    if readable is not None and not manage:
        context.update(
            council_requests=readable.count(),
            council_pending=readable.filter(opinion=Opinion.PENDING).count(),
        )
    if manage:
        lists = services.deadlines()
        context.update(
            pending=OpinionRequest.objects.filter(opinion=Opinion.PENDING).count(),
            overdue=len(lists.overdue),
            expiring=len(lists.expiring),
            cohorts=cohort_years(),
        )
    return render(request, "vet/home.html", context)


# ---------------------------------------------------------------------------------------------
# The register


REQUEST_SORTS = {
    "received": "received_on",
    "school": "school__name",
    "occupation": "occupation__name",
    "start": "start_year",
    "opinion": "opinion",
    "decided": "decided_on",
}


@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    items = _readable(request).select_related("school__powiat", "occupation", "meeting__body")
    q = _q(request)
    for word in q.split():
        items = items.filter(
            Q(school__name__icontains=word)
            | Q(school__town__icontains=word)
            | Q(occupation__name__icontains=word)
            | Q(occupation__code__startswith=word)
            | Q(resolution_number__icontains=word)
            | (Q(school__rspo=int(word)) if word.isdigit() and len(word) < 10 else Q(pk__in=[]))
        )
    opinion = request.GET.get("opinion", "")
    if opinion in Opinion.values:
        items = items.filter(opinion=opinion)
    items = _sorted(request, items, REQUEST_SORTS)
    if wants_export(request):
        headers = [
            _("Received"),
            _("School"),
            _("RSPO"),
            _("Powiat"),
            _("Occupation"),
            _("Code"),
            _("Form"),
            _("Start year"),
            _("Meeting"),
            _("Opinion"),
            _("Resolution"),
            _("Date of the opinion"),
            _("Valid until"),
            _("Exemption"),
            _("Demo"),
        ]
        rows = [
            [
                r.received_on,
                r.school.name,
                r.school.rspo,
                r.school.powiat.name,
                r.occupation.name,
                r.occupation.code,
                r.get_form_display(),
                r.start_year,
                str(r.meeting or ""),
                r.get_opinion_display(),
                r.resolution_number,
                r.decided_on,
                r.valid_until,
                r.get_exemption_display() if r.exemption else "",
                _("yes") if r.is_demo else "",
            ]
            for r in items
        ]
        return export_response(request, "wnioski-wrrp", headers, rows)
    return render(
        request,
        "vet/request_list.html",
        {
            "page": _page(request, items),
            "q": q,
            "opinion": opinion,
            "opinions": Opinion.choices,
            "sort": request.GET.get("sort", ""),
            "can_manage": services.can_manage(request.user),
            "reads_register": True,
        },
    )


@manage_only
def request_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    item = get_object_or_404(OpinionRequest, pk=pk) if pk else None
    initial = {"received_on": timezone.localdate()} if item is None else None
    form = RequestForm(request.POST or None, instance=item, initial=initial)
    if request.method == "POST" and form.is_valid():
        item = form.save()
        messages.success(request, _("The request was saved."))
        return redirect(item)
    title = _("Edit the request") if item else _("New request for an opinion")
    return render(request, "vet/form.html", {"form": form, "title": title, "item": item})


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        _readable(request).select_related(
            "school__powiat", "school__gmina", "occupation", "meeting__body"
        ),
        pk=pk,
    )
    sheet, kept = sheet_of(item)
    manage = services.can_manage(request.user)
    history = item.history.select_related("history_user").order_by("-history_date")[:20]
    return render(
        request,
        "vet/request_detail.html",
        {
            "can_manage": manage,
            "reads_register": True,
            "item": item,
            "sheet": sheet,
            "kept": kept,
            "meeting_visible": item.meeting is not None
            and visible_meetings(request.user).filter(pk=item.meeting.pk).exists(),
            "outcomes": item.outcomes.select_related("import_batch"),
            # Who changed the record is the office's business, not the council members'.
            "history": history if manage else None,
            "suggested": services.suggested_exemption(item),
        },
    )


@login_required
def request_evidence_docx(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(_readable(request), pk=pk)
    content = documents.evidence_docx(item, sheet_of(item)[0])
    return _download(content, f"karta-informacyjna-{item.pk}.docx", DOCX_TYPE)


@manage_only
def request_opinion(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(OpinionRequest.objects.select_related("school", "occupation"), pk=pk)
    sheet = evidence_for(item)
    initial: dict[str, Any] = {}
    exemption = services.suggested_exemption(item)
    if item.opinion == Opinion.PENDING:
        suggested = suggested_opinion(sheet, exemption)
        initial = {
            "opinion": suggested,
            "decided_on": _default_decision_date(item),
            "exemption": exemption,
            "opinion_text": opinion_draft(item, sheet, suggested, exemption),
        }
    form = OpinionForm(request.POST or None, instance=item, initial=initial)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data["opinion"]
        for other in (Opinion.POSITIVE, Opinion.NEGATIVE, Opinion.NOT_NEEDED):
            if other != chosen and _same_text(
                form.cleaned_data["opinion_text"],
                opinion_draft(item, sheet, other, form.cleaned_data["exemption"] or exemption),
            ):
                # A draft written for another outcome would contradict the recorded one.
                form.add_error(
                    "opinion_text",
                    _(
                        "The text is the draft for the outcome “%(draft)s”, not “%(chosen)s”: "
                        "write the council's reasons."
                    )
                    % {"draft": other.label, "chosen": Opinion(chosen).label},
                )
                break
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.record_opinion(
            item,
            data["opinion"],
            data["resolution_number"],
            data["decided_on"],
            data["opinion_text"],
            data["exemption"],
        )
        messages.success(request, _("The opinion was recorded."))
        return redirect(item)
    return render(
        request,
        "vet/form.html",
        {"form": form, "title": _("The council's opinion"), "item": item, "sheet": sheet},
    )


@manage_only
def outcome_edit(request: HttpRequest, pk: int, outcome_pk: int | None = None) -> HttpResponse:
    item = get_object_or_404(OpinionRequest, pk=pk)
    outcome = get_object_or_404(Outcome, pk=outcome_pk, request=item) if outcome_pk else None
    instance = outcome or Outcome(request=item)
    form = OutcomeForm(
        request.POST or None,
        instance=instance,
        initial={"school_year": item.start_year} if outcome is None else None,
    )
    if request.method == "POST" and form.is_valid():
        if (
            Outcome.objects.filter(request=item, school_year=form.cleaned_data["school_year"])
            .exclude(pk=instance.pk)
            .exists()
        ):
            form.add_error("school_year", _("This school year already has its outcome."))
        else:
            form.save()
            messages.success(request, _("The outcome was saved."))
            return redirect(item)
    return render(request, "vet/form.html", {"form": form, "title": _("Outcome"), "item": item})


@require_POST
@manage_only
def outcome_delete(request: HttpRequest, pk: int, outcome_pk: int) -> HttpResponse:
    outcome = get_object_or_404(Outcome, pk=outcome_pk, request_id=pk)
    outcome.delete()
    messages.success(request, _("The outcome was removed; its history is kept."))
    return redirect("vet:request", pk=pk)


@manage_only
def deadlines(request: HttpRequest) -> HttpResponse:
    lists = services.deadlines()
    if wants_export(request):
        headers = [
            _("List"),
            _("School"),
            _("Occupation"),
            _("Meeting"),
            _("Received"),
            _("Valid until"),
        ]
        rows = [
            [
                _("overdue"),
                r.school.name,
                str(r.occupation),
                str(r.meeting or ""),
                r.received_on,
                None,
            ]
            for r in lists.overdue
        ] + [
            [
                _("expiring within a year"),
                r.school.name,
                str(r.occupation),
                "",
                r.received_on,
                r.valid_until,
            ]
            for r in lists.expiring
        ]
        return export_response(request, "terminy-wrrp", headers, rows)
    return render(request, "vet/deadlines.html", {"lists": lists, "today": timezone.localdate()})


# ---------------------------------------------------------------------------------------------
# Dictionaries


@manage_only
def occupation_list(request: HttpRequest) -> HttpResponse:
    items = Occupation.objects.all()
    q = _q(request)
    for word in q.split():
        items = items.filter(
            Q(name__icontains=word) | Q(code__startswith=word) | Q(sector__icontains=word)
        )
    school_only = request.GET.get("school", "1") == "1"
    if school_only:
        items = items.filter(is_school=True)
    items = _sorted(request, items, {"code": "code", "name": "name", "sector": "sector"})
    if wants_export(request):
        headers = [
            _("Code"),
            _("Name"),
            _("School occupation"),
            _("Sector"),
            _("Valid from"),
            _("Valid to"),
        ]
        rows = [
            [
                o.code,
                o.name,
                _("yes") if o.is_school else _("no"),
                o.sector,
                o.valid_from,
                o.valid_to,
            ]
            for o in items
        ]
        return export_response(request, "zawody", headers, rows)
    return render(
        request,
        "vet/occupation_list.html",
        {"page": _page(request, items), "q": q, "school_only": school_only},
    )


@manage_only
def barometer_list(request: HttpRequest) -> HttpResponse:
    items = BarometerEntry.objects.select_related("group", "unit", "import_batch")
    q = _q(request)
    for word in q.split():
        items = items.filter(
            Q(group__name__icontains=word)
            | Q(unit__name__icontains=word)
            | Q(group__occupations__code__startswith=word)
        ).distinct()
    years = sorted(set(BarometerEntry.objects.values_list("year", flat=True)), reverse=True)
    year = request.GET.get("year", "")
    if year.isdigit():
        items = items.filter(year=int(year))
    items = _sorted(
        request,
        items,
        {"year": "year", "unit": "unit__code", "group": "group__name", "category": "category"},
    )
    if wants_export(request):
        headers = [
            _("Year"),
            _("Unit"),
            _("TERYT code"),
            _("Occupation group"),
            _("Category"),
            _("Source"),
        ]
        rows = [
            [e.year, e.unit.name, e.unit.code, e.group.name, e.get_category_display(), _source(e)]
            for e in items
        ]
        return export_response(request, "barometr-zawodow", headers, rows)
    return render(
        request,
        "vet/barometer_list.html",
        {"page": _page(request, items), "q": q, "years": years, "year": year},
    )


@manage_only
def forecast_list(request: HttpRequest) -> HttpResponse:
    items = ForecastEntry.objects.select_related("occupation", "unit", "import_batch")
    q = _q(request)
    for word in q.split():
        items = items.filter(
            Q(occupation__name__icontains=word) | Q(occupation__code__startswith=word)
        )
    years = sorted(set(ForecastEntry.objects.values_list("year", flat=True)), reverse=True)
    year = request.GET.get("year", "")
    if year.isdigit():
        items = items.filter(year=int(year))
    items = _sorted(
        request, items, {"year": "year", "occupation": "occupation__name", "list": "demand"}
    )
    if wants_export(request):
        headers = [
            _("Year"),
            _("Code"),
            _("Occupation"),
            _("List"),
            _("Area"),
            _("Note"),
            _("Source"),
        ]
        rows = [
            [
                e.year,
                e.occupation.code,
                e.occupation.name,
                e.get_demand_display(),
                e.unit.name,
                e.note,
                _source(e),
            ]
            for e in items
        ]
        return export_response(request, "prognoza-ministra", headers, rows)
    return render(
        request,
        "vet/forecast_list.html",
        {"page": _page(request, items), "q": q, "years": years, "year": year},
    )


@manage_only
def forecast_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    entry = get_object_or_404(ForecastEntry, pk=pk) if pk else None
    form = ForecastForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The forecast entry was saved."))
        return redirect("vet:forecast_list")
    title = _("Edit the forecast entry") if entry else _("New forecast entry")
    return render(request, "vet/form.html", {"form": form, "title": title, "entry": entry})


@require_POST
@manage_only
def forecast_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(ForecastEntry, pk=pk)
    entry.delete()
    messages.success(request, _("The forecast entry was removed; its history is kept."))
    return redirect("vet:forecast_list")


@manage_only
def school_list(request: HttpRequest) -> HttpResponse:
    items = School.objects.select_related("powiat", "gmina", "import_batch")
    q = _q(request)
    for word in q.split():
        condition = Q(name__icontains=word) | Q(town__icontains=word)
        if word.isdigit():
            condition |= Q(rspo=int(word))
        items = items.filter(condition)
    items = _sorted(
        request,
        items,
        {
            "rspo": "rspo",
            "name": "name",
            "type": "school_type",
            "town": "town",
            "powiat": "powiat__code",
        },
    )
    if wants_export(request):
        headers = [
            _("RSPO"),
            _("Name"),
            _("Type"),
            _("Town"),
            _("Gmina"),
            _("Powiat"),
            _("Address"),
            _("Governing body"),
            _("Source"),
        ]
        rows = [
            [
                s.rspo,
                s.name,
                s.get_school_type_display(),
                s.town,
                s.gmina.name,
                s.powiat.name,
                s.address,
                s.governing_body,
                _source(s),
            ]
            for s in items
        ]
        return export_response(request, "szkoly", headers, rows)
    return render(request, "vet/school_list.html", {"page": _page(request, items), "q": q})


# ---------------------------------------------------------------------------------------------
# Imports: upload → columns → preview → commit


@manage_only
def import_list(request: HttpRequest) -> HttpResponse:
    items = ImportBatch.objects.select_related("created_by")
    if wants_export(request):
        headers = [
            _("When"),
            _("Data"),
            _("File"),
            _("Who"),
            _("Status"),
            _("Added"),
            _("Changed"),
            _("Unchanged"),
        ]
        rows = [
            [
                b.created_at,
                b.get_kind_display(),
                b.original_file_name,
                str(b.created_by or ""),
                b.get_status_display(),
                b.inserted if b.done else None,
                b.updated if b.done else None,
                b.unchanged if b.done else None,
            ]
            for b in items
        ]
        return export_response(request, "importy-ksztalcenie-zawodowe", headers, rows)
    return render(request, "vet/import_list.html", {"page": _page(request, items)})


@manage_only
def import_upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(
        request.POST or None, request.FILES or None, initial={"kind": request.GET.get("kind")}
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = ImportBatch(kind=form.cleaned_data["kind"], created_by=_user(request))
        batch.keep_file(upload.name, upload)
        try:
            sheet = imports.read_sheet(Path(batch.original_file.path))
        except InvalidFile as exc:
            default_storage.delete(batch.original_file.name)
            form.add_error("file", str(exc))
        else:
            batch.column_mapping, batch.options = imports.remembered_layout(
                batch.kind, sheet.header
            )
            batch.save()
            replaced = request.GET.get("replace", "")
            if replaced.isdigit():
                # The corrected file takes the place of the one that had problems.
                for old in ImportBatch.objects.filter(
                    pk=int(replaced), created_by=batch.created_by, status=ImportBatch.Status.PREVIEW
                ):
                    default_storage.delete(old.original_file.name)
                    old.delete()
            return redirect("vet:import_mapping", pk=batch.pk)
    return render(request, "vet/import_upload.html", {"form": form, "kinds": imports.KINDS})


def _batch(request: HttpRequest, pk: int) -> ImportBatch:
    batch = get_object_or_404(ImportBatch, pk=pk, status=ImportBatch.Status.PREVIEW)
    if batch.created_by_id != request.user.pk and not request.user.is_superuser:
        raise Http404
    return batch


@manage_only
def import_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    try:
        sheet = imports.read_sheet(Path(batch.original_file.path))
        sample = []
        for _number, cells in sheet.rows():
            sample.append(["" if c is None else str(c) for c in cells])
            if len(sample) == 5:
                break
    except InvalidFile as exc:
        default_storage.delete(batch.original_file.name)
        batch.delete()
        messages.error(request, str(exc))
        return redirect("vet:import_upload")
    initial = {k: ("" if v is None else str(v)) for k, v in batch.column_mapping.items()}
    initial["fixed_year"] = batch.options.get("year")
    form = MappingForm(batch.kind, sheet.header, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        batch.options = {
            "year": data.pop("fixed_year", None),
            "header": sheet.header,
            "chosen": True,
        }
        batch.column_mapping = data
        batch.save(update_fields=["column_mapping", "options"])
        return redirect("vet:import_preview", pk=batch.pk)
    return render(
        request,
        "vet/import_mapping.html",
        {"batch": batch, "form": form, "header": sheet.header, "sample": sample},
    )


@manage_only
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    missing = imports.missing_fields(batch.kind, batch.column_mapping, batch.options)
    if missing:
        return redirect("vet:import_mapping", pk=batch.pk)
    try:
        result = imports.preview(batch)
    except InvalidFile as exc:
        default_storage.delete(batch.original_file.name)
        batch.delete()
        messages.error(request, str(exc))
        return redirect("vet:import_upload")
    labels = [
        str(f.label)
        for f in imports.KINDS[batch.kind].fields
        if batch.column_mapping.get(f.key) is not None
    ]
    return render(
        request,
        "vet/import_preview.html",
        {
            "batch": batch,
            "result": result,
            "labels": labels,
            "problems": result.problems[: imports.PREVIEW_PROBLEMS],
        },
    )


@require_POST
@manage_only
def import_commit(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    # Only a batch still in preview is queued: a second click (another tab) changes nothing.
    queued = ImportBatch.objects.filter(pk=batch.pk, status=ImportBatch.Status.PREVIEW).update(
        status=ImportBatch.Status.QUEUED, error=""
    )
    if queued:
        commit_import.enqueue(batch.pk)
    return redirect("vet:import_batch", pk=batch.pk)


@manage_only
def import_batch(request: HttpRequest, pk: int) -> HttpResponse:
    """An import's page: its status while the background task writes it, then the result."""
    batch = get_object_or_404(ImportBatch.objects.select_related("created_by"), pk=pk)
    if batch.status == ImportBatch.Status.PREVIEW:
        return redirect("vet:import_preview", pk=batch.pk)
    template = "vet/_batch_status.html" if request.htmx else "vet/import_batch.html"  # type: ignore[attr-defined]
    return render(request, template, {"batch": batch, "polling": batch.status in ACTIVE})


@require_POST
@manage_only
def import_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    default_storage.delete(batch.original_file.name)
    batch.delete()
    messages.info(request, _("The import was cancelled; nothing was written."))
    return redirect("vet:import_upload")


# ---------------------------------------------------------------------------------------------
# The fate report


def _sane_cohort(cohort: int) -> None:
    """Opinions are given from 2000 on and not ahead of this year: other years are no page."""
    if not 2000 <= cohort <= timezone.localdate().year:
        raise Http404


def report(request: HttpRequest, cohort: int) -> HttpResponse:
    _sane_cohort(cohort)
    manage = services.can_manage(request.user)
    published = FateReport.objects.filter(cohort=cohort).first()
    if not manage and not (published and published.published):
        raise Http404
    data = fate_report(cohort)
    if not data.directions and not manage:
        raise Http404
    export = request.GET.get("format", "")
    name = f"losy-kierunkow-{cohort}"
    if export == "docx":
        return _download(documents.report_docx(data), f"{name}.docx", DOCX_TYPE)
    if export == "pdf":
        return _download(documents.report_pdf(data), f"{name}.pdf", "application/pdf")
    if export == "xlsx":
        return _download(documents.report_xlsx(data), f"{name}.xlsx", XLSX_TYPE)
    region = services.home_region()
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
@manage_only
def report_indicators(request: HttpRequest, cohort: int) -> HttpResponse:
    try:
        results = publish_to_indicators(fate_report(cohort), request.user)
    except CatalogueMissing as exc:
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
@manage_only
def report_publish(request: HttpRequest, cohort: int) -> HttpResponse:
    _sane_cohort(cohort)
    publish = request.POST.get("published") == "1"
    if publish and not fate_report(cohort).directions:
        messages.error(
            request, _("An empty report is not published: no positive opinion of that year.")
        )
        return redirect("vet:report", cohort=cohort)
    entry, _created = FateReport.objects.get_or_create(cohort=cohort)
    entry.published = publish
    entry.save()
    messages.success(
        request,
        _("The report is published.") if entry.published else _("The report is withdrawn."),
    )
    return redirect("vet:report", cohort=cohort)
