"""An opaque public identifier for every recorded fact, filled for the rows that exist."""

import uuid

from django.db import migrations, models


def fill_public_ids(apps, schema_editor):
    RecordedFact = apps.get_model("records", "RecordedFact")
    for fact in RecordedFact.objects.filter(public_id__isnull=True).only("pk"):
        fact.public_id = uuid.uuid4()
        fact.save(update_fields=["public_id"])


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="recordedfact",
            name="public_id",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(fill_public_ids, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="recordedfact",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
