"""Bodies and their members, term by term."""

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from lll.core.access import AuthenticatedRequest, requires
from lll.core.exports import export_response, wants_export
from lll.core.text import sorted_polish

from .. import access, services
from ..access import MANAGE
from ..forms import BodyForm, MembershipForm
from ..models import Membership, current_on
from ..services import rules as rules_service
from .common import edit_page

# How the members of a body are listed: the chair first, permanent guests last.
ROLE_ORDER = ["chair", "vice_chair", "secretary", "member", "permanent_guest"]


@requires()
def body_list(request: AuthenticatedRequest) -> HttpResponse:
    today = timezone.localdate()
    bodies = access.visible_bodies(request.user).annotate(
        member_count=Count(
            "memberships", filter=current_on(today, prefix="memberships__"), distinct=True
        ),
        meeting_count=Count("meetings", distinct=True),
    )
    in_order = sorted_polish(bodies, lambda b: b.name)
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
        {"bodies": in_order, "can_manage": access.can_manage(request.user)},
    )


@requires()
def body_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    body = access.get_body_for(request, pk)
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
    return render(
        request,
        "coordination/body_detail.html",
        {
            "body": body,
            "current": sorted(
                services.polish_order(current), key=lambda m: ROLE_ORDER.index(m.role)
            ),
            "former": body.memberships.filter(term_to__lt=today).select_related("person"),
            "future": body.memberships.filter(term_from__gt=today).select_related("person"),
            "meetings": body.meetings.order_by("-starts_at"),
            "rules_summary": rules_service.rules_summary(rules_service.rules_for(body)),
            "rules_source": rules_service.rules_for(body).source,
            "circular_votes": body.votes.filter(kind="circular").select_related("resolution"),
            "changes": body.history.select_related("history_user")[:10],
            "membership_changes": Membership.history.filter(body_id=body.pk)
            .select_related("history_user")
            .order_by("-history_date")[:15],
            "can_manage": access.can_manage(request.user),
        },
    )


@requires(MANAGE)
def body_edit(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    body = access.get_body_for(request, pk) if pk else None
    form = BodyForm(request.POST or None, instance=body)
    if request.method == "POST" and form.is_valid():
        body = form.save()
        messages.success(request, _("The body was saved."))
        return redirect(body)
    title = _("Edit the body") if body else _("New body")
    return edit_page(request, form, title, "coordination:body_list")


@requires(MANAGE)
def membership_edit(
    request: AuthenticatedRequest, body_pk: int, pk: int | None = None
) -> HttpResponse:
    body = access.get_body_for(request, body_pk)
    membership = access.get_membership_for(request, body, pk) if pk else Membership(body=body)
    initial = {} if pk else {"appointed_by": body.legal_basis, "term_from": timezone.localdate()}
    form = MembershipForm(request.POST or None, instance=membership, initial=initial)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The membership was saved."))
        return redirect(body)
    title = _("Edit the membership") if pk else _("Add a member")
    return edit_page(request, form, f"{title}: {body}", "", back_url=body.get_absolute_url())
