# The outbox model now lives in `comun` (same table): drop it from portal's state only.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("portal", "0001_initial"),
        ("comun", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="CorreoSaliente")],
            database_operations=[],
        ),
    ]
