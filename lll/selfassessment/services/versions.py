"""Frameworks: versions. A round keeps the version it was opened with; editing a used framework
means a new version, and its rating scale grows or shrinks only at the top."""

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from lll.core.errors import UserError

from ..models import Area, Criterion, Framework, Level


def ready_version(code: str) -> Framework | None:
    """The version a new round should take: the newest already used by a round (a version made
    for editing is unfinished until a round uses it); the newest at all if none was used yet."""
    versions = Framework.objects.filter(code=code).order_by("-version")
    return versions.filter(rounds__isnull=False).distinct().first() or versions.first()


def criteria_of(framework: Framework) -> QuerySet[Criterion]:
    return Criterion.objects.filter(area__framework=framework).select_related("area")


@transaction.atomic
def new_version(framework: Framework) -> Framework:
    """A copy of the framework as its next version, to be edited while rounds keep theirs."""
    latest = Framework.objects.filter(code=framework.code).order_by("-version").first()
    version = (latest.version if latest else framework.version) + 1
    copy = Framework.objects.create(
        code=framework.code,
        version=version,
        name_pl=framework.name_pl,
        name_en=framework.name_en,
        description_pl=framework.description_pl,
        description_en=framework.description_en,
        based_on=framework,
    )
    for level in framework.levels.all():
        level.pk = None
        level.framework = copy
        level.save()
    for area in framework.areas.prefetch_related("criteria__indicators"):
        criteria = list(area.criteria.all())
        area.pk = None
        area.framework = copy
        area.save()
        for criterion in criteria:
            indicators = list(criterion.indicators.all())
            criterion.pk = None
            criterion.area = area
            criterion.save()
            criterion.indicators.set(indicators)
    return copy


def editable_version(framework: Framework) -> Framework | None:
    """The unused later version of a used framework, if someone already started one."""
    return (
        Framework.objects.filter(code=framework.code, version__gt=framework.version)
        .exclude(rounds__isnull=False)
        .order_by("-version")
        .first()
    )


MIN_LEVELS = 2  # said in words in the message below


class ScaleChangeRefused(UserError):
    """The rating scale cannot change that way; the message says why."""


def next_level(framework: Framework) -> Level:
    """A new, unsaved step at the top of the scale: the scale stays 1, 2, ... with no gaps."""
    top = framework.levels.order_by("-value").values_list("value", flat=True).first()
    return Level(framework=framework, value=(top or 0) + 1)


def remove_level(level: Level) -> None:
    """Only the top step goes (the values below keep their meaning), and a scale keeps two."""
    framework = level.framework
    if framework.is_used:
        raise ScaleChangeRefused(_("A round uses this version; its scale stays as it is."))
    levels = list(framework.levels.order_by("value"))
    if len(levels) <= MIN_LEVELS:
        raise ScaleChangeRefused(_("A rating scale needs at least two levels."))
    if level != levels[-1]:
        raise ScaleChangeRefused(
            _("Only the highest level can be removed, so the values below keep their meaning.")
        )
    level.delete()


def renumber_areas(framework: Framework) -> None:
    for position, area in enumerate(framework.areas.order_by("position", "pk"), start=1):
        if area.position != position:
            area.position = position
            area.save(update_fields=["position"])


def renumber_criteria(area: Area) -> None:
    for position, criterion in enumerate(area.criteria.order_by("position", "pk"), start=1):
        if criterion.position != position:
            criterion.position = position
            criterion.save(update_fields=["position"])


def levels_of(framework: Framework) -> list[Level]:
    return list(framework.levels.order_by("value"))
