import base64
import functools
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lll.coordination.models import Body
from lll.core.decorators import staff_only
from lll.core.exports import export_response, wants_export
from lll.core.text import polish_key, search_key
from lll.territory.models import Unit

from . import charts, documents, exchange, frameworks, services
from .forms import (
    DONT_KNOW,
    AnswerForm,
    AreaForm,
    BoardForm,
    ConsensusForm,
    CriterionForm,
    FrameworkFileForm,
    FrameworkForm,
    LevelForm,
    PriorityForm,
    RespondentForm,
    ResultsFileForm,
    RoundEditForm,
    RoundForm,
)
from .models import (
    Answer,
    Area,
    Criterion,
    ExternalRound,
    Framework,
    Level,
    Priority,
    Respondent,
    Round,
)
from .tasks import send_invitations

manage_only = staff_only(services.MANAGE)
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _form_page(
    request: HttpRequest, form: Any, title: str, back: str, **extra: Any
) -> HttpResponse:
    return render(
        request,
        "selfassessment/form.html",
        {"form": form, "title": title, "back_url": back, **extra},
    )


def _download(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# ---------------------------------------------------------------------------------------------
# Overview


@login_required
def home(request: HttpRequest) -> HttpResponse:
    rounds = (
        services.visible_rounds(request.user)
        .annotate(
            respondent_count=Count("respondents", distinct=True),
            submitted_count=Count(
                "respondents",
                filter=Q(respondents__submitted_at__isnull=False),
                distinct=True,
            ),
        )
        .order_by("-period", "-created_at")
    )  # a count drops the model's ordering (GROUP BY)
    query = request.GET.get("q", "").strip()[:200]
    if query:
        rounds = rounds.filter(
            Q(title__icontains=query)
            | Q(period__icontains=query)
            | Q(region__search_name__contains=search_key(query))
        )
    if wants_export(request):
        headers = [
            _("Round"),
            _("Region"),
            _("Period"),
            _("Framework"),
            _("Status"),
            _("Submitted"),
            _("Respondents"),
        ]
        rows = [
            [
                r.title,
                r.region.name,
                r.period,
                str(r.framework),
                r.get_status_display(),
                r.submitted_count,
                r.respondent_count,
            ]
            for r in rounds
        ]
        return export_response(request, "rundy-samooceny", headers, rows)
    person = services.coordination.person_of(request.user)
    mine = (
        Respondent.objects.filter(person=person, round__status=Round.Status.OPEN).select_related(
            "round"
        )
        if person
        else []
    )
    return render(
        request,
        "selfassessment/home.html",
        {
            "rounds": Paginator(rounds.order_by("-period", "-created_at", "pk"), 20).get_page(
                request.GET.get("page")
            ),
            "query": query,
            "mine": mine,
            "can_manage": services.can_manage(request.user),
            "frameworks": Framework.objects.annotate(round_count=Count("rounds")).order_by(
                "code", "-version"
            ),
            "externals": ExternalRound.objects.all() if services.can_manage(request.user) else [],
        },
    )


# ---------------------------------------------------------------------------------------------
# Frameworks


@manage_only
def framework_detail(request: HttpRequest, pk: int) -> HttpResponse:
    framework = get_object_or_404(Framework, pk=pk)
    areas = framework.areas.prefetch_related("criteria__indicators")
    return render(
        request,
        "selfassessment/framework_detail.html",
        {
            "framework": framework,
            "areas": areas,
            "levels": framework.levels.all(),
            "used": framework.is_used,
            "later": services.editable_version(framework),
            "rounds": framework.rounds.all(),
        },
    )


class _UsedVersion(Exception):
    def __init__(self, framework: Framework) -> None:
        super().__init__(framework.pk)
        self.framework = framework


def _editable(framework: Framework) -> None:
    if framework.is_used:
        raise _UsedVersion(framework)


def edits_unused_version(view: Any) -> Any:
    """An old edit link of a version a round uses leads to the framework's page, which offers
    a new version to edit, with a message instead of a bare "not found"."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response: HttpResponse = view(request, *args, **kwargs)
        except _UsedVersion as used:
            messages.warning(
                request,
                _(
                    "Version %(version)d is used by a round, so it stays as it is; "
                    "create a new version to edit the framework."
                )
                % {"version": used.framework.version},
            )
            return redirect(used.framework)
        return response

    return wrapper


@manage_only
def framework_new(request: HttpRequest) -> HttpResponse:
    form = FrameworkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        framework = form.save()
        messages.success(request, _("The framework was created; add its scale and areas."))
        for value in range(1, 6):
            Level.objects.create(
                framework=framework, value=value, name_pl=str(value), descriptor_pl="—"
            )
        return redirect(framework)
    return _form_page(request, form, _("New framework"), reverse("selfassessment:home"))


@manage_only
@edits_unused_version
def framework_edit(request: HttpRequest, pk: int) -> HttpResponse:
    framework = get_object_or_404(Framework, pk=pk)
    _editable(framework)
    form = FrameworkForm(request.POST or None, instance=framework)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The framework was saved."))
        return redirect(framework)
    return _form_page(request, form, _("Edit the framework"), framework.get_absolute_url())


@manage_only
@require_POST
def framework_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    framework = get_object_or_404(Framework, pk=pk)
    copy = services.editable_version(framework) or services.new_version(framework)
    messages.success(
        request,
        _("Version %(new)s is ready to edit; rounds of version %(old)s keep their questions.")
        % {"new": copy.version, "old": framework.version},
    )
    return redirect(copy)


@manage_only
@edits_unused_version
def level_edit(request: HttpRequest, pk: int | None = None, framework_pk: int = 0) -> HttpResponse:
    if pk is None:
        framework = get_object_or_404(Framework, pk=framework_pk)
        _editable(framework)
        level = services.next_level(framework)
    else:
        level = get_object_or_404(Level, pk=pk)
        _editable(level.framework)
    form = LevelForm(request.POST or None, instance=level)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The level was saved."))
        return redirect(f"{level.framework.get_absolute_url()}#scale-heading")
    if pk is None:
        title = _("New level %(value)s of the scale") % {"value": level.value}
    else:
        title = _("Level %(value)s of the scale") % {"value": level.value}
    return _form_page(request, form, title, level.framework.get_absolute_url())


@manage_only
@require_POST
@edits_unused_version
def level_delete(request: HttpRequest, pk: int) -> HttpResponse:
    level = get_object_or_404(Level.objects.select_related("framework"), pk=pk)
    _editable(level.framework)
    try:
        services.remove_level(level)
    except services.ScaleChangeRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request, _("Level %(value)s was removed from the scale.") % {"value": level.value}
        )
    return redirect(f"{level.framework.get_absolute_url()}#scale-heading")


@manage_only
@edits_unused_version
def area_edit(request: HttpRequest, framework_pk: int, pk: int | None = None) -> HttpResponse:
    framework = get_object_or_404(Framework, pk=framework_pk)
    _editable(framework)
    area = get_object_or_404(Area, pk=pk, framework=framework) if pk else None
    if area is None:
        area = Area(framework=framework, position=framework.areas.count() + 1)
    form = AreaForm(request.POST or None, instance=area)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The area was saved."))
        return redirect(f"{framework.get_absolute_url()}#area-{area.pk}")
    title = _("Edit the area") if pk else _("New area")
    return _form_page(request, form, title, framework.get_absolute_url())


@manage_only
@require_POST
@edits_unused_version
def area_delete(request: HttpRequest, pk: int) -> HttpResponse:
    area = get_object_or_404(Area, pk=pk)
    framework = area.framework
    _editable(framework)
    area.delete()
    services.renumber_areas(framework)
    messages.success(request, _("The area and its criteria were removed."))
    return redirect(framework)


@manage_only
@edits_unused_version
def criterion_edit(request: HttpRequest, area_pk: int, pk: int | None = None) -> HttpResponse:
    area = get_object_or_404(Area.objects.select_related("framework"), pk=area_pk)
    _editable(area.framework)
    criterion = get_object_or_404(Criterion, pk=pk, area=area) if pk else None
    if criterion is None:
        criterion = Criterion(area=area, position=area.criteria.count() + 1)
    form = CriterionForm(request.POST or None, instance=criterion)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The criterion was saved."))
        return redirect(f"{area.framework.get_absolute_url()}#area-{area.pk}")
    title = _("Edit the criterion") if pk else _("New criterion")
    return _form_page(request, form, f"{title} — {area}", area.framework.get_absolute_url())


@manage_only
@require_POST
@edits_unused_version
def criterion_delete(request: HttpRequest, pk: int) -> HttpResponse:
    criterion = get_object_or_404(Criterion.objects.select_related("area__framework"), pk=pk)
    area = criterion.area
    _editable(area.framework)
    criterion.delete()
    services.renumber_criteria(area)
    messages.success(request, _("The criterion was removed."))
    return redirect(area.framework)


@manage_only
def framework_export(request: HttpRequest, pk: int, ext: str) -> HttpResponse:
    framework = get_object_or_404(Framework, pk=pk)
    name = f"{slugify(framework.code)}-v{framework.version}"
    if ext == "json":
        return _download(frameworks.to_json(framework), "application/json", f"{name}.json")
    if ext == "xlsx":
        return _download(frameworks.to_xlsx(framework), XLSX_TYPE, f"{name}.xlsx")
    raise Http404


# An import is checked, shown, and stored only when the office confirms it. Between the two
# steps the file waits in the session (they are small: a framework or a round's numbers).
MAX_PENDING_BYTES = 2 * 1024 * 1024


def _pending(request: HttpRequest, kind: str) -> tuple[str, bytes] | None:
    stored = request.session.get(f"selfassessment-import-{kind}")
    if not stored:
        return None
    return stored["name"], base64.b64decode(stored["content"])


def _keep_pending(request: HttpRequest, kind: str, name: str, content: bytes) -> None:
    request.session[f"selfassessment-import-{kind}"] = {
        "name": name,
        "content": base64.b64encode(content).decode(),
    }


def _drop_pending(request: HttpRequest, kind: str) -> None:
    request.session.pop(f"selfassessment-import-{kind}", None)


def _too_big(content: bytes) -> list[str]:
    if len(content) > MAX_PENDING_BYTES:
        return [_("The file is larger than %(mb)d MB.") % {"mb": MAX_PENDING_BYTES // 1024 // 1024}]
    return []


def _read_framework(name: str, content: bytes) -> dict[str, Any]:
    if name.lower().endswith(".xlsx"):
        return frameworks.read_xlsx(content)
    return frameworks.read_json(content)


@manage_only
def framework_import(request: HttpRequest) -> HttpResponse:
    form = FrameworkFileForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and "cancel" in request.POST:
        _drop_pending(request, "framework")
        messages.info(request, _("The import was cancelled; nothing was stored."))
        return redirect("selfassessment:framework_import")
    if request.method == "POST" and "confirm" in request.POST:
        pending = _pending(request, "framework")
        if pending is None:
            messages.error(request, _("Choose the file again."))
            return redirect("selfassessment:framework_import")
        try:
            framework, _created = frameworks.save(_read_framework(*pending))
        except frameworks.FrameworkFileError as exc:
            problems = exc.problems
        else:
            _drop_pending(request, "framework")
            messages.success(
                request,
                _("The framework %(name)s was imported as version %(version)s.")
                % {"name": framework.name, "version": framework.version},
            )
            return redirect(framework)
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        problems = _too_big(content)
        if not problems:
            try:
                data = _read_framework(upload.name, content)
            except frameworks.FrameworkFileError as exc:
                problems = exc.problems
            else:
                _keep_pending(request, "framework", upload.name, content)
                latest = Framework.objects.filter(code=data["code"]).order_by("-version").first()
                version = latest.version + 1 if latest else data["version"]
                return render(
                    request,
                    "selfassessment/import_preview.html",
                    {
                        "title": _("Import a framework: check before storing"),
                        "facts": [
                            (_("File"), upload.name),
                            (_("Framework name"), data["name_pl"]),
                            (_("Code"), data["code"]),
                            (_("Will be stored as version"), version),
                            (_("Levels of the scale"), len(data["levels"])),
                            (
                                _("Criteria"),
                                sum(len(a["criteria"]) for a in data["areas"]),
                            ),
                        ],
                        "headers": [_("Code"), _("Area"), _("Criteria")],
                        "rows": [
                            [a["code"], a["name_pl"], len(a["criteria"])] for a in data["areas"]
                        ],
                        "back_url": reverse("selfassessment:framework_import"),
                    },
                )
    return _form_page(
        request,
        form,
        _("Import a framework"),
        reverse("selfassessment:home"),
        problems=problems,
        multipart=True,
        intro=_(
            "A JSON or XLSX file as exported from a framework's page. An existing code is "
            "imported as its next version; nothing is stored if the file has a problem."
        ),
    )


# ---------------------------------------------------------------------------------------------
# Rounds


def _round(request: HttpRequest, pk: int) -> Round:
    return get_object_or_404(services.visible_rounds(request.user), pk=pk)


@manage_only
def round_new(request: HttpRequest) -> HttpResponse:
    initial = {
        "framework": services.ready_version("comorelp"),
        "region": Unit.objects.filter(code=settings.LLL_HOME_REGION).first(),
        "body": Body.objects.filter(short_name="WZK").first(),
    }
    form = RoundForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        round_ = services.create_round(
            framework=data["framework"],
            title=data["title"],
            region=data["region"],
            period=data["period"],
            body=data["body"],
            closes_on=data["closes_on"],
            user=request.user,
            add_members=data["add_members"],
        )
        messages.success(
            request,
            _("The round was opened with %(n)d respondents.") % {"n": round_.respondents.count()},
        )
        if not Round.objects.filter(framework=round_.framework).exclude(pk=round_.pk).exists():
            messages.warning(
                request,
                _(
                    "No round used version %(version)d of this framework before: check its "
                    "questions before inviting the respondents."
                )
                % {"version": round_.framework.version},
            )
        return redirect(round_)
    return _form_page(request, form, _("New self-assessment round"), reverse("selfassessment:home"))


@manage_only
def round_edit(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round, pk=pk)
    form = RoundEditForm(request.POST or None, instance=round_)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The round was saved."))
        return redirect(round_)
    return _form_page(request, form, _("Edit the round"), round_.get_absolute_url())


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    manage = services.can_manage(request.user)
    rows = services.progress(round_) if manage else []
    sort = request.GET.get("sort", "")
    if sort == "progress":
        rows.sort(key=lambda r: (r.answered, bool(r.respondent.submitted_at)))
    elif sort == "group":
        rows.sort(key=lambda r: polish_key(r.respondent.group))
    else:
        rows.sort(
            key=lambda r: (
                polish_key(r.respondent.person.last_name),
                polish_key(r.respondent.person.first_name),
            )
        )
    if manage and wants_export(request):
        headers = [
            _("Respondent"),
            _("Group"),
            _("Answered"),
            _("Don't know"),
            _("Of"),
            _("Submitted"),
        ]
        return export_response(
            request,
            "postep-samooceny",
            headers,
            [
                [
                    r.respondent.person.full_name,
                    r.respondent.group,
                    r.answered,
                    r.dont_know,
                    r.total,
                    r.respondent.submitted_at,
                ]
                for r in rows
            ],
        )
    return render(
        request,
        "selfassessment/round_detail.html",
        {
            "round": round_,
            "rows": rows,
            "can_manage": manage,
            "me": services.respondent_of(request.user, round_),
            "may_see_results": services.may_see_results(request.user, round_),
            "respondent_form": RespondentForm() if manage else None,
            "statuses": Round.Status.choices,
            "submitted": sum(1 for r in rows if r.respondent.submitted_at),
            "sort": sort,
        },
    )


@manage_only
@require_POST
def round_status(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round, pk=pk)
    status = request.POST.get("status", "")
    if status not in Round.Status.values:
        messages.error(request, _("Unknown status."))
    else:
        services.set_status(round_, status)
        messages.success(
            request, _("The round is now: %(status)s.") % {"status": round_.get_status_display()}
        )
    return redirect(round_)


@manage_only
@require_POST
def round_invite(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round, pk=pk)
    if round_.status != Round.Status.OPEN:
        messages.error(request, _("This round no longer accepts answers."))
        return redirect(round_)
    link = request.build_absolute_uri(reverse("selfassessment:respond", args=[round_.pk]))
    send_invitations.enqueue(round_.pk, link)
    messages.success(
        request,
        _("The e-mails to respondents who have not submitted are being sent; see the table."),
    )
    return redirect(f"{round_.get_absolute_url()}#respondents")


@manage_only
@require_POST
def respondent_add(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round, pk=pk)
    form = RespondentForm(request.POST)
    if form.is_valid():
        respondent, created = services.add_respondent(round_, form.cleaned_data["person"])
        if created:
            messages.success(request, _("%(name)s was added.") % {"name": respondent.person})
        else:
            messages.info(
                request, _("%(name)s is already a respondent.") % {"name": respondent.person}
            )
    else:
        messages.error(request, _("Choose a person from the list."))
    return redirect(f"{round_.get_absolute_url()}#respondents")


@manage_only
@require_POST
def respondent_remove(request: HttpRequest, pk: int) -> HttpResponse:
    respondent = get_object_or_404(Respondent.objects.select_related("round", "person"), pk=pk)
    round_ = respondent.round
    if respondent.answers.exists():
        messages.error(
            request,
            _("%(name)s has answered already; their answers stay.") % {"name": respondent.person},
        )
    else:
        respondent.delete()
        messages.success(
            request, _("%(name)s was removed from the round.") % {"name": respondent.person}
        )
    return redirect(f"{round_.get_absolute_url()}#respondents")


# ---------------------------------------------------------------------------------------------
# Answering


def _my_respondent(request: HttpRequest, pk: int) -> Respondent:
    round_ = _round(request, pk)
    respondent = services.respondent_of(request.user, round_)
    if respondent is None:
        raise Http404
    return respondent


@login_required
def respond(request: HttpRequest, pk: int) -> HttpResponse:
    """The respondent's overview: every area with how much of it is answered; submit."""
    respondent = _my_respondent(request, pk)
    round_ = respondent.round
    answered = set(
        Answer.objects.filter(respondent=respondent)
        .exclude(rating__isnull=True, dont_know=False)
        .values_list("criterion_id", flat=True)
    )
    areas = []
    for area in round_.framework.areas.prefetch_related("criteria"):
        ids = [c.pk for c in area.criteria.all()]
        areas.append((area, sum(1 for i in ids if i in answered), len(ids)))
    total = sum(t for _a, _d, t in areas)
    return render(
        request,
        "selfassessment/respond.html",
        {
            "round": round_,
            "respondent": respondent,
            "areas": areas,
            "answered": len(answered),
            "total": total,
            "levels": round_.framework.levels.all(),
            "first_open": next((a for a, done, t in areas if done < t), None),
        },
    )


@login_required
def respond_area(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    respondent = _my_respondent(request, pk)
    round_ = respondent.round
    area = get_object_or_404(round_.framework.areas, code=code)
    areas = list(round_.framework.areas.all())
    index = next(i for i, a in enumerate(areas) if a.pk == area.pk)
    criteria = list(area.criteria.prefetch_related("indicators"))
    levels = services.levels_of(round_.framework)
    existing = {
        a.criterion_id: a
        for a in Answer.objects.filter(respondent=respondent, criterion__in=criteria)
    }
    locked = (
        round_.status != Round.Status.OPEN
        or respondent.submitted_at is not None
        or services.past_deadline(round_)
    )
    forms_ = []
    for criterion in criteria:
        answer = existing.get(criterion.pk)
        initial = {}
        if answer:
            initial = {
                "rating": DONT_KNOW
                if answer.dont_know
                else (str(answer.rating) if answer.rating else ""),
                "comment": answer.comment,
                "evidence_link": answer.evidence_link,
            }
        else:
            initial = {"rating": ""}
        data = request.POST if request.method == "POST" else None
        files = request.FILES if request.method == "POST" else None
        form = AnswerForm(data, files, prefix=f"c{criterion.pk}", initial=initial, levels=levels)
        if locked:
            for field in form.fields.values():
                field.disabled = True
        forms_.append((criterion, form, answer))
    if request.method == "POST" and not locked:
        if all(form.is_valid() for _c, form, _a in forms_):
            inputs = []
            for criterion, form, _answer in forms_:
                value = form.cleaned_data["rating"]
                inputs.append(
                    services.AnswerInput(
                        criterion=criterion,
                        rating=int(value) if value and value != DONT_KNOW else None,
                        dont_know=value == DONT_KNOW,
                        comment=form.cleaned_data["comment"],
                        evidence_link=form.cleaned_data["evidence_link"],
                        evidence_file=form.cleaned_data["evidence_file"],
                        remove_file=form.cleaned_data["remove_file"],
                    )
                )
            try:
                services.save_answers(respondent, inputs)
            except services.RoundClosed as exc:
                messages.error(request, str(exc))
                return redirect("selfassessment:respond_area", round_.pk, area.code)
            messages.success(request, _("Your answers were saved as a draft."))
            if "next" in request.POST and index + 1 < len(areas):
                return redirect("selfassessment:respond_area", round_.pk, areas[index + 1].code)
            if "next" in request.POST:
                return redirect("selfassessment:respond", round_.pk)
            return redirect("selfassessment:respond_area", round_.pk, area.code)
        messages.error(
            request,
            _("Nothing on this page was saved: correct the answers marked below and save again."),
        )
    evidence = services.indicator_evidence(criteria, request.user, round_.region)
    return render(
        request,
        "selfassessment/respond_area.html",
        {
            "round": round_,
            "area": area,
            "items": [(c, f, a, evidence.get(c.pk, [])) for c, f, a in forms_],
            "levels": levels,
            "locked": locked,
            "previous": areas[index - 1] if index > 0 else None,
            "next": areas[index + 1] if index + 1 < len(areas) else None,
            "position": index + 1,
            "count": len(areas),
        },
    )


@login_required
@require_POST
def respond_submit(request: HttpRequest, pk: int) -> HttpResponse:
    respondent = _my_respondent(request, pk)
    try:
        services.submit(respondent)
    except (services.IncompleteAnswers, services.RoundClosed) as exc:
        messages.error(request, str(exc))
        return redirect("selfassessment:respond", pk)
    messages.success(request, _("Thank you: your answers were submitted."))
    return redirect(respondent.round)


@login_required
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    """The respondent themselves and the office may open an attached file."""
    answer = get_object_or_404(Answer.objects.select_related("respondent__round"), pk=pk)
    mine = services.respondent_of(request.user, answer.respondent.round)
    if not (services.can_manage(request.user) or (mine and mine.pk == answer.respondent_id)):
        raise Http404
    if not answer.evidence_file:
        raise Http404
    name = answer.evidence_file.name.rpartition("/")[2]
    return FileResponse(answer.evidence_file.open("rb"), as_attachment=True, filename=name)


# ---------------------------------------------------------------------------------------------
# Results


def _results_round(request: HttpRequest, pk: int) -> Round:
    round_ = _round(request, pk)
    if not services.may_see_results(request.user, round_):
        raise Http404
    return round_


@login_required
def results(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _results_round(request, pk)
    area_results = services.results(round_)
    if wants_export(request):
        headers = [
            _("Code"),
            _("Criterion"),
            "n",
            _("Don't know"),
            _("Median"),
            _("Mean"),
            "Q1",
            "Q3",
            _("Minimum"),
            _("Maximum"),
        ]
        rows = [
            [
                c.criterion.code,
                c.criterion.statement,
                c.stats.n,
                c.dont_know,
                c.stats.median,
                c.stats.mean,
                c.stats.q1,
                c.stats.q3,
                c.stats.low,
                c.stats.high,
            ]
            for a in area_results
            for c in a.criteria
        ]
        return export_response(request, "wyniki-samooceny", headers, rows)
    previous = services.previous_round(round_)
    change_rows = services.changes(area_results, services.results(previous)) if previous else []
    labels = [a.area.short for a in area_results]
    series = {f"{round_.period}": [a.stats.median for a in area_results]}
    if previous:
        series[f"{previous.period}"] = [c.before for c in change_rows]
    radar_spec = charts.radar(
        labels,
        series,
        _("Radar of the areas' medians; the table below has the same numbers."),
    )
    manage = services.can_manage(request.user)
    heat = services.heatmap(round_, 1 if manage else services.SMALL_GROUP)
    heat_spec = charts.heatmap(
        [c.code for c, _v in heat.rows],
        heat.groups,
        [v for _c, v in heat.rows],
        _("Median rating of each criterion by group; the table below has the same numbers."),
    )
    return render(
        request,
        "selfassessment/results.html",
        {
            "round": round_,
            "areas": area_results,
            "disagreement": services.disagreement(area_results),
            "previous": previous,
            "changes": change_rows,
            "radar_spec": radar_spec,
            "heat": heat,
            "heat_spec": heat_spec,
            "can_manage": manage,
            "small_group": services.SMALL_GROUP,
            "submitted": round_.respondents.filter(submitted_at__isnull=False).count(),
            "comments": services.comments(round_),
        },
    )


@manage_only
def consensus(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round, pk=pk)
    area_results = services.results(round_)
    areas = [a.area for a in area_results]
    levels = services.levels_of(round_.framework)
    if wants_export(request):
        headers = [_("Area"), _("Action to take"), _("Owner"), _("Due date"), _("Follow-up board")]
        priority_rows = [
            [
                p.area.code if p.area else "",
                p.action,
                p.owner.full_name,
                p.due_date,
                str(p.action_item.meeting) if p.action_item else "",
            ]
            for p in round_.priorities.select_related("area", "owner", "action_item__meeting__body")
        ]
        return export_response(request, "priorytety", headers, priority_rows)
    current = {c.area_id: c for c in round_.consensus.all()}
    initial: dict[str, Any] = {"note": round_.consensus_note}
    for area in areas:
        if area.pk in current:
            initial[f"rating_{area.pk}"] = current[area.pk].rating
            initial[f"note_{area.pk}"] = current[area.pk].note
    form = ConsensusForm(request.POST or None, initial=initial, areas=areas, levels=levels)
    if request.method == "POST" and form.is_valid():
        services.record_consensus(
            round_,
            {
                a: (form.cleaned_data[f"rating_{a.pk}"], form.cleaned_data[f"note_{a.pk}"])
                for a in areas
            },
        )
        round_.consensus_note = form.cleaned_data["note"]
        round_.save(update_fields=["consensus_note"])
        messages.success(request, _("The consensus was recorded."))
        return redirect("selfassessment:consensus", round_.pk)
    rows = [(a, form[f"rating_{a.area.pk}"], form[f"note_{a.area.pk}"]) for a in area_results]
    return render(
        request,
        "selfassessment/consensus.html",
        {
            "round": round_,
            "form": form,
            "rows": rows,
            "priorities": round_.priorities.select_related(
                "area", "owner", "action_item__meeting__body"
            ),
            "priority_form": PriorityForm(round_=round_),
            "board_form": BoardForm(round_=round_),
        },
    )


@manage_only
def priority_add(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round, pk=pk)
    form = PriorityForm(request.POST or None, round_=round_, instance=Priority(round=round_))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The priority was added to the action plan."))
        return redirect(f"{reverse('selfassessment:consensus', args=[round_.pk])}#priorities")
    return _form_page(
        request, form, _("New priority"), reverse("selfassessment:consensus", args=[round_.pk])
    )


@manage_only
def priority_edit(request: HttpRequest, pk: int) -> HttpResponse:
    priority = get_object_or_404(Priority.objects.select_related("round"), pk=pk)
    back = f"{reverse('selfassessment:consensus', args=[priority.round_id])}#priorities"
    form = PriorityForm(request.POST or None, round_=priority.round, instance=priority)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The priority was saved."))
        return redirect(back)
    return _form_page(request, form, _("Edit the priority"), back)


@manage_only
@require_POST
def priority_delete(request: HttpRequest, pk: int) -> HttpResponse:
    priority = get_object_or_404(Priority, pk=pk)
    priority.delete()
    messages.success(
        request, _("The priority was removed (its action item, if any, stays on the board).")
    )
    return redirect(f"{reverse('selfassessment:consensus', args=[priority.round_id])}#priorities")


@manage_only
@require_POST
def priority_to_board(request: HttpRequest, pk: int) -> HttpResponse:
    priority = get_object_or_404(Priority.objects.select_related("round", "owner"), pk=pk)
    form = BoardForm(request.POST, round_=priority.round)
    if form.is_valid():
        item = services.put_on_board(priority, form.cleaned_data["meeting"])
        messages.success(
            request, _("“%(title)s” is on the follow-up board.") % {"title": item.title}
        )
    else:
        messages.error(request, _("Choose a meeting."))
    return redirect(f"{reverse('selfassessment:consensus', args=[priority.round_id])}#priorities")


@login_required
def report(request: HttpRequest, pk: int, ext: str) -> HttpResponse:
    round_ = _results_round(request, pk)
    name = documents.filename(round_, ext)
    if ext == "pdf":
        return _download(documents.render_pdf(round_), "application/pdf", name)
    if ext == "docx":
        return _download(documents.render_docx(round_), DOCX_TYPE, name)
    raise Http404


@manage_only
def export_results(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(Round, pk=pk)
    try:
        data = exchange.export_json(round_)
    except exchange.NotClosed as exc:
        messages.error(request, str(exc))
        return redirect(round_)
    name = (
        f"samoocena-{slugify(round_.region.name.replace('ł', 'l'))}-{slugify(round_.period)}.json"
    )
    return _download(data, "application/json", name)


# ---------------------------------------------------------------------------------------------
# Other regions


@manage_only
def external_list(request: HttpRequest) -> HttpResponse:
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
    problems: list[str] = []
    if request.method == "POST" and "cancel" in request.POST:
        _drop_pending(request, "results")
        messages.info(request, _("The import was cancelled; nothing was stored."))
        return redirect("selfassessment:external_list")
    if request.method == "POST" and "confirm" in request.POST:
        pending = _pending(request, "results")
        if pending is None:
            messages.error(request, _("Choose the file again."))
            return redirect("selfassessment:external_list")
        name, content = pending
        try:
            external = exchange.import_results(content, name, request.user)
        except exchange.ResultsFileError as exc:
            problems = exc.problems
        else:
            _drop_pending(request, "results")
            messages.success(
                request, _("The results of %(name)s were imported.") % {"name": external}
            )
            return redirect(external)
    elif request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        problems = _too_big(content)
        if not problems:
            try:
                clean = exchange.read_results(content)
            except exchange.ResultsFileError as exc:
                problems = exc.problems
            else:
                _keep_pending(request, "results", upload.name, content)
                return render(
                    request,
                    "selfassessment/import_preview.html",
                    {
                        "title": _("Import another region's results: check before storing"),
                        "example": clean["is_example"],
                        "facts": [
                            (_("File"), upload.name),
                            (_("Region"), clean["region_name"]),
                            (_("Period"), clean["period"]),
                            (
                                _("Framework"),
                                f"{clean['framework_code']} v{clean['framework_version']}",
                            ),
                            (_("Respondents"), clean["respondent_count"]),
                        ],
                        "headers": [_("Code"), _("Area"), "n", _("Median")],
                        "rows": [
                            [a["code"], a["name_pl"], a["n"], a["median"]]
                            for a in clean["results"]["areas"]
                        ],
                        "back_url": reverse("selfassessment:external_list"),
                    },
                )
    return render(
        request,
        "selfassessment/external_list.html",
        {"externals": ExternalRound.objects.all(), "form": form, "problems": problems},
    )


@manage_only
def external_detail(request: HttpRequest, pk: int) -> HttpResponse:
    external = get_object_or_404(ExternalRound, pk=pk)
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
def external_delete(request: HttpRequest, pk: int) -> HttpResponse:
    external = get_object_or_404(ExternalRound, pk=pk)
    external.delete()
    messages.success(request, _("The imported results were deleted."))
    return redirect("selfassessment:external_list")


@manage_only
def example_file(request: HttpRequest) -> HttpResponse:
    return _download(
        exchange.EXAMPLE_FILE.read_bytes(), "application/json", exchange.EXAMPLE_FILE.name
    )
