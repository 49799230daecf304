"""Consensus and priorities: the areas' agreed ratings and the action plan."""

from django.db import transaction
from django.utils.translation import gettext as _

from lll.coordination.models import ActionItem, Meeting

from ..models import Area, Consensus, Priority, Round


@transaction.atomic
def record_consensus(round_: Round, ratings: dict[Area, tuple[int | None, str]]) -> None:
    for area, (rating, note) in ratings.items():
        Consensus.objects.update_or_create(
            round=round_, area=area, defaults={"rating": rating, "note": note.strip()}
        )


def put_on_board(priority: Priority, meeting: Meeting) -> ActionItem:
    """The priority becomes an action item of a meeting, so the follow-up board tracks it."""
    if priority.action_item_id is not None and priority.action_item is not None:
        return priority.action_item
    with transaction.atomic():
        item = ActionItem.objects.create(
            meeting=meeting,
            title=priority.action,
            owner=priority.owner,
            due_date=priority.due_date,
            progress_note=_("Priority of the self-assessment “%(round)s”.")
            % {"round": priority.round.title},
        )
        priority.action_item = item
        priority.save(update_fields=["action_item"])
    return item
