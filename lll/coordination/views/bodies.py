"""Bodies and their members, term by term."""

from django.contrib import messages
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lll.core.access import AuthenticatedRequest, requires
from lll.core.exports import wants_export
from lll.core.tables import Column, Table, demo_badge
from lll.core.text import sorted_polish

from .. import access, services
from ..access import MANAGE
from ..forms import BodyForm, MembershipForm
from ..models import Body, Membership, current_on
from ..services import rules as rules_service
from .common import edit_page

# How the members of a body are listed: the chair first, permanent guests last.
ROLE_ORDER = ["chair", "vice_chair", "secretary", "member", "permanent_guest"]

BODIES = Table(
    "organy",
    gettext_lazy("Bodies"),
    [
        Column(
            gettext_lazy("Name"),
            lambda b: b.name,
            cell=lambda b: format_html(
                '<a href="{}">{}</a> ({})', b.get_absolute_url(), b.name, b.short_name
            ),
        ),
        Column(gettext_lazy("Short name"), lambda b: b.short_name, page=False),
        Column(gettext_lazy("Type"), lambda b: b.get_kind_display()),
        Column(gettext_lazy("Legal basis"), lambda b: b.legal_basis),
        Column(gettext_lazy("Members"), lambda b: b.member_count, numeric=True),
        Column(gettext_lazy("Meetings"), lambda b: b.meeting_count, numeric=True),
    ],
)


def composition_table(body: Body, can_manage: bool) -> Table:
    """The body's members today: the office sees links to their records and an edit link."""

    def name(m: Membership) -> str:
        person = m.person
        if can_manage:
            return format_html(
                '<a href="{}">{}</a>{}',
                person.get_absolute_url(),
                person.full_name,
                demo_badge(person),
            )
        return format_html("{}{}", person.full_name, demo_badge(person))

    def edit(m: Membership) -> str:
        return format_html(
            '<a href="{}">{}<span class="visually-hidden">: {}</span></a>',
            reverse("coordination:membership_edit", args=[body.pk, m.pk]),
            _("Edit"),
            m.person.full_name,
        )

    def term(m: Membership) -> str:
        end = m.term_to.strftime("%d.%m.%Y") if m.term_to else ""
        return f"{m.term_from:%d.%m.%Y} – {end}"

    columns = [
        Column(gettext_lazy("Full name"), lambda m: m.person.full_name, cell=name, export=False),
        Column(gettext_lazy("Last name"), lambda m: m.person.last_name, page=False),
        Column(gettext_lazy("First name"), lambda m: m.person.first_name, page=False),
        Column(gettext_lazy("Function"), lambda m: m.get_role_display()),
        Column(gettext_lazy("Institution"), lambda m: m.person.affiliation),
        Column(gettext_lazy("Represents"), lambda m: m.represents),
        Column(gettext_lazy("Substitute"), lambda m: str(m.substitute or "")),
        Column(gettext_lazy("Term"), term, export=False),
        Column(gettext_lazy("Term from"), lambda m: m.term_from, page=False),
        Column(gettext_lazy("Term to"), lambda m: m.term_to, page=False),
    ]
    if can_manage:
        columns.append(Column(gettext_lazy("Actions"), edit, export=False, header_hidden=True))
    return Table(f"sklad-{body.short_name}", gettext_lazy("Current composition"), columns)


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
        return BODIES.export(request, in_order)
    return render(
        request,
        "coordination/body_list.html",
        {
            "bodies": in_order,
            "table": BODIES.bind(in_order),
            "can_manage": access.can_manage(request.user),
        },
    )


@requires()
def body_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    body = access.get_body_for(request, pk)
    today = timezone.localdate()
    current = body.memberships_on(today).select_related("person__institution", "substitute")
    # The chair first, permanent guests last; alphabetical the Polish way within each function.
    members = sorted(services.polish_order(current), key=lambda m: ROLE_ORDER.index(m.role))
    can_manage = access.can_manage(request.user)
    composition = composition_table(body, can_manage)
    if wants_export(request):
        return composition.export(request, members)
    return render(
        request,
        "coordination/body_detail.html",
        {
            "body": body,
            "current": members,
            "composition": composition.bind(members),
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
