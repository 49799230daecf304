"""Consultations: the draft and its provisions, members' comments, the office's responses,
the comment table, the adopted position, and reminders."""

from django.contrib import messages
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lll.coordination.access import person_of
from lll.core.access import AuthenticatedRequest, requires
from lll.core.downloads import DOCX_TYPE, XLSX_TYPE, download, stored_file
from lll.core.errors import UserError

from .. import access, documents, services
from ..access import MANAGE
from ..forms import (
    CommentForm,
    ConsultationForm,
    InstitutionCommentForm,
    PositionForm,
    ProvisionForm,
    ResponseForm,
)
from ..models import Comment, Consultation
from ..tasks import send_reminders
from .common import form_page


@requires(MANAGE)
def consultation_edit(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    consultation = access.get_consultation_for(request, pk) if pk else None
    form = ConsultationForm(request.POST or None, request.FILES or None, instance=consultation)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            consultation = form.save(commit=False)
            if consultation.pk is None:
                consultation.created_by = request.user
            consultation.save()
            form.save_m2m()
        messages.success(request, _("The consultation was saved."))
        return redirect(consultation)
    title = _("Edit the consultation") if consultation else _("New consultation")
    back = consultation.get_absolute_url() if consultation else reverse("consultations:home")
    return form_page(request, form, title, back, multipart=True)


@requires()
def consultation_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    consultation = access.get_consultation_for(request, pk)
    person = person_of(request.user)
    can_manage = access.can_manage(request.user)
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


@requires(MANAGE)
@require_POST
def consultation_status(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    consultation = access.get_consultation_for(request, pk)
    try:
        services.set_status(consultation, request.POST.get("status", ""))
    except UserError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Status: %s.") % consultation.get_current_status_display())
    return redirect(consultation)


@requires(MANAGE)
@require_POST
def provision_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    consultation = access.get_consultation_for(request, pk)
    form = ProvisionForm(request.POST)
    if form.is_valid():
        try:
            services.add_provision(
                consultation, form.cleaned_data["label"], form.cleaned_data["text"]
            )
        except UserError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The provision was added."))
    else:
        messages.error(request, _("Give the provision's number, e.g. art. 1 pkt 2."))
    return redirect(consultation.get_absolute_url() + "#provisions")


@requires(MANAGE)
@require_POST
def provision_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    provision = access.get_provision_for(request, pk)
    consultation = provision.consultation
    try:
        services.delete_provision(provision)
    except UserError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The provision was removed."))
    return redirect(consultation.get_absolute_url() + "#provisions")


@requires()
def consultation_document(request: AuthenticatedRequest, pk: int) -> FileResponse:
    consultation = access.get_consultation_document_for(request, pk)
    return stored_file(consultation.document)


@requires()
def comment_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    consultation = access.get_consultation_for(request, pk)
    on_behalf = request.GET.get("instytucja") == "1" or "on_behalf_of" in request.POST
    form_class = InstitutionCommentForm if on_behalf else CommentForm
    form = form_class(request.POST or None, consultation=consultation)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_comment(
                consultation,
                request.user,
                text=form.cleaned_data["text"],
                provision=form.cleaned_data["provision"],
                proposed_wording=form.cleaned_data["proposed_wording"],
                justification=form.cleaned_data["justification"],
                on_behalf_of=form.cleaned_data.get("on_behalf_of", ""),
            )
        except UserError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The comment was submitted."))
            return redirect(consultation.get_absolute_url() + "#comments")
    title = _("Comment on behalf of an institution") if on_behalf else _("Your comment")
    return form_page(request, form, title, consultation.get_absolute_url(), item=consultation)


@requires()
def comment_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    comment = access.get_comment_for(request, pk)
    consultation = comment.consultation
    form = CommentForm(request.POST or None, instance=comment, consultation=consultation)
    if request.method == "POST":
        # Checked whatever the form says: the author only, and only before the close.
        if form.is_valid():
            try:
                services.edit_comment(
                    # A fresh copy: the form's validation has changed `comment`.
                    access.get_comment_for(request, pk),
                    request.user,
                    text=form.cleaned_data["text"],
                    provision=form.cleaned_data["provision"],
                    proposed_wording=form.cleaned_data["proposed_wording"],
                    justification=form.cleaned_data["justification"],
                )
            except UserError as error:
                messages.error(request, error.message)
                return redirect(consultation.get_absolute_url() + "#comments")
            messages.success(request, _("The comment was changed."))
            return redirect(consultation.get_absolute_url() + "#comments")
    else:
        try:
            services.check_change(comment, request.user)
        except UserError as error:
            messages.error(request, error.message)
            return redirect(consultation.get_absolute_url() + "#comments")
    return form_page(
        request, form, _("Change your comment"), consultation.get_absolute_url(), item=consultation
    )


@requires()
@require_POST
def comment_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    comment = access.get_comment_for(request, pk)
    try:
        services.withdraw_comment(comment, request.user)
    except UserError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The comment was withdrawn. You can restore it until the close date (below)."),
        )
    return redirect(comment.consultation.get_absolute_url() + "#comments")


@requires()
@require_POST
def comment_restore(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    comment = access.get_comment_for(request, pk)
    try:
        services.restore_comment(comment, request.user)
    except UserError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The comment was restored."))
    return redirect(comment.consultation.get_absolute_url() + "#comments")


@requires(MANAGE)
def comment_respond(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    comment = access.get_comment_for(request, pk)
    consultation = comment.consultation
    if comment.withdrawn_at is not None:
        messages.error(request, _("This comment was withdrawn; it needs no response."))
        return redirect(consultation.get_absolute_url() + "#comments")
    # The form edits a copy of its own; the service checks its rules on the stored object.
    form = ResponseForm(request.POST or None, instance=access.get_comment_for(request, pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.respond(
                comment,
                form.cleaned_data["response"],
                form.cleaned_data["response_text"],
                form.cleaned_data["duplicate_of"],
            )
        except UserError as error:
            messages.error(request, error.message)
        else:
            if form.cleaned_data["response"] or form.cleaned_data["response_text"].strip():
                messages.success(request, _("The response was saved."))
            else:
                messages.info(request, _("The comment is left without a response."))
            return redirect(consultation.get_absolute_url() + f"#comment-{comment.pk}")
    return form_page(
        request,
        form,
        _("Response to the comment"),
        consultation.get_absolute_url(),
        item=consultation,
        comment=comment,
    )


# The files the comment table can be downloaded as: how each is made, and its type.
TABLE_FORMATS = {
    "docx": (documents.comment_table_docx, DOCX_TYPE),
    "xlsx": (documents.comment_table_xlsx, XLSX_TYPE),
}


@requires()
def comment_table(request: AuthenticatedRequest, pk: int, ext: str) -> HttpResponse:
    consultation = access.get_consultation_for(request, pk)
    if ext not in TABLE_FORMATS:
        raise Http404
    render_file, content_type = TABLE_FORMATS[ext]
    name = documents.filename(consultation, "zestawienie-uwag", ext)
    return download(render_file(consultation), name, content_type)


@requires(MANAGE)
def position_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    consultation = access.get_consultation_for(request, pk)
    # The form edits a copy of its own; the service checks its rules on the stored object.
    form = PositionForm(request.POST or None, instance=access.get_consultation_for(request, pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.adopt_position(
                consultation,
                form.cleaned_data["position_text"],
                form.cleaned_data["position_meeting"],
                form.cleaned_data["addressee"],
            )
        except UserError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The position was adopted; the letter can be downloaded."))
            return redirect(consultation)
    return form_page(
        request,
        form,
        _("The body's position"),
        consultation.get_absolute_url(),
        item=consultation,
    )


@requires()
def position_letter(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    consultation = access.get_position_for(request, pk)
    data = documents.position_letter_docx(consultation)
    return download(data, documents.filename(consultation, "stanowisko", "docx"), DOCX_TYPE)


@requires(MANAGE)
@require_POST
def reminders_send(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    consultation = access.get_consultation_for(request, pk)
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
