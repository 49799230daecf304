"""Answering: a respondent's questionnaire, area by area, their files, and submitting."""

from django.contrib import messages
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lll.core.access import AuthenticatedRequest, requires
from lll.core.errors import UserError

from .. import access, services
from ..forms import DONT_KNOW, AnswerForm
from ..models import Answer, Round


@requires()
def respond(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The respondent's overview: every area with how much of it is answered; submit."""
    respondent = access.get_my_respondent_for(request, pk)
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


@requires()
def respond_area(request: AuthenticatedRequest, pk: int, code: str) -> HttpResponse:
    respondent = access.get_my_respondent_for(request, pk)
    round_ = respondent.round
    area = access.get_area_to_answer(respondent, code)
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
            except UserError as error:
                messages.error(request, error.message)
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


@requires()
@require_POST
def respond_submit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    respondent = access.get_my_respondent_for(request, pk)
    try:
        services.submit(respondent)
    except UserError as error:
        messages.error(request, error.message)
        return redirect("selfassessment:respond", pk)
    messages.success(request, _("Thank you: your answers were submitted."))
    return redirect(respondent.round)


@requires()
def evidence_file(request: AuthenticatedRequest, pk: int) -> FileResponse:
    """The respondent themselves and the office may open an attached file."""
    answer = access.get_evidence_for(request, pk)
    name = answer.evidence_file.name.rpartition("/")[2]
    return FileResponse(answer.evidence_file.open("rb"), as_attachment=True, filename=name)
