"""Validation rules between indicators (DHIS2's validation rules): checking imported values.

`rule_checker(indicator)` reads, before the rows stream, the stored values of every other
indicator its active rules name; the returned checks test one imported value against them
(same unit and period), say what it breaks and tally each rule's result. Rows are checked while
they stream into the staging table, so the check itself must not query the database.
`record_runs` keeps each rule's result on the import batch, at the preview and at the commit.
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from lll.indicators.models import ImportBatch, Indicator, Observation, RuleRun, ValidationRule

Values = dict[tuple[int, str], float]
KEPT_VIOLATIONS = 200  # violating rows kept per rule run
SYMBOLS = {"le": "≤", "ge": "≥", "eq": "="}


@dataclass
class _Bound:
    rule: ValidationRule
    values: dict[int, Values]  # indicator id -> its stored values, the imported one left out


def rules_for(indicator: Indicator) -> list[ValidationRule]:
    return list(
        ValidationRule.objects.filter(active=True)
        .filter(Q(left=indicator) | Q(right=indicator) | Q(right_denominator=indicator))
        .select_related("left", "right", "right_denominator")
    )


def _stored(indicator_id: int) -> Values:
    return {
        (unit_id, period): value
        for unit_id, period, value in Observation.objects.filter(
            indicator_id=indicator_id
        ).values_list("unit_id", "period", "value")
    }


@dataclass
class RuleTally:
    """What one rule found in the values of one import: how many it checked (both sides
    known), how many broke it, and the first of those rows."""

    rule: ValidationRule
    checked: int = 0
    violations: int = 0
    rows: list[dict[str, Any]] = field(default_factory=list)


class RuleChecks:
    """The active rules naming an indicator, with the stored values they compare with (read
    before the rows stream: the check itself must not query the database), and a tally per
    rule of what the imported values did."""

    def __init__(self, indicator: Indicator, rules: list[ValidationRule]) -> None:
        needed = {i.pk for rule in rules for i in rule.indicators if i.pk != indicator.pk}
        stored = {pk: _stored(pk) for pk in needed}
        self.indicator_id = indicator.pk
        self.bound = [_Bound(rule, stored) for rule in rules]
        self.tallies = [RuleTally(rule) for rule in rules]

    def __call__(
        self, row: int, unit_code: str, unit_id: int, period: str, value: float
    ) -> str | None:
        """Check one imported value against every rule; the first rule it breaks, or None."""
        first = None
        for item, tally in zip(self.bound, self.tallies, strict=True):
            checked, broken = _checked(item, self.indicator_id, unit_id, period, value)
            tally.checked += checked
            if broken:
                tally.violations += 1
                if len(tally.rows) < KEPT_VIOLATIONS:
                    tally.rows.append(
                        {
                            "row": row,
                            "unit": unit_code,
                            "period": period,
                            "value": value,
                            "message": broken,
                        }
                    )
                first = first or broken
        return first


def rule_checker(indicator: Indicator) -> RuleChecks | None:
    """The checks of the values of `indicator` against its rules, or None when no active
    rule names it."""
    rules = rules_for(indicator)
    return RuleChecks(indicator, rules) if rules else None


def record_runs(batch: ImportBatch, checks: RuleChecks | None, stage: str) -> None:
    """Keep each rule's result on the batch (a new preview replaces the previous one's)."""
    RuleRun.objects.filter(batch=batch, stage=stage).delete()
    if checks is None:
        return
    RuleRun.objects.bulk_create(
        RuleRun(
            batch=batch,
            rule=tally.rule,
            rule_name=tally.rule.name,
            stage=stage,
            checked=tally.checked,
            violations=tally.violations,
            violating_rows=tally.rows,
        )
        for tally in checks.tallies
    )


def _side(
    item: _Bound, indicator: Indicator | None, own_id: int, key: tuple[int, str], own: float
) -> float | None:
    if indicator is None:
        return None
    if indicator.pk == own_id:
        return own
    return item.values[indicator.pk].get(key)


def evaluate(
    rule: ValidationRule, left: float, right: float | None, denominator: float | None
) -> tuple[bool, float | None]:
    """Whether the rule holds for these values, and the right side's value (None: not
    computable, e.g. a zero denominator, and then the rule is not checked)."""
    if rule.right_id is None:
        target = rule.constant
    elif right is None:
        return True, None
    elif rule.right_denominator_id is not None:
        if not denominator:
            return True, None
        target = right / denominator * rule.factor
    else:
        target = right * rule.factor
    if target is None:
        return True, None
    if rule.operator == ValidationRule.Operator.AT_MOST:
        holds = left <= target + rule.tolerance
    elif rule.operator == ValidationRule.Operator.AT_LEAST:
        holds = left >= target - rule.tolerance
    else:
        holds = abs(left - target) <= rule.tolerance
    return holds, target


def _checked(
    item: _Bound, own_id: int, unit_id: int, period: str, value: float
) -> tuple[bool, str | None]:
    """Whether the rule could be checked for this value (both sides known), and what it
    breaks (None: nothing)."""
    rule, key = item.rule, (unit_id, period)
    left = _side(item, rule.left, own_id, key, value)
    if left is None:
        return False, None
    right = _side(item, rule.right, own_id, key, value)
    denominator = _side(item, rule.right_denominator, own_id, key, value)
    if rule.right_denominator_id is not None and denominator is None:
        return False, None
    holds, target = evaluate(rule, left, right, denominator)
    if target is None:
        return False, None
    if holds:
        return True, None
    right_name = _("the constant") if rule.right is None else rule.right.name
    if rule.right_denominator is not None:
        right_name = f"{right_name} / {rule.right_denominator.name}"
        if rule.factor != 1:
            right_name += f" × {rule.factor:g}"
    return True, _(
        "breaks the validation rule “%(rule)s”: %(left_name)s = %(left)s must be "
        "%(operator)s %(right_name)s = %(right)s"
    ) % {
        "rule": rule.name,
        "left_name": rule.left.name,
        "left": rule.left.format_value(left),
        "operator": SYMBOLS[rule.operator],
        "right_name": right_name,
        "right": rule.left.format_value(target),
    }


@dataclass
class Violation:
    rule: ValidationRule
    unit_id: int
    period: str
    left: float
    right: float


def stored_violations(rule: ValidationRule, limit: int = 200) -> tuple[int, list[Violation]]:
    """The stored values that break `rule` now (how many, and the first `limit`)."""
    left = _stored(rule.left_id)
    right = _stored(rule.right_id) if rule.right_id else {}
    denominators = _stored(rule.right_denominator_id) if rule.right_denominator_id else {}
    count, found = 0, list[Violation]()
    for key, value in sorted(left.items()):
        if rule.right_id is not None and key not in right:
            continue
        if rule.right_denominator_id is not None and key not in denominators:
            continue
        holds, target = evaluate(rule, value, right.get(key), denominators.get(key))
        if not holds and target is not None:
            count += 1
            if len(found) < limit:
                found.append(Violation(rule, key[0], key[1], value, target))
    return count, found
