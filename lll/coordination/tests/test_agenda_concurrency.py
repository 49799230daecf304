"""Agenda numbers stay unique when several people add items at once (issue 19): a database
constraint, and the addition takes the next number when it loses the race."""

import threading

import pytest
from django.conf import settings
from django.db import IntegrityError, connection, transaction

from lll.coordination import services
from lll.coordination.models import AgendaItem


def test_the_database_refuses_two_items_with_one_number(team):
    item = team.meeting.agenda_items.order_by("position").first()
    with pytest.raises(IntegrityError), transaction.atomic():
        AgendaItem.objects.create(meeting=team.meeting, position=item.position, title="Drugi")


def test_moving_and_deleting_items_keep_the_numbers_consecutive(team):
    meeting = team.meeting
    services.move_agenda_item(meeting.agenda_items.get(position=4), 1, team.office_user)
    services.delete_agenda_item(meeting.agenda_items.get(position=2))
    positions = list(meeting.agenda_items.order_by("position").values_list("position", flat=True))
    assert positions == list(range(1, len(positions) + 1))


@pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="SQLite runs one write transaction at a time (IMMEDIATE): no race to lose",
)
@pytest.mark.django_db(transaction=True)
def test_items_added_at_the_same_moment_get_different_numbers(team, transactional_db):
    meeting = team.meeting
    before = meeting.agenda_items.count()
    threads_count, each = 6, 4
    start = threading.Barrier(threads_count)
    errors: list[BaseException] = []

    def add(number: int) -> None:
        try:
            start.wait()
            for n in range(each):
                services.add_agenda_item(meeting, f"Punkt {number}-{n}")
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=add, args=(n,)) for n in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    positions = list(meeting.agenda_items.order_by("position").values_list("position", flat=True))
    assert positions == list(range(1, before + threads_count * each + 1))
