"""Usuario.nombre_busqueda: UPPER(nombres || ' ' || primer_apellido || ' ' || segundo_apellido),
stored by the database, and on PostgreSQL the trigram index of the "Nombre Usuario"
filter moves from the expression (migration 0004) to this column: the recheck of
each candidate row then reads a value instead of computing it.
"""

import django.db.models.functions.text
from django.db import migrations, models

CREAR = [
    "DROP INDEX IF EXISTS usuario_nombre_trgm_idx",
    "CREATE INDEX IF NOT EXISTS usuario_nombre_busqueda_trgm_idx ON admin_usuarios_usuario "
    "USING gin (nombre_busqueda gin_trgm_ops)",
]
BORRAR = [
    "DROP INDEX IF EXISTS usuario_nombre_busqueda_trgm_idx",
    "CREATE INDEX IF NOT EXISTS usuario_nombre_trgm_idx ON admin_usuarios_usuario USING gin "
    "(UPPER((nombres || ' ' || primer_apellido || ' ' || segundo_apellido)::text) gin_trgm_ops)",
]


def _ejecutar(sentencias):
    def correr(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in sentencias:
            schema_editor.execute(sql)

    return correr


class Migration(migrations.Migration):
    dependencies = [("admin_usuarios", "0005_conteo_usuarios")]

    operations = [
        migrations.AddField(
            model_name="usuario",
            name="nombre_busqueda",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.db.models.functions.text.Upper(django.db.models.functions.text.Concat(
                    "nombres", models.Value(" "), "primer_apellido", models.Value(" "), "segundo_apellido")),
                output_field=models.CharField(max_length=142),
            ),
        ),
        migrations.RunPython(_ejecutar(CREAR), _ejecutar(BORRAR), elidable=False),
    ]
