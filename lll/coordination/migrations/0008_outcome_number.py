"""Decisions get a number within their meeting. Existing ones are numbered in agenda order
(then in the order they were recorded); the next migration makes both fields required and the
number unique per meeting."""

import django.db.models.deletion
from django.db import migrations, models


def number_existing(apps, schema_editor):
    Outcome = apps.get_model("coordination", "Outcome")
    counters: dict[int, int] = {}
    outcomes = Outcome.objects.select_related("agenda_item").order_by(
        "agenda_item__meeting_id", "agenda_item__position", "pk"
    )
    for outcome in outcomes:
        meeting_id = outcome.agenda_item.meeting_id
        counters[meeting_id] = counters.get(meeting_id, 0) + 1
        Outcome.objects.filter(pk=outcome.pk).update(
            meeting_id=meeting_id, number=counters[meeting_id]
        )
    # The history carries the number the decision has now; a deleted one's history gets 0.
    Historical = apps.get_model("coordination", "HistoricalOutcome")
    numbers = {o.pk: (o.meeting_id, o.number) for o in Outcome.objects.all()}
    for old in Historical.objects.all():
        meeting_id, number = numbers.get(old.id, (None, 0))
        Historical.objects.filter(pk=old.pk).update(meeting_id=meeting_id, number=number)


class Migration(migrations.Migration):
    dependencies = [
        ("coordination", "0007_minutes_votes_replies_duties"),
    ]

    operations = [
        migrations.AddField(
            model_name="outcome",
            name="meeting",
            field=models.ForeignKey(
                null=True,
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="outcomes",
                to="coordination.meeting",
            ),
        ),
        migrations.AddField(
            model_name="outcome",
            name="number",
            field=models.PositiveSmallIntegerField(
                null=True,
                editable=False,
                verbose_name="number",
                help_text="Numbered within the meeting as recorded; reordering the agenda or deleting another decision never changes it.",
            ),
        ),
        migrations.AddField(
            model_name="historicaloutcome",
            name="meeting",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="coordination.meeting",
            ),
        ),
        migrations.AddField(
            model_name="historicaloutcome",
            name="number",
            field=models.PositiveSmallIntegerField(
                null=True,
                editable=False,
                verbose_name="number",
                help_text="Numbered within the meeting as recorded; reordering the agenda or deleting another decision never changes it.",
            ),
        ),
        migrations.RunPython(number_existing, migrations.RunPython.noop),
    ]
