from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import feedgenerator, timezone
from django.utils.translation import gettext as _

from lll.coordination import access as coordination_access
from lll.coordination.models import Body
from lll.core.access import AuthenticatedRequest, requires
from lll.core.pages import form_page

from ..forms import PublicBodyForm
from ..services import publicbodies as services


def public_bodies(request: HttpRequest) -> HttpResponse:
    """The public bodies; the coordination office also sees the others, with the switch."""
    manage = coordination_access.can_manage(request.user)
    bodies = Body.objects.order_by("name") if manage else services.public_bodies()
    public = set(services.public_bodies().values_list("pk", flat=True))
    return render(
        request,
        "publicoffice/public_bodies.html",
        {"bodies": bodies, "public": public, "can_manage": manage},
    )


def public_body(request: HttpRequest, pk: int) -> HttpResponse:
    body = services.get_public_body(pk)
    minutes = list(services.approved_minutes(body))
    return render(
        request,
        "publicoffice/public_body.html",
        {
            "body": body,
            "composition": services.composition(body),
            "meetings": services.calendar(body),
            "minutes": [(m, services.metryczka(m)) for m in minutes],
            "resolutions": services.resolutions(body),
            "decisions": services.decisions(body),
            "recommendations": services.recommendations(body),
            "action_items": services.action_items(body),
            "now": timezone.now(),
        },
    )


def public_minutes(request: HttpRequest, pk: int, minutes_pk: int) -> HttpResponse:
    body = services.get_public_body(pk)
    minutes = services.get_public_minutes(body, minutes_pk)
    return render(
        request,
        "publicoffice/public_minutes.html",
        {
            "body": body,
            "minutes": minutes,
            "sections": minutes.sections.all(),
            "meta": services.metryczka(minutes),
        },
    )


@requires(coordination_access.MANAGE)
def public_body_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    body = get_object_or_404(Body, pk=pk)
    form = PublicBodyForm(request.POST or None, instance=services.publication(body))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The public page of %(body)s was saved.") % {"body": body})
        return redirect("publicoffice:public_bodies")
    return form_page(
        request,
        form,
        _("Public page: %(body)s") % {"body": body},
        "publicoffice:public_bodies",
    )


def public_body_feed(request: HttpRequest, pk: int) -> HttpResponse:
    """Atom: the body's approved minutes, newest first, each with its metryczka's dates."""
    body = services.get_public_body(pk)
    link = request.build_absolute_uri(reverse("publicoffice:public_body", args=[pk]))
    feed = feedgenerator.Atom1Feed(
        title=str(body.name),
        link=link,
        description=_("Approved minutes of %(body)s") % {"body": body},
        language="pl",
        feed_url=request.build_absolute_uri(),
    )
    for minutes in services.approved_minutes(body):
        url = request.build_absolute_uri(
            reverse("publicoffice:public_minutes", args=[pk, minutes.pk])
        )
        meta = services.metryczka(minutes)
        feed.add_item(
            title=_("Minutes of meeting no. %(number)s") % {"number": minutes.meeting.number},
            link=url,
            unique_id=url + f"#v{minutes.version}",
            description=minutes.introduction,
            pubdate=meta.published_at,
            updateddate=meta.published_at,
            author_name=meta.published_by or None,
        )
    return HttpResponse(
        feed.writeString("utf-8"), content_type="application/atom+xml; charset=utf-8"
    )


def public_body_json(request: HttpRequest, pk: int) -> JsonResponse:
    body = services.get_public_body(pk)
    return JsonResponse(
        services.as_json(body, request.build_absolute_uri),
        json_dumps_params={"ensure_ascii": False},
    )
