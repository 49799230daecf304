"""Polls: the ballot, members' proposed options, the office's options, status and decision."""

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lll.coordination.access import person_of
from lll.core.access import AuthenticatedRequest, requires
from lll.core.errors import NotAllowed, UserError

from .. import access, charts, services
from ..access import MANAGE
from ..forms import DecisionForm, OptionForm, PollForm, ProposalForm
from ..models import Poll
from .common import form_page


@requires(MANAGE)
def poll_edit(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    poll = access.get_poll_for(request, pk) if pk else None
    # From a meeting's page: the poll belongs to that meeting.
    initial = (
        {} if poll else {k: request.GET.get(k) for k in ("body", "meeting") if request.GET.get(k)}
    )
    form = PollForm(request.POST or None, instance=poll, initial=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            poll = form.save(commit=False)
            created = poll.pk is None
            if created:
                poll.created_by = request.user
            poll.save()
            if created:
                for label, details in form.options():
                    services.add_option(poll, label, details)
        messages.success(request, _("The poll was saved."))
        return redirect(poll)
    title = _("Edit the poll") if poll else _("New poll")
    back = poll.get_absolute_url() if poll else reverse("consultations:home")
    return form_page(request, form, title, back)


@requires()
def poll_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _poll_page(request, access.get_poll_for(request, pk))


def _poll_page(request: AuthenticatedRequest, poll: Poll, vote_error: str = "") -> HttpResponse:
    """The poll's page; `vote_error` stands in the vote form, which takes the focus."""
    person = person_of(request.user)
    can_manage = access.can_manage(request.user)
    may_vote = poll.is_open and services.may_vote(poll, person)
    voted = services.has_voted(poll, person)
    closed = poll.current_status == Poll.Status.CLOSED
    results = services.results(poll)
    show_results = closed or can_manage
    chart = (
        charts.results_chart(
            results,
            poll.method == Poll.Method.RANKING,
            _("Bar chart of the results; the table below gives the same numbers."),
        )
        if show_results and results.ballots
        else None
    )
    return render(
        request,
        "consultations/poll_detail.html",
        {
            "poll": poll,
            "vote_error": vote_error,
            "options": poll.options.select_related("proposed_by"),
            "person": person,
            "may_vote": may_vote and not voted,
            "voted": voted,
            "closed": closed,
            "results": results,
            "show_results": show_results,
            "chart": chart,
            "ballots": services.open_ballots(poll) if show_results else [],
            "proposal_form": ProposalForm()
            if poll.is_open and poll.allow_proposals and may_vote and not voted
            else None,
            "option_form": OptionForm() if can_manage and not poll.ballots.exists() else None,
            "can_manage": can_manage,
            "ranks": range(1, poll.options.count() + 1),
        },
    )


def _chosen(request: HttpRequest, poll: Poll) -> list[int]:
    """The ballot from the form: option ids, in order of preference for a ranking."""
    try:
        if poll.method == Poll.Method.RANKING:
            ranked = []
            for key in request.POST:
                value = request.POST.get(key, "")
                if key.startswith("rank-") and value:
                    ranked.append((int(value), int(key.removeprefix("rank-"))))
            if len({rank for rank, _option in ranked}) != len(ranked):
                raise NotAllowed(_("Give each option a different place in the ranking."))
            return [option for _rank, option in sorted(ranked)]
        return [int(value) for value in request.POST.getlist("option")]
    except ValueError as error:
        raise NotAllowed(_("Choose among the poll's options, each at most once.")) from error


@requires()
@require_POST
def poll_vote(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    poll = access.get_poll_for(request, pk)
    try:
        services.cast_vote(poll, person_of(request.user), _chosen(request, poll))
    except UserError as error:
        # The page again with the reason in the form, focused: not a message at the top of a
        # reloaded page, where a keyboard or screen reader user would start over.
        response = _poll_page(request, poll, vote_error=error.message)
        response.status_code = 400
        return response
    else:
        messages.success(request, _("Your vote was recorded. Thank you."))
    return redirect(poll)


@requires()
@require_POST
def poll_propose(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    poll = access.get_poll_for(request, pk)
    form = ProposalForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the option and say why it should be added."))
        return redirect(poll)
    try:
        option = services.propose_option(
            poll,
            person_of(request.user),
            form.cleaned_data["label"],
            form.cleaned_data["details"],
            form.cleaned_data["justification"],
        )
    except UserError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The option “%(label)s” was added to the poll.") % {"label": option.label}
        )
    return redirect(poll)


@requires(MANAGE)
@require_POST
def poll_option_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    poll = access.get_poll_for(request, pk)
    form = OptionForm(request.POST)
    if poll.ballots.exists():
        messages.error(request, _("Votes were cast; only members' proposals can add options now."))
    elif form.is_valid():
        try:
            services.add_option(
                poll,
                form.cleaned_data["label"],
                form.cleaned_data["details"],
                justification=form.cleaned_data["justification"],
            )
        except UserError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The option was added."))
    else:
        messages.error(request, _("Give the option."))
    return redirect(poll)


@requires(MANAGE)
@require_POST
def poll_status(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    poll = access.get_poll_for(request, pk)
    try:
        sent, failed = services.set_poll_status(
            poll, request.POST.get("status", ""), request.build_absolute_uri("/")
        )
    except UserError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Status: %s.") % poll.get_current_status_display())
        if sent or failed:
            messages.info(
                request,
                _("Members notified by e-mail: %(sent)s; failed: %(failed)s.")
                % {"sent": sent, "failed": failed},
            )
    return redirect(poll)


@requires(MANAGE)
def poll_decision(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    poll = access.get_poll_for(request, pk)
    # The form edits a copy of its own; the service checks its rules on the stored object.
    form = DecisionForm(request.POST or None, instance=access.get_poll_for(request, pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.record_decision(
                poll, form.cleaned_data["decision"], form.cleaned_data["decision_meeting"]
            )
        except UserError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The decision was recorded."))
            return redirect(poll)
    return form_page(request, form, _("The decision taken"), poll.get_absolute_url())
