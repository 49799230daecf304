"""Minutes: drafted from the meeting, edited and approved by the office, read by the members."""

from typing import Any

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

from .. import access, documents, services
from ..access import MANAGE
from ..forms import (
    AcceptanceForm,
    CircularAcceptanceForm,
    CommentForm,
    CommentsForm,
    MinutesForm,
    NewVersionForm,
    ReplyForm,
)
from ..models import Minutes, MinutesComment, MinutesSection
from ..services import rules as rules_service
from ..services import votes as vote_service


@requires(MANAGE)
@require_POST
def minutes_draft(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    meeting = access.get_meeting_for(request, pk)
    try:
        minutes = services.draft_minutes(meeting, request.user)
    except UserError as error:
        messages.error(request, error.message)
        return redirect(meeting)
    messages.success(
        request, _("The draft minutes were written from the meeting; edit them below.")
    )
    return redirect("coordination:minutes", minutes.pk)


@requires()
def minutes_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The office edits the minutes and moves them on in one form (saving first, so that no
    typed change is lost); a member reads them and, while they are out for comments,
    comments on each section."""
    minutes = access.get_minutes_for(request, pk)
    can_manage = access.can_manage(request.user)
    form = comments_form = acceptance_form = circular_form = None
    if can_manage and not minutes.is_frozen:
        data = request.POST or None
        form = MinutesForm(data, instance=minutes)
        comments_form = CommentsForm(
            data if request.POST.get("action") == "comments" else None,
            prefix="comments",
            initial={"deadline": minutes.comments_deadline or services.default_comments_deadline()},
        )
        acceptance_form = AcceptanceForm(
            data if request.POST.get("action") == "accept" else None,
            prefix="accept",
            initial={"how": Minutes.Acceptance.MEETING, "on": timezone.localdate()},
        )
        if rules_service.rules_for(minutes.meeting.body).circular_votes:
            circular_form = CircularAcceptanceForm(
                data if request.POST.get("action") == "circular" else None, prefix="circular"
            )
        if request.method == "POST" and form.is_valid():
            return _save_and_move_on(
                request, minutes, form, comments_form, acceptance_form, circular_form
            )
    elif request.method == "POST":
        messages.error(request, _("Accepted minutes cannot be changed; make a new version."))
        return redirect("coordination:minutes", minutes.pk)
    return render(
        request,
        "coordination/minutes_detail.html",
        {
            "minutes": minutes,
            "meeting": minutes.meeting,
            "title": services.minutes_title(minutes.meeting),
            "sections": _sections_with_comments(minutes, can_manage, request.user),
            "general_comments": _comments(minutes, None, can_manage, request.user),
            "agenda": services.minutes_agenda(minutes),
            "attendance": services.minutes_attendance(minutes),
            "attachments": services.minutes_attachments(minutes),
            "steps": services.steps(minutes),
            "form": form,
            "comments_form": comments_form,
            "acceptance_form": acceptance_form,
            "circular_form": circular_form,
            "comment_form": CommentForm() if services.comments_open(minutes) else None,
            "version_form": NewVersionForm() if can_manage and minutes.is_frozen else None,
            "versions": minutes.meeting.minutes.all() if can_manage else [],
            "can_manage": can_manage,
        },
    )


def _save_and_move_on(
    request: AuthenticatedRequest,
    minutes: Minutes,
    form: MinutesForm,
    comments_form: CommentsForm,
    acceptance_form: AcceptanceForm,
    circular_form: CircularAcceptanceForm | None,
) -> HttpResponse:
    form.save()
    services.record_amendment(minutes)
    action = request.POST.get("action", "save")
    try:
        if action == "comments":
            if not comments_form.is_valid():
                raise UserError(_("Comments due by: give the date."))
            services.send_for_comments(
                minutes, comments_form.cleaned_data["deadline"], request.user
            )
            messages.success(
                request,
                _("The minutes were saved and are open to the members' comments."),
            )
        elif action == "accept":
            if not acceptance_form.is_valid():
                raise UserError(_("Accepted on: give the date."))
            data = acceptance_form.cleaned_data
            services.accept_minutes(
                minutes, request.user, on=data["on"], how=data["how"], note=data["note"]
            )
            messages.success(request, _("The minutes were saved, accepted and locked."))
        elif action == "circular" and circular_form is not None:
            if not circular_form.is_valid():
                raise UserError(_("Votes until: give the date and hour."))
            vote = vote_service.start_minutes_acceptance(
                minutes, request.user, closes_at=circular_form.cleaned_data["closes_at"]
            )
            sent, failed = vote_service.send_vote_invitations(vote, request.build_absolute_uri("/"))
            messages.success(
                request,
                _("The circular vote is open; %(sent)s members got their link by e-mail.")
                % {"sent": sent},
            )
            if failed:
                messages.error(request, _("%(failed)s messages failed.") % {"failed": failed})
            return redirect(vote)
        else:
            messages.success(request, _("The minutes were saved."))
    except UserError as error:
        messages.error(request, _("The minutes were saved, but: %s") % error.message)
    return redirect("coordination:minutes", minutes.pk)


def _comments(
    minutes: Minutes, section: MinutesSection | None, can_manage: bool, user: Any
) -> list[MinutesComment]:
    """The office sees every comment; a member sees their own (each writes to the office)."""
    comments = minutes.comments.filter(section=section)
    if not can_manage:
        comments = comments.filter(author=user)
    return list(comments)


def _sections_with_comments(
    minutes: Minutes, can_manage: bool, user: Any
) -> list[tuple[MinutesSection, list[MinutesComment]]]:
    by_section: dict[int, list[MinutesComment]] = {}
    comments = minutes.comments.exclude(section=None)
    if not can_manage:
        comments = comments.filter(author=user)
    for comment in comments:
        by_section.setdefault(comment.section_id or 0, []).append(comment)
    return [(s, by_section.get(s.pk, [])) for s in minutes.sections.all()]


@requires()
@require_POST
def minutes_comment(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A member's comment on a section (or the whole); with htmx only the section's list of
    comments comes back, so nothing else on the page is lost."""
    minutes = access.get_minutes_for(request, pk)
    section_id = request.POST.get("section", "")
    section = minutes.sections.filter(pk=int(section_id)).first() if section_id.isdigit() else None
    form = CommentForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.add_comment(minutes, request.user, form.cleaned_data["text"], section)
        except UserError as problem:
            error = problem.message
    else:
        error = _("Comment: write what should change.")
    if getattr(request, "htmx", False):
        return render(
            request,
            "coordination/_minutes_comments.html",
            {
                "minutes": minutes,
                "section": section,
                "comments": _comments(
                    minutes, section, access.can_manage(request.user), request.user
                ),
                "comment_form": CommentForm(),
                "error": error,
            },
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Thank you: the office received your comment."))
    anchor = f"#section-{section.pk}" if section else "#comments"
    return redirect(f"{reverse('coordination:minutes', args=[minutes.pk])}{anchor}")


@requires(MANAGE)
@require_POST
def minutes_reply(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The office's reply to a member's comment, shown to the member under it (and e-mailed
    when asked)."""
    comment = get_object_or_404(MinutesComment, pk=pk)
    minutes = access.get_minutes_for(request, comment.minutes_id)
    form = ReplyForm(request.POST)
    url = reverse("coordination:minutes", args=[minutes.pk])
    if not form.is_valid():
        messages.error(request, _("Reply: write the answer to the comment."))
        return redirect(f"{url}#comment-{comment.pk}")
    try:
        mailed = services.reply_to_comment(
            comment,
            request.user,
            form.cleaned_data["text"],
            url=request.build_absolute_uri(url),
            by_email=form.cleaned_data["by_email"],
        )
    except UserError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The reply was saved and e-mailed to the member.")
            if mailed
            else _("The reply was saved; the member sees it under the comment."),
        )
    return redirect(f"{url}#comment-{comment.pk}")


@requires(MANAGE)
@require_POST
def minutes_new_version(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    minutes = access.get_minutes_for(request, pk)
    form = NewVersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the approved minutes must change."))
        return redirect("coordination:minutes", minutes.pk)
    draft = services.new_minutes_version(minutes, request.user, form.cleaned_data["reason"])
    messages.success(request, _("Version %(v)s was created as a draft.") % {"v": draft.version})
    return redirect("coordination:minutes", draft.pk)


# The files the minutes can be downloaded as: how each is made, and its type.
FORMATS = {
    "docx": (documents.render_docx, DOCX_TYPE),
    "pdf": (documents.render_pdf, PDF_TYPE),
}


@requires()
def minutes_download(request: AuthenticatedRequest, pk: int, ext: str) -> HttpResponse:
    minutes = access.get_minutes_for(request, pk)
    if ext not in FORMATS:
        raise Http404
    render_file, content_type = FORMATS[ext]
    return download(render_file(minutes), documents.filename(minutes, ext), content_type)
