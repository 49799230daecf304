"""Validation rules between indicators (DHIS2's validation rules): checking imported values.

`rule_checker(indicator)` reads, before the rows stream, the stored values of every other
indicator its active rules name; the returned function checks one imported value against them
(same unit and period) and says what it breaks. Rows are checked while they stream into the
staging table, so the check itself must not query the database.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from lll.indicators.models import Indicator, Observation, ValidationRule

Values = dict[tuple[int, str], float]
Checker = Callable[[int, str, float], str | None]
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


def rule_checker(indicator: Indicator) -> Checker | None:
    """A check of one value of `indicator` (unit id, period, value) against its rules, or None
    when no active rule names it."""
    rules = rules_for(indicator)
    if not rules:
        return None
    needed = {i.pk for rule in rules for i in rule.indicators if i.pk != indicator.pk}
    stored = {pk: _stored(pk) for pk in needed}
    bound = [_Bound(rule, stored) for rule in rules]

    def check(unit_id: int, period: str, value: float) -> str | None:
        for item in bound:
            broken = _broken(item, indicator.pk, unit_id, period, value)
            if broken:
                return broken
        return None

    return check


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


def _broken(item: _Bound, own_id: int, unit_id: int, period: str, value: float) -> str | None:
    rule, key = item.rule, (unit_id, period)
    left = _side(item, rule.left, own_id, key, value)
    if left is None:
        return None
    right = _side(item, rule.right, own_id, key, value)
    denominator = _side(item, rule.right_denominator, own_id, key, value)
    if rule.right_denominator_id is not None and denominator is None:
        return None
    holds, target = evaluate(rule, left, right, denominator)
    if holds or target is None:
        return None
    right_name = _("the constant") if rule.right is None else rule.right.name
    if rule.right_denominator is not None:
        right_name = f"{right_name} / {rule.right_denominator.name}"
        if rule.factor != 1:
            right_name += f" × {rule.factor:g}"
    return _(
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
