import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("coordination", "0008_outcome_number"),
    ]

    operations = [
        migrations.AlterField(
            model_name="outcome",
            name="meeting",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="outcomes",
                to="coordination.meeting",
            ),
        ),
        migrations.AlterField(
            model_name="outcome",
            name="number",
            field=models.PositiveSmallIntegerField(
                editable=False,
                verbose_name="number",
                help_text="Numbered within the meeting as recorded; reordering the agenda or deleting another decision never changes it.",
            ),
        ),
        migrations.AlterField(
            model_name="historicaloutcome",
            name="number",
            field=models.PositiveSmallIntegerField(
                editable=False,
                verbose_name="number",
                help_text="Numbered within the meeting as recorded; reordering the agenda or deleting another decision never changes it.",
            ),
        ),
        migrations.AlterModelOptions(
            name="outcome",
            options={
                "ordering": ["agenda_item__position", "number"],
                "verbose_name": "decision",
                "verbose_name_plural": "decisions",
            },
        ),
        migrations.AddConstraint(
            model_name="outcome",
            constraint=models.UniqueConstraint(
                fields=("meeting", "number"), name="outcome_number_per_meeting"
            ),
        ),
    ]
