"""The import batch on the core base: the kept file's name as a field of its own."""

from pathlib import PurePosixPath

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db.migrations.state import StateApps

import lll.core.models


def name_the_files(apps: StateApps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Existing batches: the name shown so far, the kept file's name without its folders."""
    ImportBatch = apps.get_model("indicators", "ImportBatch")
    for batch in ImportBatch.objects.exclude(original_file="").only("pk", "original_file"):
        name = PurePosixPath(batch.original_file.name or "").name[:255]
        ImportBatch.objects.filter(pk=batch.pk).update(original_file_name=name)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0005_indicator_caveats_en"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="importbatch",
            name="original_file_name",
            field=models.CharField(blank=True, max_length=255, verbose_name="file name"),
        ),
        migrations.RunPython(name_the_files, migrations.RunPython.noop),
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
            name="original_file",
            field=models.FileField(
                blank=True,
                upload_to=lll.core.models.import_upload_to,
                verbose_name="original file",
            ),
        ),
    ]
