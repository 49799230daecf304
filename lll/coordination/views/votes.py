"""A body's rules, votes at a meeting, circular votes (in the browser and by the e-mail link)."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lll.core.access import AuthenticatedRequest, requires
from lll.core.errors import UserError

from .. import access
from ..access import MANAGE
from ..forms_votes import BallotForm, CircularVoteForm, MeetingVoteForm, RulesForm
from ..models import MemberVote, Person, Vote, VoteChoice
from ..services import rules as rules_service
from ..services import votes as services
from .common import edit_page


@requires(MANAGE)
def body_rules(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    body = access.get_body_for(request, pk)
    rules = rules_service.rules_for(body)
    template = request.GET.get("template", "")
    initial = (
        dict(rules_service.TEMPLATES[template][1]) if template in rules_service.TEMPLATES else {}
    )
    form = RulesForm(request.POST or None, instance=rules, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            rules_service.save_rules(form.save(commit=False))
        except UserError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The rules were saved."))
            return redirect(body)
    return edit_page(
        request,
        form,
        _("Rules of procedure: %(body)s") % {"body": body},
        "",
        back_url=body.get_absolute_url(),
        template="coordination/rules_form.html",
        templates=[(key, label) for key, (label, _values) in rules_service.TEMPLATES.items()],
    )


def _vote_input(form: MeetingVoteForm) -> services.MeetingVoteInput:
    data = form.cleaned_data
    counts = None
    if data["recording"] == Vote.Recording.COUNTS:
        counts = (data["count_for"], data["count_against"], data["count_abstain"])
    return services.MeetingVoteInput(
        title=data["title"],
        subject=data["subject"],
        text=data["text"],
        addressee=data["addressee"],
        agenda_item=data["agenda_item"],
        recording=data["recording"],
        choices={p.pk: data[f"member_{p.pk}"] for p, _present in form.voters}
        if counts is None
        else {},
        counts=counts,
        casting=data["casting"] if counts is not None else "",
    )


@requires(MANAGE)
def meeting_vote(
    request: AuthenticatedRequest, meeting_pk: int, pk: int | None = None
) -> HttpResponse:
    meeting = access.get_meeting_for(request, meeting_pk)
    vote = access.get_vote_for(request, pk) if pk else None
    if vote is not None and vote.meeting_id != meeting.pk:
        return redirect(vote)
    voters = services.meeting_voters(meeting)
    initial: dict[str, Any]
    if vote is not None:
        recorded = {m.person_id: m.choice for m in vote.member_votes.all()}
        initial = {
            "title": vote.title,
            "subject": vote.subject,
            "agenda_item": vote.agenda_item_id,
            "text": vote.text,
            "addressee": vote.addressee,
            "recording": vote.recording,
            "count_for": vote.count_for,
            "count_against": vote.count_against,
            "count_abstain": vote.count_abstain,
            "casting": vote.casting,
        } | {f"member_{p.pk}": recorded.get(p.pk, "") for p, _present in voters}
    else:
        initial = {"agenda_item": request.GET.get("item")} | {
            f"member_{p.pk}": "" if present else VoteChoice.ABSENT for p, present in voters
        }
    form = MeetingVoteForm(request.POST or None, meeting=meeting, voters=voters, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            vote = services.record_meeting_vote(meeting, request.user, _vote_input(form), vote)
        except UserError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("The vote was recorded: %(outcome)s.") % {"outcome": vote.get_outcome_display()},
            )
            return redirect(f"{meeting.get_absolute_url()}#votes")
    return render(
        request,
        "coordination/vote_form.html",
        {
            "meeting": meeting,
            "vote": vote,
            "form": form,
            "question_fields": [form[name] for name in form.QUESTION_FIELDS],
            "count_fields": [form[name] for name in form.COUNT_FIELDS],
            "rules": rules_service.rules_for(meeting.body),
            "quorum": rules_service.quorum_needed(
                rules_service.rules_for(meeting.body), len(voters)
            ),
            "present": sum(1 for _p, present in voters if present),
            "choices": VoteChoice.choices,
            "title": _("Edit the vote") if vote else _("Put to the vote"),
        },
    )


@requires(MANAGE)
def circular_vote_new(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    body = access.get_body_for(request, pk)
    form = CircularVoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            vote = services.start_circular_vote(
                body,
                request.user,
                title=data["title"],
                subject=data["subject"],
                text=data["text"],
                addressee=data["addressee"],
                closes_at=data["closes_at"],
            )
        except UserError as error:
            form.add_error(None, error.message)
        else:
            sent, failed = services.send_vote_invitations(vote, request.build_absolute_uri("/"))
            messages.success(
                request,
                _("The circular vote is open; %(sent)s members got their link by e-mail.")
                % {"sent": sent},
            )
            if failed:
                messages.error(request, _("%(failed)s messages failed.") % {"failed": failed})
            return redirect(vote)
    return edit_page(
        request,
        form,
        _("New circular vote: %(body)s") % {"body": body},
        "",
        back_url=body.get_absolute_url(),
        submit_label=_("Open the vote and send the links"),
    )


def _vote_page(
    request: HttpRequest,
    vote: Vote,
    person: Person | None,
    token: str = "",
    form: BallotForm | None = None,
) -> HttpResponse:
    mine = vote.member_votes.filter(person=person).first() if person else None
    # While a circular vote runs, members see only their own vote: interim results could sway
    # those who have not voted yet. The office follows the turnout.
    interim = vote.is_open and vote.kind == Vote.Kind.CIRCULAR
    show_results = access.can_manage(request.user) or not interim
    return render(
        request,
        "coordination/vote_detail.html",
        {
            "vote": vote,
            "tally": services.tally(vote),
            "rules": rules_service.rules_for(vote.body),
            "member_votes": services.member_rows(vote) if show_results else [],
            "show_results": show_results,
            "resolution": getattr(vote, "resolution", None),
            "mine": mine,
            "may_vote": vote.is_open and services.may_vote(vote, person) and mine is None,
            "ballot": form or BallotForm(),
            "token": token,
            "can_manage": access.can_manage(request.user),
            "failed_deliveries": vote.deliveries.filter(sent=False)
            if access.can_manage(request.user)
            else [],
            "non_voters": services.non_voters(vote)
            if access.can_manage(request.user) and vote.is_open
            else [],
        },
    )


@requires()
def vote_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    vote = access.get_vote_for(request, pk)
    return _vote_page(request, vote, access.person_of(request.user))


@requires()
@require_POST
def vote_cast(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    vote = access.get_vote_for(request, pk)
    form = BallotForm(request.POST)
    person = access.person_of(request.user)
    if not form.is_valid():
        return _vote_page(request, vote, person, form=form)
    try:
        services.cast_circular_vote(
            vote, person, form.cleaned_data["choice"], MemberVote.Via.BROWSER
        )
    except UserError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your vote was recorded. Thank you."))
    return redirect(vote)


def vote_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """The member's e-mail link: no login needed, the signed token names the vote and the
    member. Opening the link shows the question; only the button casts the vote (a mail
    scanner that follows links votes for nobody)."""
    try:
        vote, person = services.read_token(token)
    except UserError as error:
        return render(
            request, "coordination/vote_link_invalid.html", {"message": error.message}, status=404
        )
    form = BallotForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cast_circular_vote(
                vote, person, form.cleaned_data["choice"], MemberVote.Via.EMAIL
            )
        except UserError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your vote was recorded. Thank you."))
        return redirect("coordination:vote_by_link", token)
    return _vote_page(request, vote, person, token=token, form=form)


@requires(MANAGE)
@require_POST
def vote_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    vote = access.get_vote_for(request, pk)
    if vote.kind == Vote.Kind.CIRCULAR and vote.status == Vote.Status.OPEN:
        early = vote.closes_at is not None and vote.closes_at > timezone.now()
        vote = services.close_vote(vote, early=early)
        messages.success(
            request,
            _("The vote was closed: %(outcome)s.") % {"outcome": vote.get_outcome_display()},
        )
    return redirect(vote)


@requires(MANAGE)
@require_POST
def vote_remind(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    vote = access.get_vote_for(request, pk)
    try:
        sent, failed = services.send_vote_reminders(vote, request.build_absolute_uri("/"))
    except UserError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Reminders sent: %(sent)s, failed: %(failed)s.") % {"sent": sent, "failed": failed},
        )
    return redirect(vote)
