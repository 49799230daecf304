"""Results of a round, the consensus and priorities agreed on them, and the report."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lll.core.access import AuthenticatedRequest, requires
from lll.core.downloads import DOCX_TYPE, JSON_TYPE, PDF_TYPE, download
from lll.core.errors import UserError
from lll.core.exports import export_response, wants_export

from .. import access, charts, documents, exchange, services
from ..forms import BoardForm, ConsensusForm, PriorityForm
from ..models import Priority
from .common import form_page, manage_only


@requires()
def results(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    round_ = access.get_results_round_for(request, pk)
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
    manage = access.can_manage(request.user)
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
def consensus(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    round_ = access.get_managed_round_for(request, pk)
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
def priority_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    round_ = access.get_managed_round_for(request, pk)
    form = PriorityForm(request.POST or None, round_=round_, instance=Priority(round=round_))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The priority was added to the action plan."))
        return redirect(f"{reverse('selfassessment:consensus', args=[round_.pk])}#priorities")
    return form_page(
        request, form, _("New priority"), reverse("selfassessment:consensus", args=[round_.pk])
    )


@manage_only
def priority_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    priority = access.get_priority_for(request, pk)
    back = f"{reverse('selfassessment:consensus', args=[priority.round_id])}#priorities"
    form = PriorityForm(request.POST or None, round_=priority.round, instance=priority)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The priority was saved."))
        return redirect(back)
    return form_page(request, form, _("Edit the priority"), back)


@manage_only
@require_POST
def priority_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    priority = access.get_priority_for(request, pk)
    priority.delete()
    messages.success(
        request, _("The priority was removed (its action item, if any, stays on the board).")
    )
    return redirect(f"{reverse('selfassessment:consensus', args=[priority.round_id])}#priorities")


@manage_only
@require_POST
def priority_to_board(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    priority = access.get_priority_for(request, pk)
    form = BoardForm(request.POST, round_=priority.round)
    if form.is_valid():
        item = services.put_on_board(priority, form.cleaned_data["meeting"])
        messages.success(
            request, _("“%(title)s” is on the follow-up board.") % {"title": item.title}
        )
    else:
        messages.error(request, _("Choose a meeting."))
    return redirect(f"{reverse('selfassessment:consensus', args=[priority.round_id])}#priorities")


@requires()
def report(request: AuthenticatedRequest, pk: int, ext: str) -> HttpResponse:
    round_ = access.get_results_round_for(request, pk)
    name = documents.filename(round_, ext)
    if ext == "pdf":
        return download(documents.render_pdf(round_), name, PDF_TYPE)
    if ext == "docx":
        return download(documents.render_docx(round_), name, DOCX_TYPE)
    raise Http404


@manage_only
def export_results(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    round_ = access.get_managed_round_for(request, pk)
    try:
        data = exchange.export_json(round_)
    except UserError as error:
        messages.error(request, error.message)
        return redirect(round_)
    name = (
        f"samoocena-{slugify(round_.region.name.replace('ł', 'l'))}-{slugify(round_.period)}.json"
    )
    return download(data, name, JSON_TYPE)
