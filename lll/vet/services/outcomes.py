"""The rules an outcome must keep, the same for the import and the form."""

from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import OpinionRequest, Outcome
from .school_years import school_year_of, start_of


def outcome_problems(
    request: OpinionRequest,
    school_year: str,
    *,
    enrolment: int | None,
    students: int | None,
    graduates: int | None,
    exam_pass_rate: Decimal | None,
    exclude_pk: int | None = None,
) -> list[tuple[str, str]]:
    """(field, message) for each impossible value; empty when the outcome can be."""
    problems: list[tuple[str, str]] = []
    current = school_year_of(timezone.localdate())
    if start_of(school_year) > start_of(current):
        problems.append(
            (
                "school_year",
                _("the school year %(year)s has not started yet (now: %(current)s).")
                % {"year": school_year, "current": current},
            )
        )
    elif start_of(school_year) < start_of(request.start_year):
        problems.append(
            (
                "school_year",
                _("the direction was to start in %(start)s, not before.")
                % {"start": request.start_year},
            )
        )
    if exam_pass_rate is not None and not 0 <= exam_pass_rate <= 100:
        problems.append(("exam_pass_rate", _("a percentage is between 0 and 100.")))
    if graduates is not None:
        if students is not None and graduates > students:
            problems.append(
                (
                    "graduates",
                    _("there cannot be more graduates than students (%(n)d).") % {"n": students},
                )
            )
        else:
            earlier = Outcome.objects.filter(request=request, enrolment__isnull=False)
            if exclude_pk is not None:
                earlier = earlier.exclude(pk=exclude_pk)
            enrolments = [e for e in earlier.values_list("enrolment", flat=True) if e is not None]
            if enrolment is not None:
                enrolments.append(enrolment)
            if enrolments and graduates > max(enrolments):
                problems.append(
                    (
                        "graduates",
                        _("there cannot be more graduates than the first-year enrolment (%(n)d).")
                        % {"n": max(enrolments)},
                    )
                )
    return problems
