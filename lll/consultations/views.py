from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from lll.accounts.models import User
from lll.coordination import services as coordination
from lll.core.decorators import staff_only
from lll.core.exports import XLSX_TYPE, export_response, wants_export

from . import charts, documents, services
from .forms import (
    ActionForm,
    CommentForm,
    ConsultationForm,
    DecisionForm,
    InstitutionCommentForm,
    OptionForm,
    PollForm,
    PositionForm,
    ProposalForm,
    ProvisionForm,
    RecommendationForm,
    ResponseForm,
    VisitForm,
)
from .models import Comment, Consultation, Poll, Provision, Recommendation, StudyVisit
from .tasks import send_reminders

manage_only = staff_only(services.MANAGE)
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _form_page(
    request: HttpRequest, form: object, title: str, back_url: str, **context: object
) -> HttpResponse:
    return render(
        request,
        "consultations/form.html",
        {"form": form, "title": title, "back_url": back_url, **context},
    )


def _download(data: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# ---------------------------------------------------------------------------------------------
# Overview: consultations and polls


@login_required
def home(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    status = request.GET.get("status", "")
    # A count drops the model's ordering (GROUP BY): the latest closing first, as the models say.
    consultations = (
        services.visible_consultations(request.user)
        .annotate(comment_count=Count("comments", filter=Q(comments__withdrawn_at__isnull=True)))
        .order_by("-closes_at", "pk")
    )
    polls = (
        services.visible_polls(request.user)
        .annotate(voters=Count("participations"))
        .order_by("-closes_at", "pk")
    )
    if query:
        consultations = consultations.filter(
            Q(title__icontains=query) | Q(legal_acts__icontains=query)
        )
        polls = polls.filter(question__icontains=query)
    sort = request.GET.get("sort", "-closes_at")
    if sort not in ("closes_at", "-closes_at", "title", "-title"):
        sort = "-closes_at"
    consultations = consultations.order_by(sort, "pk")
    consultation_list = list(consultations)
    if status in Consultation.Status.values:
        consultation_list = [c for c in consultation_list if c.current_status == status]
    if wants_export(request):
        if request.GET.get("list") == "polls":
            rows = [
                [
                    p.question,
                    p.body.short_name,
                    p.get_method_display(),
                    p.get_current_status_display(),
                    p.opens_at,
                    p.closes_at,
                    p.voters,
                ]
                for p in polls
            ]
            headers = [
                _("Question"),
                _("Body"),
                _("Voting method"),
                _("Status"),
                _("Open from"),
                _("Votes until"),
                _("Voters"),
            ]
            return export_response(request, "glosowania", headers, rows)
        rows = [
            [
                c.title,
                c.legal_acts,
                c.get_current_status_display(),
                c.opens_at,
                c.closes_at,
                c.comment_count,
            ]
            for c in consultation_list
        ]
        headers = [
            _("Subject"),
            _("Legal acts concerned"),
            _("Status"),
            _("Open from"),
            _("Comments until"),
            _("Comments"),
        ]
        return export_response(request, "konsultacje", headers, rows)
    page = Paginator(consultation_list, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "consultations/home.html",
        {
            "page": page,
            "polls": Paginator(polls.order_by("-closes_at", "pk"), 25).get_page(
                request.GET.get("glosowania")
            ),
            "query": query,
            "status": status,
            "sort": sort,
            "statuses": Consultation.Status.choices,
            "can_manage": services.can_manage(request.user),
            "awaiting": services.awaiting_comment(request.user),
        },
    )


# ---------------------------------------------------------------------------------------------
# Consultations


def _consultation(request: HttpRequest, pk: int) -> Consultation:
    return get_object_or_404(services.visible_consultations(request.user), pk=pk)


@manage_only
def consultation_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    consultation = get_object_or_404(Consultation, pk=pk) if pk else None
    form = ConsultationForm(request.POST or None, request.FILES or None, instance=consultation)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            consultation = form.save(commit=False)
            if consultation.pk is None:
                consultation.created_by = _user(request)
            consultation.save()
            form.save_m2m()
        messages.success(request, _("The consultation was saved."))
        return redirect(consultation)
    title = _("Edit the consultation") if consultation else _("New consultation")
    back = consultation.get_absolute_url() if consultation else reverse("consultations:home")
    return _form_page(request, form, title, back, multipart=True)


@login_required
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk)
    person = coordination.person_of(request.user)
    can_manage = services.can_manage(request.user)
    may_comment = consultation.is_open and services.may_comment(consultation, person)
    comments = list(services.active_comments(consultation))
    numbers = services.comment_numbers(consultation)
    for comment in comments:
        comment.number = numbers[comment.pk]  # type: ignore[attr-defined]
        comment.changeable = services.may_change(comment, request.user)  # type: ignore[attr-defined]
        comment.response_cell = services.response_cell(comment, numbers)  # type: ignore[attr-defined]
    withdrawn = (
        consultation.comments.filter(withdrawn_at__isnull=False, author=person)
        if person
        else Comment.objects.none()
    )
    return render(
        request,
        "consultations/consultation_detail.html",
        {
            "consultation": consultation,
            "bodies": consultation.bodies.all(),
            "provisions": consultation.provisions.all(),
            "comments": comments,
            "withdrawn": withdrawn,
            "person": person,
            "may_comment": may_comment,
            "comment_form": CommentForm(consultation=consultation) if may_comment else None,
            "institution_form": InstitutionCommentForm(consultation=consultation)
            if can_manage and consultation.is_open
            else None,
            "provision_form": ProvisionForm()
            if can_manage and consultation.status == Consultation.Status.DRAFT
            else None,
            "provisions_editable": consultation.status == Consultation.Status.DRAFT,
            "summary": services.summary(consultation),
            "non_responders": services.non_responders(consultation) if can_manage else [],
            "reminders": consultation.reminders.select_related("person")[:100]
            if can_manage
            else [],
            "sendings": services.reminder_sendings(consultation) if can_manage else [],
            "last_manual": services.last_manual_sending(consultation) if can_manage else None,
            "can_manage": can_manage,
            "statuses": services.allowed_statuses(consultation),
            "may_adopt": consultation.current_status
            in (Consultation.Status.CLOSED, Consultation.Status.ADOPTED),
            "now": timezone.now(),
        },
    )


@manage_only
@require_POST
def consultation_status(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_object_or_404(Consultation, pk=pk)
    try:
        services.set_status(consultation, request.POST.get("status", ""))
    except services.NotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Status: %s.") % consultation.get_current_status_display())
    return redirect(consultation)


@manage_only
@require_POST
def provision_add(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_object_or_404(Consultation, pk=pk)
    form = ProvisionForm(request.POST)
    if form.is_valid():
        try:
            services.add_provision(
                consultation, form.cleaned_data["label"], form.cleaned_data["text"]
            )
        except services.NotAllowed as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The provision was added."))
    else:
        messages.error(request, _("Give the provision's number, e.g. art. 1 pkt 2."))
    return redirect(consultation.get_absolute_url() + "#provisions")


@manage_only
@require_POST
def provision_delete(request: HttpRequest, pk: int) -> HttpResponse:
    provision = get_object_or_404(Provision.objects.select_related("consultation"), pk=pk)
    consultation = provision.consultation
    try:
        services.delete_provision(provision)
    except services.NotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The provision was removed."))
    return redirect(consultation.get_absolute_url() + "#provisions")


@login_required
def consultation_document(request: HttpRequest, pk: int) -> FileResponse:
    consultation = _consultation(request, pk)
    if not consultation.document:
        raise Http404
    name = consultation.document.name.rpartition("/")[2]
    return FileResponse(consultation.document.open("rb"), as_attachment=True, filename=name)


@login_required
def comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk)
    on_behalf = request.GET.get("instytucja") == "1" or "on_behalf_of" in request.POST
    form_class = InstitutionCommentForm if on_behalf else CommentForm
    form = form_class(request.POST or None, consultation=consultation)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_comment(
                consultation,
                _user(request),
                text=form.cleaned_data["text"],
                provision=form.cleaned_data["provision"],
                proposed_wording=form.cleaned_data["proposed_wording"],
                justification=form.cleaned_data["justification"],
                on_behalf_of=form.cleaned_data.get("on_behalf_of", ""),
            )
        except services.NotAllowed as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The comment was submitted."))
            return redirect(consultation.get_absolute_url() + "#comments")
    title = _("Comment on behalf of an institution") if on_behalf else _("Your comment")
    return _form_page(request, form, title, consultation.get_absolute_url(), item=consultation)


def _comment(request: HttpRequest, pk: int) -> Comment:
    comment = get_object_or_404(Comment.objects.select_related("consultation"), pk=pk)
    if not services.visible_consultations(request.user).filter(pk=comment.consultation_id).exists():
        raise Http404
    return comment


@login_required
def comment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment(request, pk)
    consultation = comment.consultation
    form = CommentForm(request.POST or None, instance=comment, consultation=consultation)
    if request.method == "POST":
        # Checked whatever the form says: the author only, and only before the close.
        if form.is_valid():
            try:
                services.edit_comment(
                    Comment.objects.get(pk=comment.pk),
                    request.user,
                    text=form.cleaned_data["text"],
                    provision=form.cleaned_data["provision"],
                    proposed_wording=form.cleaned_data["proposed_wording"],
                    justification=form.cleaned_data["justification"],
                )
            except services.NotAllowed as error:
                messages.error(request, str(error))
                return redirect(consultation.get_absolute_url() + "#comments")
            messages.success(request, _("The comment was changed."))
            return redirect(consultation.get_absolute_url() + "#comments")
    else:
        try:
            services.check_change(comment, request.user)
        except services.NotAllowed as error:
            messages.error(request, str(error))
            return redirect(consultation.get_absolute_url() + "#comments")
    return _form_page(
        request, form, _("Change your comment"), consultation.get_absolute_url(), item=consultation
    )


@login_required
@require_POST
def comment_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment(request, pk)
    try:
        services.withdraw_comment(comment, request.user)
    except services.NotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("The comment was withdrawn. You can restore it until the close date (below)."),
        )
    return redirect(comment.consultation.get_absolute_url() + "#comments")


@login_required
@require_POST
def comment_restore(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment(request, pk)
    try:
        services.restore_comment(comment, request.user)
    except services.NotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The comment was restored."))
    return redirect(comment.consultation.get_absolute_url() + "#comments")


@manage_only
def comment_respond(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(Comment.objects.select_related("consultation"), pk=pk)
    consultation = comment.consultation
    if comment.withdrawn_at is not None:
        messages.error(request, _("This comment was withdrawn; it needs no response."))
        return redirect(consultation.get_absolute_url() + "#comments")
    form = ResponseForm(request.POST or None, instance=Comment.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.respond(
                comment,
                form.cleaned_data["response"],
                form.cleaned_data["response_text"],
                form.cleaned_data["duplicate_of"],
            )
        except services.NotAllowed as error:
            messages.error(request, str(error))
        else:
            if form.cleaned_data["response"] or form.cleaned_data["response_text"].strip():
                messages.success(request, _("The response was saved."))
            else:
                messages.info(request, _("The comment is left without a response."))
            return redirect(consultation.get_absolute_url() + f"#comment-{comment.pk}")
    return _form_page(
        request,
        form,
        _("Response to the comment"),
        consultation.get_absolute_url(),
        item=consultation,
        comment=comment,
    )


@login_required
def comment_table(request: HttpRequest, pk: int, ext: str) -> HttpResponse:
    consultation = _consultation(request, pk)
    if ext == "docx":
        data, content_type = documents.comment_table_docx(consultation), DOCX_TYPE
    elif ext == "xlsx":
        data, content_type = documents.comment_table_xlsx(consultation), XLSX_TYPE
    else:
        raise Http404
    return _download(data, content_type, documents.filename(consultation, "zestawienie-uwag", ext))


@manage_only
def position_edit(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_object_or_404(Consultation, pk=pk)
    form = PositionForm(request.POST or None, instance=Consultation.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.adopt_position(
                consultation,
                form.cleaned_data["position_text"],
                form.cleaned_data["position_meeting"],
                form.cleaned_data["addressee"],
            )
        except services.NotAllowed as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The position was adopted; the letter can be downloaded."))
            return redirect(consultation)
    return _form_page(
        request,
        form,
        _("The body's position"),
        consultation.get_absolute_url(),
        item=consultation,
    )


@login_required
def position_letter(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = _consultation(request, pk)
    if not consultation.position_text:
        raise Http404
    data = documents.position_letter_docx(consultation)
    return _download(data, DOCX_TYPE, documents.filename(consultation, "stanowisko", "docx"))


@manage_only
@require_POST
def reminders_send(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = get_object_or_404(Consultation, pk=pk)
    if not consultation.is_open:
        messages.error(request, _("Reminders are sent only while the consultation is open."))
    elif not services.non_responders(consultation):
        messages.info(request, _("Every member has commented; nobody needs a reminder."))
    elif (last := services.last_manual_sending(consultation)) and not request.POST.get("repeat"):
        # A second sending by hand only when the office confirms it knowing about the first.
        messages.warning(
            request,
            _(
                "A reminder was already sent by hand on %(date)s; "
                "confirm below if it should go again."
            )
            % {"date": f"{timezone.localtime(last.at):%d.%m.%Y %H:%M}"},
        )
    else:
        send_reminders.enqueue(consultation.pk, request.build_absolute_uri("/"))
        messages.success(
            request, _("The reminders are being sent; the deliveries are listed below.")
        )
    return redirect(consultation.get_absolute_url() + "#reminders")


# ---------------------------------------------------------------------------------------------
# Polls


def _poll(request: HttpRequest, pk: int) -> Poll:
    return get_object_or_404(services.visible_polls(request.user), pk=pk)


@manage_only
def poll_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    poll = get_object_or_404(Poll, pk=pk) if pk else None
    form = PollForm(request.POST or None, instance=poll)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            poll = form.save(commit=False)
            created = poll.pk is None
            if created:
                poll.created_by = _user(request)
            poll.save()
            if created:
                for label, details in form.options():
                    services.add_option(poll, label, details)
        messages.success(request, _("The poll was saved."))
        return redirect(poll)
    title = _("Edit the poll") if poll else _("New poll")
    back = poll.get_absolute_url() if poll else reverse("consultations:home")
    return _form_page(request, form, title, back)


@login_required
def poll_detail(request: HttpRequest, pk: int) -> HttpResponse:
    poll = _poll(request, pk)
    person = coordination.person_of(request.user)
    can_manage = services.can_manage(request.user)
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
                raise services.NotAllowed(_("Give each option a different place in the ranking."))
            return [option for _rank, option in sorted(ranked)]
        return [int(value) for value in request.POST.getlist("option")]
    except ValueError as error:
        raise services.NotAllowed(
            _("Choose among the poll's options, each at most once.")
        ) from error


@login_required
@require_POST
def poll_vote(request: HttpRequest, pk: int) -> HttpResponse:
    poll = _poll(request, pk)
    try:
        services.cast_vote(poll, coordination.person_of(request.user), _chosen(request, poll))
    except services.NotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your vote was recorded. Thank you."))
    return redirect(poll)


@login_required
@require_POST
def poll_propose(request: HttpRequest, pk: int) -> HttpResponse:
    poll = _poll(request, pk)
    form = ProposalForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the option and say why it should be added."))
        return redirect(poll)
    try:
        option = services.propose_option(
            poll,
            coordination.person_of(request.user),
            form.cleaned_data["label"],
            form.cleaned_data["details"],
            form.cleaned_data["justification"],
        )
    except services.NotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("The option “%(label)s” was added to the poll.") % {"label": option.label}
        )
    return redirect(poll)


@manage_only
@require_POST
def poll_option_add(request: HttpRequest, pk: int) -> HttpResponse:
    poll = get_object_or_404(Poll, pk=pk)
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
        except services.NotAllowed as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The option was added."))
    else:
        messages.error(request, _("Give the option."))
    return redirect(poll)


@manage_only
@require_POST
def poll_status(request: HttpRequest, pk: int) -> HttpResponse:
    poll = get_object_or_404(Poll, pk=pk)
    try:
        services.set_poll_status(poll, request.POST.get("status", ""))
    except services.NotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Status: %s.") % poll.get_current_status_display())
    return redirect(poll)


@manage_only
def poll_decision(request: HttpRequest, pk: int) -> HttpResponse:
    poll = get_object_or_404(Poll, pk=pk)
    form = DecisionForm(request.POST or None, instance=Poll.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.record_decision(
                poll, form.cleaned_data["decision"], form.cleaned_data["decision_meeting"]
            )
        except services.NotAllowed as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The decision was recorded."))
            return redirect(poll)
    return _form_page(request, form, _("The decision taken"), poll.get_absolute_url())


# ---------------------------------------------------------------------------------------------
# Study visits


@login_required
def visit_list(request: HttpRequest) -> HttpResponse:
    visits = (
        services.visible_visits(request.user)
        .annotate(people=Count("participants"))
        .order_by("-starts_on", "title", "pk")
    )
    query = request.GET.get("q", "").strip()
    if query:
        visits = visits.filter(
            Q(title__icontains=query) | Q(country__icontains=query) | Q(themes__icontains=query)
        )
    if wants_export(request):
        headers = [
            _("Title"),
            _("Country"),
            pgettext("study visit", "Themes"),
            _("From"),
            _("To"),
            _("Participants"),
            _("Budget (PLN)"),
            _("Status"),
        ]
        rows = [
            [
                v.title,
                v.country,
                "; ".join(v.theme_list),
                v.starts_on,
                v.ends_on,
                v.people,
                float(v.budget) if v.budget is not None else None,
                v.get_status_display(),
            ]
            for v in visits
        ]
        return export_response(request, "wizyty-studyjne", headers, rows)
    page = Paginator(visits, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "consultations/visit_list.html",
        {"page": page, "query": query, "can_manage": services.can_manage(request.user)},
    )


@login_required
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(services.visible_visits(request.user), pk=pk)
    can_manage = services.can_manage(request.user)
    return render(
        request,
        "consultations/visit_detail.html",
        {
            "visit": visit,
            "participants": visit.participants.select_related("institution"),
            "recommendations": visit.recommendations.select_related("action_item__meeting"),
            "poll_visible": visit.poll_id is not None
            and services.visible_polls(request.user).filter(pk=visit.poll_id).exists(),
            "recommendation_form": RecommendationForm() if can_manage else None,
            "can_manage": can_manage,
        },
    )


@manage_only
def visit_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    visit = get_object_or_404(StudyVisit, pk=pk) if pk else None
    form = VisitForm(request.POST or None, instance=visit)
    if request.method == "POST" and form.is_valid():
        visit = form.save()
        messages.success(request, _("The study visit was saved."))
        return redirect(visit)
    title = _("Edit the study visit") if visit else _("New study visit")
    back = visit.get_absolute_url() if visit else reverse("consultations:visit_list")
    return _form_page(request, form, title, back)


@manage_only
@require_POST
def recommendation_add(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(StudyVisit, pk=pk)
    form = RecommendationForm(request.POST)
    if form.is_valid():
        Recommendation.objects.create(visit=visit, text=form.cleaned_data["text"].strip())
        messages.success(request, _("The recommendation was added."))
    else:
        messages.error(request, _("Write the recommendation."))
    return redirect(visit.get_absolute_url() + "#recommendations")


@manage_only
def recommendation_action(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_object_or_404(Recommendation.objects.select_related("visit"), pk=pk)
    visit = recommendation.visit
    form = ActionForm(request.POST or None, visit=visit)
    if request.method == "POST" and form.is_valid():
        try:
            services.recommendation_to_action(
                recommendation,
                form.cleaned_data["meeting"],
                form.cleaned_data["owner"],
                form.cleaned_data["due_date"],
            )
        except services.NotAllowed as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The recommendation is now on the follow-up board."))
        return redirect(visit.get_absolute_url() + "#recommendations")
    return _form_page(
        request,
        form,
        _("Put the recommendation on the follow-up board"),
        visit.get_absolute_url(),
        recommendation=recommendation,
    )
