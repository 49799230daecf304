"""Rounds: opening one for a team, its settings, status, respondents and invitations."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lll.coordination.models import Body
from lll.core.access import AuthenticatedRequest, requires
from lll.core.exports import export_response, wants_export
from lll.core.text import polish_key
from lll.territory.services import home_region

from .. import access, services
from ..forms import RespondentForm, RoundEditForm, RoundForm
from ..models import Round
from ..tasks import send_invitations
from .common import form_page, manage_only


@manage_only
def round_new(request: AuthenticatedRequest) -> HttpResponse:
    initial = {
        "framework": services.ready_version("comorelp"),
        "region": home_region(),
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
    return form_page(request, form, _("New self-assessment round"), reverse("selfassessment:home"))


@manage_only
def round_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    round_ = access.get_managed_round_for(request, pk)
    form = RoundEditForm(request.POST or None, instance=round_)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The round was saved."))
        return redirect(round_)
    return form_page(request, form, _("Edit the round"), round_.get_absolute_url())


@requires()
def round_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    round_ = access.get_round_for(request, pk)
    manage = access.can_manage(request.user)
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
            "me": access.respondent_of(request.user, round_),
            "may_see_results": access.may_see_results(request.user, round_),
            "respondent_form": RespondentForm() if manage else None,
            "statuses": Round.Status.choices,
            "submitted": sum(1 for r in rows if r.respondent.submitted_at),
            "sort": sort,
        },
    )


@manage_only
@require_POST
def round_status(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    round_ = access.get_managed_round_for(request, pk)
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
def round_invite(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    round_ = access.get_managed_round_for(request, pk)
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
def respondent_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    round_ = access.get_managed_round_for(request, pk)
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
def respondent_remove(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    respondent = access.get_respondent_for(request, pk)
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
