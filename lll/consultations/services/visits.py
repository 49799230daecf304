"""Study visits: their recommendations go to the follow-up board of a meeting."""

import datetime

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from lll.coordination.models import ActionItem, Body, Meeting, Person
from lll.core.errors import NotAllowed

from ..models import Recommendation


def recommendation_to_action(
    recommendation: Recommendation,
    meeting: Meeting,
    owner: Person,
    due_date: datetime.date | None,
) -> ActionItem:
    """Put a visit's recommendation on the follow-up board, as a task of the chosen meeting."""
    if recommendation.action_item_id is not None:
        raise NotAllowed(_("This recommendation is already on the follow-up board."))
    with transaction.atomic():
        item = ActionItem.objects.create(
            meeting=meeting,
            title=recommendation.text.strip()[:500],
            owner=owner,
            due_date=due_date,
            progress_note=_("From the study visit: %(visit)s") % {"visit": recommendation.visit},
        )
        recommendation.action_item = item
        recommendation.save(update_fields=["action_item"])
    return item


def body_meetings(body: Body) -> QuerySet[Meeting]:
    return body.meetings.order_by("-starts_at")
