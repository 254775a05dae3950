"""Usuario.nombre_busqueda without accents: UPPER(occired_unaccent(nombres || ' ' || ...)),
so that the "Nombre Usuario" filter finds "Pérez" when "perez" is typed (issue 15, defect 11).

On PostgreSQL this creates the `unaccent` extension (a trusted contrib extension
since PostgreSQL 13: the database owner may create it) and `occired_unaccent`, an
IMMUTABLE wrapper: `unaccent()` is only STABLE (it reads a dictionary chosen by
search_path), and a generated column accepts only IMMUTABLE functions. The
wrapper names the schema of both the function and its dictionary, so it means the
same thing whatever the search_path (pg_dump, restores).

A generated column's expression cannot be altered in place: the column is
dropped and added again (which drops its trigram index), then the index is
created again on the new column. On SQLite the same function comes from Python
(comun.texto, registered on every connection).
"""

import comun.texto
import django.db.models.functions.text
from django.db import migrations, models

FUNCION = [
    "CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public",
    "CREATE OR REPLACE FUNCTION public.occired_unaccent(text) RETURNS text "
    "LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT "
    "AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$",
]
# Back to migration 0006: the old column is back when this runs; the extension stays (harmless, maybe shared).
SIN_FUNCION = [
    "DROP FUNCTION IF EXISTS public.occired_unaccent(text)",
    "CREATE INDEX IF NOT EXISTS usuario_nombre_busqueda_trgm_idx ON admin_usuarios_usuario "
    "USING gin (nombre_busqueda gin_trgm_ops)",
]
INDICE = [
    "CREATE INDEX IF NOT EXISTS usuario_nombre_busqueda_trgm_idx ON admin_usuarios_usuario "
    "USING gin (nombre_busqueda gin_trgm_ops)",
    "ANALYZE admin_usuarios_usuario",
]
SIN_INDICE = ["DROP INDEX IF EXISTS usuario_nombre_busqueda_trgm_idx"]


def _ejecutar(sentencias):
    def correr(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in sentencias:
            schema_editor.execute(sql)

    return correr


class Migration(migrations.Migration):
    dependencies = [("admin_usuarios", "0008_etiquetas")]

    operations = [
        migrations.RunPython(_ejecutar(FUNCION), _ejecutar(SIN_FUNCION), elidable=False),
        migrations.RemoveField(model_name="usuario", name="nombre_busqueda"),
        migrations.AddField(
            model_name="usuario",
            name="nombre_busqueda",
            field=models.GeneratedField(
                db_persist=True,
                expression=django.db.models.functions.text.Upper(comun.texto.SinAcentos(
                    django.db.models.functions.text.Concat(
                        "nombres", models.Value(" "), "primer_apellido", models.Value(" "), "segundo_apellido"))),
                output_field=models.CharField(max_length=142),
            ),
        ),
        migrations.RunPython(_ejecutar(INDICE), _ejecutar(SIN_INDICE), elidable=False),
    ]
