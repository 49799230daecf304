"""Retention: how long each kind of record holding personal data is kept, and the removal of
what is past it (`lll apply_retention [--dry-run]`). The office changes a period on the RODO
page; until then the default below applies."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from axes.models import AccessAttempt, AccessLog
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lll.consultations.models import Comment, ReminderDelivery
from lll.coordination.models import Delivery

from ..models import RetentionRule


@dataclass(frozen=True)
class Kind:
    key: str
    label: Promise
    default_months: int
    records: Callable[[datetime.datetime], QuerySet[Any]]


KINDS = [
    Kind(
        "login_attempts",
        _("failed login attempts"),
        12,
        lambda cutoff: AccessAttempt.objects.filter(attempt_time__lt=cutoff),
    ),
    Kind(
        "login_log",
        _("login log"),
        12,
        lambda cutoff: AccessLog.objects.filter(attempt_time__lt=cutoff),
    ),
    Kind(
        "mailing_deliveries",
        _("delivery records of mailings (addresses)"),
        24,
        lambda cutoff: Delivery.objects.filter(mailing__created_at__lt=cutoff),
    ),
    Kind(
        "reminder_deliveries",
        _("delivery records of consultation reminders"),
        24,
        lambda cutoff: ReminderDelivery.objects.filter(sent_at__lt=cutoff),
    ),
    Kind(
        "withdrawn_comments",
        _("withdrawn consultation comments"),
        12,
        lambda cutoff: Comment.objects.filter(withdrawn_at__lt=cutoff),
    ),
]
KINDS_BY_KEY = {kind.key: kind for kind in KINDS}


@dataclass(frozen=True)
class Due:
    kind: Kind
    months: int
    cutoff: datetime.datetime
    count: int


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same day and time `months` calendar months earlier (31 March - 1 month: 28/29 Feb)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    next_month = datetime.date(year + month // 12, month % 12 + 1, 1)
    last_day = (next_month - datetime.timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))


def months_for(kind: Kind) -> int:
    rule = RetentionRule.objects.filter(kind=kind.key).first()
    return rule.months if rule else kind.default_months


def set_months(key: str, months: int) -> None:
    RetentionRule.objects.update_or_create(kind=key, defaults={"months": months})


def past_retention(now: datetime.datetime | None = None) -> list[Due]:
    """Per kind: its period, the moment before which records go, and how many there are."""
    now = now or timezone.now()
    result = []
    for kind in KINDS:
        months = months_for(kind)
        cutoff = months_before(now, months)
        result.append(Due(kind, months, cutoff, kind.records(cutoff).count()))
    return result


@transaction.atomic
def remove_past_retention(now: datetime.datetime | None = None) -> list[Due]:
    """Delete every record past its retention period, all kinds in one transaction."""
    due = past_retention(now)
    for item in due:
        if item.count:
            item.kind.records(item.cutoff).delete()
    return due
