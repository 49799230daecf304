from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lll.core.access import AuthenticatedRequest, requires
from lll.core.exports import wants_export
from lll.core.paging import LONG_PAGE, page_of
from lll.core.tables import Column, Table
from lll.core.text import sorted_polish

from .access import MANAGE_USERS, get_editable_user_for, get_user_for
from .forms import UserForm, UserSearchForm
from .models import User
from .roles import ADMINISTRATOR
from .services import send_invitation


def _roles(user: User) -> str:
    roles = ", ".join(user.role_names) or "—"
    superuser = SafeString("")
    if user.is_superuser:
        superuser = format_html(' <span class="badge text-bg-dark">{}</span>', _("superuser"))
    return format_html("{}{}", roles, superuser)


def _status(user: User) -> str:
    if user.is_active:
        return _("active")
    return format_html('<span class="text-danger">{}</span>', _("inactive"))


USERS = Table(
    "uzytkownicy",
    gettext_lazy("Users"),
    [
        Column(
            gettext_lazy("Username"),
            lambda u: u.username,
            link=lambda u: reverse("accounts:user_edit", args=[u.pk]),
        ),
        Column(gettext_lazy("Name"), lambda u: u.get_full_name(), export=False),
        Column(gettext_lazy("First name"), lambda u: u.first_name, page=False),
        Column(gettext_lazy("Last name"), lambda u: u.last_name, page=False),
        Column(gettext_lazy("E-mail"), lambda u: u.email),
        Column(gettext_lazy("Roles"), lambda u: ", ".join(u.role_names), cell=_roles),
        Column(gettext_lazy("Active"), lambda u: u.is_active, page=False),
        Column(gettext_lazy("Status"), lambda u: u.is_active, cell=_status, export=False),
        Column(gettext_lazy("Last login"), lambda u: u.last_login),
    ],
)


class PasswordChangeView(auth_views.PasswordChangeView):
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        User.objects.filter(pk=form.user.pk).update(must_change_password=False)
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        User.objects.filter(pk=form.user.pk).update(must_change_password=False)
        return response


@requires()
def account(request: AuthenticatedRequest) -> HttpResponse:
    return render(request, "accounts/account.html", {"account": request.user})


@requires(MANAGE_USERS)
def user_list(request: AuthenticatedRequest) -> HttpResponse:
    form = UserSearchForm(request.GET)
    users = User.objects.prefetch_related("groups").order_by("last_name", "first_name", "username")
    if form.is_valid():
        if q := form.cleaned_data["q"].strip():
            users = users.filter(
                Q(username__icontains=q)
                | Q(first_name__icontains=q)
                | Q(last_name__icontains=q)
                | Q(email__icontains=q)
            )
        if role := form.cleaned_data["role"]:
            users = users.filter(groups__name=role)
    # Alphabetical the Polish way (Łapińska before Zieliński), whatever the database's collation.
    in_order = sorted_polish(
        users, lambda u: u.last_name, lambda u: u.first_name, lambda u: u.username
    )
    if wants_export(request):
        return USERS.export(request, in_order)
    page = page_of(request, in_order, LONG_PAGE)
    table = USERS.bind(page.object_list)
    return render(request, "accounts/user_list.html", {"form": form, "page": page, "table": table})


@requires(MANAGE_USERS)
def user_create(request: AuthenticatedRequest) -> HttpResponse:
    form = UserForm(request.POST or None, initial={"is_active": True})
    if request.method == "POST" and form.is_valid():
        user = form.save(commit=False)
        user.set_unusable_password()
        user.save()
        form.save_m2m()
        send_invitation(request, user)
        messages.success(
            request,
            _(
                "User %(user)s created; an e-mail with a link to set the password was sent to "
                "%(email)s."
            )
            % {"user": user.username, "email": user.email},
        )
        return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "edited": None})


@requires(MANAGE_USERS)
def user_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    edited = get_editable_user_for(request, pk)
    form = UserForm(request.POST or None, instance=edited)
    if request.method == "POST" and form.is_valid():
        own = edited.pk == request.user.pk
        if own and not form.cleaned_data["is_active"]:
            form.add_error("is_active", _("You cannot deactivate your own account."))
        elif (
            own
            and not edited.is_superuser
            and ADMINISTRATOR not in {group.name for group in form.cleaned_data["roles"]}
        ):
            # Without the role they could no longer manage users, nor undo this change.
            form.add_error("roles", _("You cannot remove your own Administrator role."))
        else:
            form.save()
            messages.success(request, _("Changes to %(user)s saved.") % {"user": edited.username})
            return redirect("accounts:user_list")
    history = edited.history.select_related("history_user").order_by("-history_date")[:20]
    return render(
        request, "accounts/user_form.html", {"form": form, "edited": edited, "history": history}
    )


@require_POST
@requires(MANAGE_USERS)
def user_send_password_link(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    edited = get_user_for(request, pk, active_only=True)
    if not edited.email:
        messages.error(request, _("This user has no e-mail address."))
    else:
        send_invitation(request, edited, new_account=False)
        messages.success(
            request,
            _("A link to set the password was sent to %(email)s.") % {"email": edited.email},
        )
    return redirect("accounts:user_edit", pk=edited.pk)
