"""The KKZ page: qualification courses against the Barometr and the Minister's forecast."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from lll.core.access import AuthenticatedRequest, requires
from lll.core.exports import export_response, wants_export

from ..access import MANAGE
from ..models import Activity, ActivityType
from ..services import kkz


@requires(MANAGE)
def kkz_page(request: AuthenticatedRequest) -> HttpResponse:
    years = sorted(
        {
            d.year
            for d in Activity.objects.filter(activity_type=ActivityType.KKZ).values_list(
                "starts_on", flat=True
            )
        },
        reverse=True,
    )
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and int(raw) in years else None
    rows = kkz.kkz_table(year)
    if wants_export(request):
        headers = [
            _("Occupation"),
            _("Powiat"),
            _("Qualification code"),
            _("Courses"),
            _("Enrolled"),
            _("Completed"),
            _("Passed the exam"),
            _("Barometr"),
            _("Minister's forecast"),
        ]
        data = [
            [
                f"{r.occupation.code} {r.occupation.name}" if r.occupation else "",
                r.powiat.name if r.powiat else _("the whole region"),
                ", ".join(sorted(r.codes)),
                r.courses,
                r.enrolled,
                r.completed,
                r.passed,
                r.barometer_label,
                r.forecast,
            ]
            for r in rows
        ]
        return export_response(request, "kkz", headers, data)
    return render(
        request,
        "activities/kkz.html",
        {
            "rows": rows,
            "gaps": kkz.deficits_without_courses(rows, year),
            "years": years,
            "year": year,
        },
    )
