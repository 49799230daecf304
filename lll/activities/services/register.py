"""Searching and filtering the register, and its rows for XLSX/CSV."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from lll.coordination.models import Institution
from lll.core.text import sorted_polish
from lll.territory.models import Unit
from lll.territory.services import home_region

from ..models import Activity, ActivityType, Funding, Priority, TargetGroup


@dataclass
class Filters:
    q: str = ""
    priority: str = ""
    powiat: str = ""
    target: str = ""
    funding: str = ""
    institution: str = ""
    year: str = ""
    activity_type: str = ""

    @classmethod
    def of(cls, params: Mapping[str, Any]) -> "Filters":
        return cls(
            **{name: str(params.get(name, "")).strip()[:200] for name in cls.__dataclass_fields__}
        )


def filtered(items: QuerySet[Activity], f: Filters) -> QuerySet[Activity]:
    """The activities matching every filter given; unknown values match nothing."""
    for word in f.q.split():
        items = items.filter(
            Q(title__icontains=word)
            | Q(description__icontains=word)
            | Q(institution__name__icontains=word)
            | Q(qualification_code__iexact=word)
        )
    if f.priority:
        items = items.filter(priorities__contains=f",{f.priority},")
    if f.target:
        items = items.filter(target_groups__contains=f",{f.target},")
    if f.funding:
        items = items.filter(funding=f.funding)
    if f.activity_type:
        items = items.filter(activity_type=f.activity_type)
    if f.institution.isdigit():
        # the lead institution or one of the partners
        partnered = Activity.partners.through.objects.filter(institution_id=int(f.institution))
        items = items.filter(
            Q(institution_id=int(f.institution)) | Q(pk__in=partnered.values("activity_id"))
        )
    if f.year.isdigit():
        year = int(f.year)
        items = items.filter(starts_on__year__lte=year, ends_on__year__gte=year)
    if f.powiat:
        items = items.filter(
            Q(whole_region=True) | Q(units__code=f.powiat) | Q(units__parent__code=f.powiat)
        ).distinct()
    return items


def powiats() -> list[Unit]:
    region = home_region()
    if region is None:
        return []
    return sorted_polish(Unit.objects.filter(parent=region), lambda u: u.name)


def choices() -> dict[str, Any]:
    """What the filter form offers."""
    years = sorted(
        {d.year for d in Activity.objects.values_list("starts_on", flat=True)}, reverse=True
    )
    institution_ids = set(Activity.objects.values_list("institution_id", flat=True))
    institution_ids.update(
        Activity.partners.through.objects.values_list("institution_id", flat=True)
    )
    return {
        "priorities": Priority.choices,
        "targets": TargetGroup.choices,
        "fundings": Funding.choices,
        "types": ActivityType.choices,
        "powiats": powiats(),
        "institutions": sorted_polish(
            Institution.objects.filter(pk__in=institution_ids), lambda i: i.name
        ),
        "years": years,
    }


def territory_text(activity: Activity) -> str:
    if activity.whole_region:
        return _("the whole region")
    return ", ".join(u.name for u in activity.units.all())
