"""The import batch on the core base: its fields named as the monitoring app's batch names them
(renamed, so the data stays), and the counts as fields instead of one JSON value."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

import lll.core.models

COUNTS = (("rows", "rows_total"), ("inserted", "inserted"), ("updated", "updated"))
COUNTS += (("unchanged", "unchanged"),)


def counts_to_fields(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    ImportBatch = apps.get_model("vet", "ImportBatch")
    for batch in ImportBatch.objects.exclude(counts={}).only("pk", "counts"):
        values = {field: int(batch.counts.get(key) or 0) for key, field in COUNTS}
        ImportBatch.objects.filter(pk=batch.pk).update(**values)


def fields_to_counts(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    ImportBatch = apps.get_model("vet", "ImportBatch")
    for batch in ImportBatch.objects.filter(status="done"):
        batch.counts = {key: getattr(batch, field) for key, field in COUNTS}
        batch.save(update_fields=["counts"])


class Migration(migrations.Migration):
    dependencies = [
        ("vet", "0003_import_batch_task_status"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField("importbatch", "file", "original_file"),
        migrations.RenameField("importbatch", "file_name", "original_file_name"),
        migrations.RenameField("importbatch", "mapping", "column_mapping"),
        migrations.AddField(
            model_name="importbatch",
            name="rows_total",
            field=models.PositiveIntegerField(default=0, verbose_name="rows"),
        ),
        migrations.AddField(
            model_name="importbatch",
            name="inserted",
            field=models.PositiveIntegerField(default=0, verbose_name="inserted"),
        ),
        migrations.AddField(
            model_name="importbatch",
            name="updated",
            field=models.PositiveIntegerField(default=0, verbose_name="updated"),
        ),
        migrations.AddField(
            model_name="importbatch",
            name="unchanged",
            field=models.PositiveIntegerField(default=0, verbose_name="unchanged"),
        ),
        migrations.AddField(
            model_name="importbatch",
            name="rejected",
            field=models.PositiveIntegerField(default=0, verbose_name="rejected"),
        ),
        migrations.AddField(
            model_name="importbatch",
            name="rejected_rows",
            field=models.JSONField(blank=True, default=list, verbose_name="rejected rows"),
        ),
        migrations.RunPython(counts_to_fields, fields_to_counts),
        migrations.RemoveField(model_name="importbatch", name="counts"),
        migrations.AlterField(
            model_name="importbatch",
            name="column_mapping",
            field=models.JSONField(blank=True, default=dict, verbose_name="column mapping"),
        ),
        migrations.AlterField(
            model_name="importbatch",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, verbose_name="when"),
        ),
        migrations.AlterField(
            model_name="importbatch",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="who",
            ),
        ),
        migrations.AlterField(
            model_name="importbatch",
            name="error",
            field=models.TextField(blank=True, verbose_name="error"),
        ),
        migrations.AlterField(
            model_name="importbatch",
            name="finished_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="finished"),
        ),
        migrations.AlterField(
            model_name="importbatch",
            name="original_file",
            field=models.FileField(
                blank=True,
                upload_to=lll.core.models.import_upload_to,
                verbose_name="original file",
            ),
        ),
        migrations.AlterField(
            model_name="importbatch",
            name="original_file_name",
            field=models.CharField(blank=True, max_length=255, verbose_name="file name"),
        ),
    ]
