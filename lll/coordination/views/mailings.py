"""Mailings of a meeting: the invitation, the materials, the approved minutes."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lll.core.access import AuthenticatedRequest, requires

from .. import access, mailings, services
from ..access import MANAGE
from ..forms import MailingForm
from ..models import Mailing, Minutes
from ..tasks import send_mailing


@requires(MANAGE)
def mailing_new(request: AuthenticatedRequest, pk: int, kind: str) -> HttpResponse:
    meeting = access.get_meeting_for(request, pk)
    if kind not in Mailing.Kind.values:
        raise Http404
    sendable = meeting.minutes.filter(
        status__in=[Minutes.Status.APPROVED, Minutes.Status.COMMENTS]
    ).exists()
    if kind == Mailing.Kind.MINUTES and not sendable:
        messages.error(
            request, _("Send the minutes to the members for comments, or accept them, first.")
        )
        return redirect(meeting)
    members = {m.person_id for m in services.expected_members(meeting)}
    people = mailings.possible_recipients(meeting)
    initial = {
        "recipients": [p for p in people if p.pk in members],
        "materials": list(meeting.materials.all()) if kind == Mailing.Kind.MATERIALS else [],
    }
    form = MailingForm(request.POST or None, meeting=meeting, people=people, initial=initial)
    if request.method == "POST" and form.is_valid():
        mailing = mailings.create_mailing(
            meeting,
            kind,
            request.user,
            form.cleaned_data["recipients"],
            form.cleaned_data["message"],
            form.cleaned_data.get("materials") or [],
            link=request.build_absolute_uri(meeting.get_absolute_url()),
        )
        send_mailing.enqueue(mailing.pk)
        messages.success(request, _("The mailing is being sent; its deliveries are listed below."))
        return redirect("coordination:mailing", mailing.pk)
    return render(
        request,
        "coordination/mailing_form.html",
        {"meeting": meeting, "form": form, "kind": Mailing.Kind(kind)},
    )


@requires(MANAGE)
def mailing_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    mailing = access.get_mailing_for(request, pk)
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


@requires(MANAGE)
@require_POST
def mailing_retry(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    mailing = access.get_mailing_for(request, pk)
    send_mailing.enqueue(mailing.pk, only_failed=True)
    messages.success(request, _("The failed deliveries are being sent again."))
    return redirect("coordination:mailing", mailing.pk)
