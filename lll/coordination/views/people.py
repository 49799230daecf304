"""Institutions and people: the office's register of who sits on the bodies."""

import json

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lll.accounts.services import send_invitation
from lll.core.access import AuthenticatedRequest, requires
from lll.core.downloads import JSON_TYPE, download
from lll.core.errors import UserError
from lll.core.exports import wants_export
from lll.core.paging import LONG_PAGE, page_of
from lll.core.tables import Column, Table, demo_badge
from lll.core.text import sorted_polish

from .. import access, services
from ..access import MANAGE
from ..forms import InstitutionForm, PersonForm, SearchForm
from ..models import Institution, Person
from .common import edit_page

INSTITUTIONS = Table(
    "instytucje",
    gettext_lazy("Institutions"),
    [
        Column(
            gettext_lazy("Name"),
            lambda i: i.name,
            cell=lambda i: format_html(
                '<a href="{}">{}</a>{}',
                reverse("coordination:institution_edit", args=[i.pk]),
                i.name,
                demo_badge(i),
            ),
        ),
        Column(gettext_lazy("Type"), lambda i: i.get_kind_display()),
        Column(gettext_lazy("Powiat"), lambda i: i.unit.short_name if i.unit else ""),
        Column(gettext_lazy("People"), lambda i: i.people_count, numeric=True),
    ],
)


def _person_name(person: Person) -> str:
    erased = ""
    if person.erased_at:
        erased = format_html(' <span class="badge text-bg-warning">{}</span>', _("data erased"))
    return format_html(
        '<a href="{}">{} {}</a>{}{}',
        person.get_absolute_url(),
        person.last_name,
        person.first_name,
        demo_badge(person),
        erased,
    )


PEOPLE = Table(
    "osoby",
    gettext_lazy("People"),
    [
        Column(gettext_lazy("Full name"), lambda p: p.full_name, cell=_person_name, export=False),
        Column(gettext_lazy("Last name"), lambda p: p.last_name, page=False),
        Column(gettext_lazy("First name"), lambda p: p.first_name, page=False),
        Column(gettext_lazy("Position"), lambda p: p.position),
        Column(gettext_lazy("Institution"), lambda p: str(p.institution or "")),
        Column(gettext_lazy("E-mail"), lambda p: p.email),
    ],
)


@requires(MANAGE)
def institution_list(request: AuthenticatedRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    institutions = access.visible_institutions(request.user)
    institutions = institutions.select_related("unit").annotate(people_count=Count("people"))
    if form.is_valid() and (q := form.cleaned_data["q"]):
        institutions = institutions.filter(name__icontains=q)
    # A count drops the model's ordering (GROUP BY); alphabetical the Polish way, as people are.
    in_order = sorted_polish(institutions, lambda i: i.name)
    if wants_export(request):
        return INSTITUTIONS.export(request, in_order)
    page = page_of(request, in_order, LONG_PAGE)
    table = INSTITUTIONS.bind(page.object_list)
    return render(
        request, "coordination/institution_list.html", {"form": form, "page": page, "table": table}
    )


@requires(MANAGE)
def institution_edit(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    institution: Institution | None = access.get_institution_for(request, pk) if pk else None
    form = InstitutionForm(request.POST or None, instance=institution)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The institution was saved."))
        return redirect("coordination:institution_list")
    title = _("Edit the institution") if institution else _("New institution")
    return edit_page(request, form, title, "coordination:institution_list")


@requires(MANAGE)
def person_list(request: AuthenticatedRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    people = access.visible_people(request.user).select_related("institution")
    if form.is_valid() and (q := form.cleaned_data["q"]):
        for word in q.split():
            people = people.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(institution__name__icontains=word)
                | Q(email__icontains=word)
            )
    # Alphabetical the Polish way (Łapińska before Zieliński), whatever the database's collation.
    in_order = sorted_polish(people, lambda p: p.last_name, lambda p: p.first_name)
    if wants_export(request):
        return PEOPLE.export(request, in_order)
    page = page_of(request, in_order, LONG_PAGE)
    table = PEOPLE.bind(page.object_list)
    return render(
        request, "coordination/person_list.html", {"form": form, "page": page, "table": table}
    )


@requires(MANAGE)
def person_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = access.get_person_for(request, pk)
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


@requires(MANAGE)
def person_edit(request: AuthenticatedRequest, pk: int | None = None) -> HttpResponse:
    person = access.get_person_for(request, pk) if pk else None
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        person = form.save()
        messages.success(request, _("The person was saved."))
        return redirect(person)
    title = _("Edit the person") if person else _("New person")
    return edit_page(request, form, title, "coordination:person_list", privacy_purpose="members")


@requires(MANAGE)
def person_export(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = access.get_person_for(request, pk)
    data = json.dumps(services.export_person(person), ensure_ascii=False, indent=2, default=str)
    return download(data, f"osoba-{person.pk}.json", JSON_TYPE)


@requires(MANAGE)
@require_POST
def person_invite(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = access.get_person_for(request, pk)
    try:
        user = services.create_member_account(person)
    except UserError as error:
        messages.error(request, error.message)
    else:
        send_invitation(request, user, purpose="members")
        messages.success(
            request,
            _("An account %(user)s was created; a link to set the password went to %(email)s.")
            % {"user": user.username, "email": user.email},
        )
    return redirect(person)


@requires(MANAGE)
@require_POST
def person_erase(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    person = access.get_person_for(request, pk)
    services.erase_person(person)
    messages.success(
        request,
        _("The contact data of %(name)s were erased; the name stays in minutes and lists.")
        % {"name": person.full_name},
    )
    return redirect(person)
