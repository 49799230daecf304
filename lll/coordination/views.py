import json
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lll.accounts.models import User
from lll.accounts.services import send_invitation
from lll.core.decorators import staff_only
from lll.core.exports import export_response, wants_export
from lll.core.text import polish_key

from . import documents, mailings, search, services
from .forms import (
    ActionItemForm,
    ActionStatusForm,
    AgendaItemForm,
    AttendanceForm,
    BodyForm,
    GuestForm,
    InstitutionForm,
    MailingForm,
    MaterialForm,
    MeetingForm,
    MembershipForm,
    MinutesForm,
    MoveItemForm,
    NewVersionForm,
    OutcomeForm,
    OwnerProgressForm,
    PersonForm,
    SearchForm,
    StudyForm,
)
from .models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Body,
    Institution,
    Mailing,
    Material,
    Meeting,
    Membership,
    Minutes,
    Outcome,
    Person,
    Study,
    current_on,
)
from .tasks import send_mailing

manage_only = staff_only(services.MANAGE)
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _user(request: HttpRequest) -> User:
    # Only for views behind a login: the user is a real account there.
    return cast(User, request.user)


def _edit_page(
    request: HttpRequest, form: object, title: str, back: str, **context: object
) -> HttpResponse:
    return render(
        request,
        "coordination/form.html",
        {"form": form, "title": title, "back": back, **context},
    )


# ---------------------------------------------------------------------------------------------
# Overview


@login_required
def home(request: HttpRequest) -> HttpResponse:
    meetings = services.visible_meetings(request.user)
    now = timezone.now()
    return render(
        request,
        "coordination/home.html",
        {
            "bodies": services.visible_bodies(request.user)
            .annotate(
                member_count=Count(
                    "memberships", filter=current_on(prefix="memberships__"), distinct=True
                )
            )
            .order_by("name", "pk"),
            "upcoming": meetings.filter(starts_at__gte=now).order_by("starts_at")[:5],
            "recent": meetings.filter(starts_at__lt=now).order_by("-starts_at")[:5],
            "my_actions": services.my_action_items(request.user),
            "open_actions": services.open_action_items(
                ActionItem.objects.filter(meeting__in=meetings)
            ).count(),
            "person": services.person_of(request.user),
            "can_manage": services.can_manage(request.user),
        },
    )


# ---------------------------------------------------------------------------------------------
# Institutions and people


@manage_only
def institution_list(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    institutions = Institution.objects.select_related("unit").annotate(people_count=Count("people"))
    if form.is_valid() and (q := form.cleaned_data["q"]):
        institutions = institutions.filter(name__icontains=q)
    # A count drops the model's ordering (GROUP BY); alphabetical the Polish way, as people are.
    in_order = sorted(institutions, key=lambda i: polish_key(i.name))
    if wants_export(request):
        rows = [
            [i.name, i.get_kind_display(), i.unit.name if i.unit else "", i.people_count]
            for i in in_order
        ]
        headers = [_("Name"), _("Type"), _("Powiat"), _("People")]
        return export_response(request, "instytucje", headers, rows)
    page = Paginator(in_order, 50).get_page(request.GET.get("page"))
    return render(request, "coordination/institution_list.html", {"form": form, "page": page})


@manage_only
def institution_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    institution = get_object_or_404(Institution, pk=pk) if pk else None
    form = InstitutionForm(request.POST or None, instance=institution)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The institution was saved."))
        return redirect("coordination:institution_list")
    title = _("Edit the institution") if institution else _("New institution")
    return _edit_page(request, form, title, "coordination:institution_list")


@manage_only
def person_list(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    people = Person.objects.select_related("institution")
    if form.is_valid() and (q := form.cleaned_data["q"]):
        for word in q.split():
            people = people.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(institution__name__icontains=word)
                | Q(email__icontains=word)
            )
    if wants_export(request):
        rows = [
            [p.last_name, p.first_name, p.position, str(p.institution or ""), p.email]
            for p in people
        ]
        headers = [_("Last name"), _("First name"), _("Position"), _("Institution"), _("E-mail")]
        return export_response(request, "osoby", headers, rows)
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    return render(request, "coordination/person_list.html", {"form": form, "page": page})


@manage_only
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person.objects.select_related("institution", "user"), pk=pk)
    return render(
        request,
        "coordination/person_detail.html",
        {
            "person": person,
            "memberships": person.memberships.select_related("body", "substitute"),
            "actions": person.action_items.select_related("meeting__body"),
            "attendance": person.attendance.select_related("meeting__body").order_by(
                "-meeting__starts_at"
            )[:20],
        },
    )


@manage_only
def person_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk) if pk else None
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        person = form.save()
        messages.success(request, _("The person was saved."))
        return redirect(person)
    title = _("Edit the person") if person else _("New person")
    return _edit_page(request, form, title, "coordination:person_list")


@manage_only
def person_export(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    data = json.dumps(services.export_person(person), ensure_ascii=False, indent=2, default=str)
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="osoba-{person.pk}.json"'
    return response


@manage_only
@require_POST
def person_invite(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    try:
        user = services.create_member_account(person)
    except services.CannotInvite as error:
        messages.error(request, str(error))
    else:
        send_invitation(request, user)
        messages.success(
            request,
            _("An account %(user)s was created; a link to set the password went to %(email)s.")
            % {"user": user.username, "email": user.email},
        )
    return redirect(person)


@manage_only
@require_POST
def person_erase(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(Person, pk=pk)
    services.erase_person(person)
    messages.success(
        request,
        _("The contact data of %(name)s were erased; the name stays in minutes and lists.")
        % {"name": person.full_name},
    )
    return redirect(person)


# ---------------------------------------------------------------------------------------------
# Bodies and memberships


@login_required
def body_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    bodies = services.visible_bodies(request.user).annotate(
        member_count=Count(
            "memberships", filter=current_on(today, prefix="memberships__"), distinct=True
        ),
        meeting_count=Count("meetings", distinct=True),
    )
    in_order = sorted(bodies, key=lambda b: polish_key(b.name))
    if wants_export(request):
        headers = [_("Name"), _("Short name"), _("Type"), _("Legal basis"), _("Members")]
        headers.append(_("Meetings"))
        rows = [
            [
                b.name,
                b.short_name,
                b.get_kind_display(),
                b.legal_basis,
                b.member_count,
                b.meeting_count,
            ]
            for b in in_order
        ]
        return export_response(request, "organy", headers, rows)
    return render(
        request,
        "coordination/body_list.html",
        {"bodies": in_order, "can_manage": services.can_manage(request.user)},
    )


@login_required
def body_detail(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_object_or_404(services.visible_bodies(request.user), pk=pk)
    today = timezone.localdate()
    current = body.memberships_on(today).select_related("person__institution", "substitute")
    if wants_export(request):
        headers = [
            _("Last name"),
            _("First name"),
            _("Function"),
            _("Institution"),
            _("Represents"),
            _("Term from"),
            _("Term to"),
        ]
        rows = [
            [
                m.person.last_name,
                m.person.first_name,
                m.get_role_display(),
                str(m.person.institution or ""),
                m.represents,
                m.term_from,
                m.term_to or "",
            ]
            for m in current
        ]
        return export_response(request, f"sklad-{body.short_name}", headers, rows)
    role_order = ["chair", "vice_chair", "secretary", "member", "permanent_guest"]
    return render(
        request,
        "coordination/body_detail.html",
        {
            "body": body,
            "current": sorted(
                services.polish_order(current), key=lambda m: role_order.index(m.role)
            ),
            "former": body.memberships.filter(term_to__lt=today).select_related("person"),
            "future": body.memberships.filter(term_from__gt=today).select_related("person"),
            "meetings": body.meetings.order_by("-starts_at"),
            "changes": body.history.select_related("history_user")[:10],
            "membership_changes": Membership.history.filter(body_id=body.pk)
            .select_related("history_user")
            .order_by("-history_date")[:15],
            "can_manage": services.can_manage(request.user),
        },
    )


@manage_only
def body_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    body = get_object_or_404(Body, pk=pk) if pk else None
    form = BodyForm(request.POST or None, instance=body)
    if request.method == "POST" and form.is_valid():
        body = form.save()
        messages.success(request, _("The body was saved."))
        return redirect(body)
    title = _("Edit the body") if body else _("New body")
    return _edit_page(request, form, title, "coordination:body_list")


@manage_only
def membership_edit(request: HttpRequest, body_pk: int, pk: int | None = None) -> HttpResponse:
    body = get_object_or_404(Body, pk=body_pk)
    membership = get_object_or_404(Membership, pk=pk, body=body) if pk else Membership(body=body)
    initial = {} if pk else {"appointed_by": body.legal_basis, "term_from": timezone.localdate()}
    form = MembershipForm(request.POST or None, instance=membership, initial=initial)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The membership was saved."))
        return redirect(body)
    title = _("Edit the membership") if pk else _("Add a member")
    return _edit_page(request, form, f"{title}: {body}", "", back_url=body.get_absolute_url())


# ---------------------------------------------------------------------------------------------
# Meetings


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    return get_object_or_404(services.visible_meetings(request.user), pk=pk)


@login_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    meetings = (
        services.visible_meetings(request.user)
        .annotate(items=Count("agenda_items"))
        .order_by("-starts_at")
    )
    bodies = services.visible_bodies(request.user)
    body_id = request.GET.get("body", "")
    if body_id.isdigit():
        meetings = meetings.filter(body_id=int(body_id))
    if wants_export(request):
        headers = [_("Body"), _("No."), _("Date"), _("Mode"), _("Place"), _("Status")]
        rows = [
            [
                m.body.short_name,
                m.number,
                m.starts_at,
                m.get_mode_display(),
                m.location,
                m.get_status_display(),
            ]
            for m in meetings
        ]
        return export_response(request, "posiedzenia", headers, rows)
    page = Paginator(meetings, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "coordination/meeting_list.html",
        {
            "page": page,
            "bodies": bodies,
            "body_id": body_id,
            "can_manage": services.can_manage(request.user),
        },
    )


@manage_only
def meeting_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk) if pk else None
    initial = {}
    if meeting is None:
        body = Body.objects.filter(pk=request.GET.get("body") or 0).first()
        body = body or Body.objects.filter(kind="wzk").first()
        if body:
            initial = {"body": body, "number": services.next_meeting_number(body)}
    form = MeetingForm(request.POST or None, instance=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        meeting = form.save()
        messages.success(request, _("The meeting was saved."))
        return redirect(meeting)
    title = _("Edit the meeting") if meeting else _("New meeting")
    return _edit_page(request, form, title, "coordination:meeting_list")


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    can_manage = services.can_manage(request.user)
    items = meeting.agenda_items.prefetch_related(
        "presenters", "speakers", "outcomes", "action_items__owner", "materials"
    )
    minutes = list(meeting.minutes.all())
    if not can_manage:
        minutes = [m for m in minutes if m.status == Minutes.Status.APPROVED]
    attendance = meeting.attendance.all()
    return render(
        request,
        "coordination/meeting_detail.html",
        {
            "meeting": meeting,
            "items": items,
            "follow_up": services.follow_up_for(meeting)
            if meeting.agenda_items.filter(is_follow_up_review=True).exists()
            else [],
            "quorum": services.quorum(meeting),
            "participants": services.participant_count(meeting),
            "recorded": attendance.count(),
            "guests": attendance.filter(status=Attendance.Status.GUEST).select_related("person"),
            "changes": meeting.agenda_changes.select_related("changed_by"),
            "materials": meeting.materials.select_related("agenda_item"),
            "mailings": meeting.mailings.annotate(
                sent=Count("deliveries", filter=Q(deliveries__status="sent")),
                failed=Count("deliveries", filter=Q(deliveries__status="failed")),
                total=Count("deliveries"),
            )
            if can_manage
            else [],
            "minutes_versions": minutes,
            "can_manage": can_manage,
            "statuses": Meeting.Status.choices,
        },
    )


@manage_only
@require_POST
def meeting_status(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    try:
        services.set_meeting_status(meeting, request.POST.get("status", ""))
    except services.StatusNotAllowed as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Status: %s.") % meeting.get_status_display())
    return redirect(meeting)


@login_required
def meeting_ics(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    response = HttpResponse(mailings.invitation_ics(meeting), content_type=mailings.ICS_TYPE)
    response["Content-Disposition"] = f'attachment; filename="posiedzenie-{meeting.pk}.ics"'
    return response


# Agenda


@manage_only
def agenda_item_edit(request: HttpRequest, meeting_pk: int, pk: int | None = None) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=meeting_pk)
    item = get_object_or_404(AgendaItem, pk=pk, meeting=meeting) if pk else None
    form = AgendaItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        if item is None:
            item = services.add_agenda_item(meeting, form.cleaned_data["title"])
            form.instance = item
        form.save()
        messages.success(request, _("The agenda item was saved."))
        return redirect(f"{meeting.get_absolute_url()}#item-{item.pk}")
    title = _("Edit the agenda item") if item else _("New agenda item")
    move_form = MoveItemForm(initial={"position": item.position}) if item else None
    return _edit_page(
        request,
        form,
        f"{title} — {meeting}",
        "",
        back_url=meeting.get_absolute_url(),
        move_form=move_form,
        item=item,
    )


@manage_only
@require_POST
def agenda_item_move(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(AgendaItem, pk=pk)
    direction = request.POST.get("direction")
    if direction in ("up", "down"):
        target = item.position - 1 if direction == "up" else item.position + 1
        services.move_agenda_item(item, target, _user(request))
    else:
        form = MoveItemForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Give the new position as a number."))
            return redirect("coordination:item_edit", item.meeting_id, item.pk)
        services.move_agenda_item(
            item,
            form.cleaned_data["position"],
            _user(request),
            form.cleaned_data["reason"],
        )
    messages.success(request, _("The agenda order was changed."))
    return redirect(f"{item.meeting.get_absolute_url()}#item-{item.pk}")


@manage_only
@require_POST
def agenda_item_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(AgendaItem, pk=pk)
    meeting = item.meeting
    services.delete_agenda_item(item)
    messages.success(request, _("The agenda item was removed."))
    return redirect(f"{meeting.get_absolute_url()}#agenda")


@manage_only
@require_POST
def follow_up_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    services.add_follow_up_review(meeting)
    messages.success(request, _("The review of open action items was added to the agenda."))
    return redirect(f"{meeting.get_absolute_url()}#agenda")


# Attendance


@manage_only
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    memberships = services.polish_order(services.expected_members(meeting))
    recorded = {a.person_id: a.status for a in meeting.attendance.all()}
    initial = {f"person_{m.person_id}": recorded.get(m.person_id, "") for m in memberships}
    form = AttendanceForm(request.POST or None, memberships=memberships, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.record_attendance(
            meeting, {m: form.cleaned_data[f"person_{m.person_id}"] for m in memberships}
        )
        messages.success(request, _("The attendance was saved."))
        return redirect(meeting)
    return render(
        request,
        "coordination/attendance.html",
        {
            "meeting": meeting,
            "form": form,
            "guest_form": GuestForm(meeting=meeting),
            "guests": meeting.attendance.filter(status=Attendance.Status.GUEST).select_related(
                "person__institution"
            ),
            "quorum": services.quorum(meeting),
        },
    )


@manage_only
@require_POST
def guest_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    form = GuestForm(request.POST, meeting=meeting)
    if form.is_valid():
        Attendance.objects.create(
            meeting=meeting, person=form.cleaned_data["person"], status=Attendance.Status.GUEST
        )
        messages.success(request, _("The guest was added."))
    else:
        messages.error(request, _("Choose a person who is not on the list yet."))
    return redirect("coordination:attendance", meeting.pk)


@manage_only
@require_POST
def guest_remove(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_object_or_404(Attendance, pk=pk, status=Attendance.Status.GUEST)
    record.delete()
    messages.success(request, _("The guest was removed from the list."))
    return redirect("coordination:attendance", record.meeting_id)


# Decisions and action items


@manage_only
def outcome_edit(request: HttpRequest, meeting_pk: int, pk: int | None = None) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=meeting_pk)
    outcome = get_object_or_404(Outcome, pk=pk, agenda_item__meeting=meeting) if pk else None
    initial = {} if outcome else {"agenda_item": request.GET.get("item")}
    form = OutcomeForm(request.POST or None, instance=outcome, meeting=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        outcome = form.save()
        messages.success(request, _("The decision was saved."))
        return redirect(f"{meeting.get_absolute_url()}#item-{outcome.agenda_item_id}")
    title = _("Edit the decision") if outcome else _("New decision")
    return _edit_page(
        request, form, f"{title} — {meeting}", "", back_url=meeting.get_absolute_url()
    )


@manage_only
def action_edit(request: HttpRequest, meeting_pk: int, pk: int | None = None) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=meeting_pk)
    action = get_object_or_404(ActionItem, pk=pk, meeting=meeting) if pk else None
    initial = {} if action else {"agenda_item": request.GET.get("item")}
    form = ActionItemForm(
        request.POST or None,
        instance=action or ActionItem(meeting=meeting),
        meeting=meeting,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The action item was saved."))
        return redirect(f"{meeting.get_absolute_url()}#actions")
    title = _("Edit the action item") if action else _("New action item")
    return _edit_page(
        request, form, f"{title} — {meeting}", "", back_url=meeting.get_absolute_url()
    )


@login_required
def follow_up(request: HttpRequest) -> HttpResponse:
    """Every open action item of the meetings the user may see, overdue first."""
    meetings = services.visible_meetings(request.user)
    items = services.open_action_items(ActionItem.objects.filter(meeting__in=meetings))
    if wants_export(request):
        headers = [_("Task"), _("Owner"), _("Due date"), _("Status"), _("Meeting")]
        rows = [
            [a.title, a.owner.full_name, a.due_date or "", a.get_status_display(), str(a.meeting)]
            for a in items
        ]
        return export_response(request, "dzialania", headers, rows)
    return render(
        request,
        "coordination/follow_up.html",
        {
            "items": items,
            "today": timezone.localdate(),
            "can_manage": services.can_manage(request.user),
            # A member opens only their own items (to report progress); others are read here.
            "me": services.person_of(request.user),
        },
    )


@login_required
def action_update(request: HttpRequest, pk: int) -> HttpResponse:
    """The office or the item's owner reports progress."""
    action = get_object_or_404(
        ActionItem.objects.select_related("owner", "meeting"),
        pk=pk,
        meeting__in=services.visible_meetings(request.user),
    )
    person = services.person_of(request.user)
    manage = services.can_manage(request.user)
    if not (manage or (person and action.owner_id == person.pk)):
        raise PermissionDenied
    # The owner reports progress; moving the deadline is the office's decision.
    form_class = ActionStatusForm if manage else OwnerProgressForm
    form = form_class(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The action item was updated."))
        return redirect("coordination:follow_up")
    return _edit_page(request, form, action.title, "coordination:follow_up", action=action)


# Materials


@manage_only
def material_upload(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    form = MaterialForm(request.POST or None, request.FILES or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        Material.objects.create(
            meeting=meeting,
            uploaded_by=_user(request),
            **form.cleaned_data,
        )
        messages.success(request, _("The material was added."))
        return redirect(f"{meeting.get_absolute_url()}#materials")
    return _edit_page(
        request,
        form,
        _("Add a material") + f" — {meeting}",
        "",
        back_url=meeting.get_absolute_url(),
        multipart=True,
    )


@login_required
def material_download(request: HttpRequest, pk: int) -> FileResponse:
    material = get_object_or_404(
        Material, pk=pk, meeting__in=services.visible_meetings(request.user)
    )
    name = material.file.name.rpartition("/")[2]
    return FileResponse(material.file.open("rb"), as_attachment=True, filename=name)


@manage_only
@require_POST
def material_delete(request: HttpRequest, pk: int) -> HttpResponse:
    material = get_object_or_404(Material, pk=pk)
    meeting = material.meeting
    material.file.delete(save=False)
    material.delete()
    messages.success(request, _("The material was removed."))
    return redirect(f"{meeting.get_absolute_url()}#materials")


# Mailings


@manage_only
def mailing_new(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    if kind not in Mailing.Kind.values:
        raise Http404
    if kind == Mailing.Kind.MINUTES and not meeting.minutes.filter(status="approved").exists():
        messages.error(request, _("Approve the minutes before sending them."))
        return redirect(meeting)
    members = [m.person_id for m in services.expected_members(meeting)]
    guests = meeting.attendance.values("person_id")
    people = Person.objects.filter(Q(pk__in=members) | Q(pk__in=guests)).exclude(email="")
    initial = {
        "recipients": list(people.filter(pk__in=members)),
        "materials": list(meeting.materials.all()) if kind == Mailing.Kind.MATERIALS else [],
    }
    form = MailingForm(request.POST or None, meeting=meeting, people=people, initial=initial)
    if request.method == "POST" and form.is_valid():
        mailing = mailings.create_mailing(
            meeting,
            kind,
            _user(request),
            form.cleaned_data["recipients"],
            form.cleaned_data["message"],
            form.cleaned_data.get("materials") or [],
        )
        send_mailing.enqueue(mailing.pk)
        messages.success(request, _("The mailing is being sent; its deliveries are listed below."))
        return redirect("coordination:mailing", mailing.pk)
    return render(
        request,
        "coordination/mailing_form.html",
        {"meeting": meeting, "form": form, "kind": Mailing.Kind(kind)},
    )


@manage_only
def mailing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    mailing = get_object_or_404(Mailing.objects.select_related("meeting__body"), pk=pk)
    return render(
        request,
        "coordination/mailing_detail.html",
        {
            "mailing": mailing,
            "deliveries": mailing.deliveries.all(),
            "failed": mailing.deliveries.filter(status="failed").count(),
            "pending": mailing.deliveries.filter(status="pending").count(),
        },
    )


@manage_only
@require_POST
def mailing_retry(request: HttpRequest, pk: int) -> HttpResponse:
    mailing = get_object_or_404(Mailing, pk=pk)
    send_mailing.enqueue(mailing.pk, only_failed=True)
    messages.success(request, _("The failed deliveries are being sent again."))
    return redirect("coordination:mailing", mailing.pk)


# Minutes


def _minutes(request: HttpRequest, pk: int) -> Minutes:
    minutes = get_object_or_404(
        Minutes.objects.select_related("meeting__body"),
        pk=pk,
        meeting__in=services.visible_meetings(request.user),
    )
    if minutes.status != Minutes.Status.APPROVED and not services.can_manage(request.user):
        raise Http404
    return minutes


@manage_only
@require_POST
def minutes_draft(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    try:
        minutes = services.draft_minutes(meeting, _user(request))
    except services.StatusNotAllowed as error:
        messages.error(request, str(error))
        return redirect(meeting)
    messages.success(
        request, _("The draft minutes were written from the meeting; edit them below.")
    )
    return redirect("coordination:minutes", minutes.pk)


@login_required
def minutes_detail(request: HttpRequest, pk: int) -> HttpResponse:
    minutes = _minutes(request, pk)
    can_manage = services.can_manage(request.user)
    form = None
    if can_manage and not minutes.is_frozen:
        form = MinutesForm(request.POST or None, instance=minutes)
        if request.method == "POST" and form.is_valid():
            form.save()
            messages.success(request, _("The minutes were saved."))
            return redirect("coordination:minutes", minutes.pk)
    elif request.method == "POST":
        messages.error(request, _("Approved minutes cannot be changed; make a new version."))
        return redirect("coordination:minutes", minutes.pk)
    return render(
        request,
        "coordination/minutes_detail.html",
        {
            "minutes": minutes,
            "meeting": minutes.meeting,
            "title": services.minutes_title(minutes.meeting),
            "sections": minutes.sections.all(),
            "attendance": services.minutes_attendance(minutes),
            "attachments": services.minutes_attachments(minutes),
            "form": form,
            "version_form": NewVersionForm() if can_manage and minutes.is_frozen else None,
            "versions": minutes.meeting.minutes.all() if can_manage else [],
            "can_manage": can_manage,
        },
    )


@manage_only
@require_POST
def minutes_approve(request: HttpRequest, pk: int) -> HttpResponse:
    minutes = get_object_or_404(Minutes, pk=pk)
    try:
        services.approve_minutes(minutes, _user(request))
    except services.MinutesFrozen as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The minutes were approved and can no longer be changed."))
    return redirect("coordination:minutes", minutes.pk)


@manage_only
@require_POST
def minutes_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    minutes = get_object_or_404(Minutes, pk=pk)
    form = NewVersionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the approved minutes must change."))
        return redirect("coordination:minutes", minutes.pk)
    draft = services.new_minutes_version(
        minutes,
        _user(request),
        form.cleaned_data["reason"],
    )
    messages.success(request, _("Version %(v)s was created as a draft.") % {"v": draft.version})
    return redirect("coordination:minutes", draft.pk)


@login_required
def minutes_download(request: HttpRequest, pk: int, ext: str) -> HttpResponse:
    minutes = _minutes(request, pk)
    if ext == "docx":
        data, content_type = documents.render_docx(minutes), DOCX_TYPE
    elif ext == "pdf":
        data, content_type = documents.render_pdf(minutes), "application/pdf"
    else:
        raise Http404
    response = HttpResponse(data, content_type=content_type)
    filename = documents.filename(minutes, ext)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# ---------------------------------------------------------------------------------------------
# Studies and search


@login_required
def study_list(request: HttpRequest) -> HttpResponse:
    studies = Study.objects.select_related("presented_at__body")
    if wants_export(request):
        headers = [_("Title"), _("Carried out by"), _("Period"), _("Status"), _("Presented at")]
        rows = [
            [s.title, s.performed_by, s.period, s.get_status_display(), str(s.presented_at or "")]
            for s in studies
        ]
        return export_response(request, "badania", headers, rows)
    return render(
        request,
        "coordination/study_list.html",
        {"studies": studies, "can_manage": services.can_manage(request.user)},
    )


@login_required
def study_detail(request: HttpRequest, pk: int) -> HttpResponse:
    study = get_object_or_404(Study.objects.select_related("presented_at__body"), pk=pk)
    visible = services.visible_meetings(request.user)
    return render(
        request,
        "coordination/study_detail.html",
        {
            "study": study,
            "meeting_visible": study.presented_at_id is not None
            and visible.filter(pk=study.presented_at_id).exists(),
            "can_manage": services.can_manage(request.user),
        },
    )


@manage_only
def study_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    study = get_object_or_404(Study, pk=pk) if pk else None
    form = StudyForm(request.POST or None, request.FILES or None, instance=study)
    if request.method == "POST" and form.is_valid():
        study = form.save()
        messages.success(request, _("The study was saved."))
        return redirect(study)
    title = _("Edit the study") if study else _("New study")
    return _edit_page(request, form, title, "coordination:study_list", multipart=True)


@login_required
def study_file(request: HttpRequest, pk: int) -> FileResponse:
    study = get_object_or_404(Study, pk=pk)
    if not study.results_file:
        raise Http404
    name = study.results_file.name.rpartition("/")[2]
    return FileResponse(study.results_file.open("rb"), as_attachment=True, filename=name)


@login_required
def search_view(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    results = []
    query = ""
    if form.is_valid() and (query := form.cleaned_data["q"].strip()):
        results = search.search(request.user, query)
    return render(
        request,
        "coordination/search.html",
        {"form": form, "query": query, "results": results},
    )
