"""Targets and the measure they are defined on.

The EU adult-learning targets (at least 47 % of adults 25-64 learning by 2025, 60 % by 2030:
the Council resolution on the European Education Area, 2021/C 66/01, and the European Pillar of
Social Rights action plan) are set on participation in learning in the last 12 months (the
Adult Education Survey; the EU-LFS from 2022), published for Poland only. Every regional series
shipped measures the last 4 weeks (Eurostat trng_lfse_04, GUS SDG 1.F.1): a 12-month target is
never drawn on them. Their pages say so, naming the targets and their source documents from the
12-month indicator that carries them (../shared/DOMAIN.md).
"""

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from lll.indicators.models import Indicator, Target
from lll.territory.models import Level

TWELVE_MONTHS = "al-participation-12-months"
# The 4-week measures: the EU targets of the 12-month measure do not apply to them.
FOUR_WEEKS = frozenset(
    {
        "al-participation-4-weeks",
        "al-participation-4-weeks-gus",
        "al-participation-4-weeks-women",
        "al-participation-4-weeks-men",
    }
)
REGIONAL_LEVELS = {Level.VOIVODESHIP, Level.POWIAT, Level.GMINA}


@dataclass
class TargetsNote:
    targets_text: str  # "47% do 2025, 60% do 2030"
    documents: list[str]  # the targets' source documents
    indicator: Indicator  # the indicator the targets are set on


def targets_text(indicator: Indicator, targets: list[Target]) -> str:
    """The targets in a sentence: "47% by 2025, 60% by 2030"."""
    return ", ".join(
        _("%(value)s%(unit)s by %(year)s")
        % {
            "value": number_format(
                int(t.value) if t.value.is_integer() else t.value, use_l10n=True
            ),
            "unit": indicator.unit_label
            if indicator.unit_label == "%"
            else f" {indicator.unit_label}",
            "year": t.year,
        }
        for t in targets
    )


def _note(indicator: Indicator) -> TargetsNote | None:
    targets = list(indicator.targets.order_by("year", "pk"))
    if not targets:
        return None
    documents = list(dict.fromkeys(t.source_document for t in targets if t.source_document))
    return TargetsNote(targets_text(indicator, targets), documents, indicator)


def targets_of_other_measure(indicator: Indicator) -> TargetsNote | None:
    """For a 4-week indicator: the EU targets of the 12-month measure, to be named as
    belonging to another measure (None for other indicators, or when no target is set)."""
    if indicator.code not in FOUR_WEEKS:
        return None
    other = Indicator.objects.filter(code=TWELVE_MONTHS).first()
    return _note(other) if other is not None else None


def own_targets_without_regional_data(indicator: Indicator) -> TargetsNote | None:
    """For an indicator with targets that exists for the country only: its targets and their
    documents, to state that no regional data of the measure exist."""
    if REGIONAL_LEVELS & set(indicator.levels):
        return None
    return _note(indicator)
