"""Indexes for Configuración de Usuarios on PostgreSQL (no-ops elsewhere).

- (empresa_id, username) over secondary users only (the exact predicate of
  admin_usuarios.access.usuarios_de): COUNT(*) and keyset pages of one company's
  users by Usuario are answered by index-only scans.
- trigram GIN on UPPER(nombres || ' ' || primer_apellido || ' ' || segundo_apellido):
  served the "Nombre Usuario" filter (`%term%`) until migration 0006 moved it to
  the stored column Usuario.nombre_busqueda.
- trigram GIN on UPPER(username): serves the "Usuario" filter.
Django's model state is unchanged: these are access paths, not schema.
"""

from django.db import migrations

CREAR = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS usuario_secundarios_idx ON admin_usuarios_usuario (empresa_id, username) "
    "WHERE NOT es_administrador AND NOT is_staff",
    "CREATE INDEX IF NOT EXISTS usuario_nombre_trgm_idx ON admin_usuarios_usuario USING gin "
    "(UPPER((nombres || ' ' || primer_apellido || ' ' || segundo_apellido)::text) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS usuario_username_trgm_idx ON admin_usuarios_usuario USING gin "
    "(UPPER(username::text) gin_trgm_ops)",
]
BORRAR = [
    "DROP INDEX IF EXISTS usuario_username_trgm_idx",
    "DROP INDEX IF EXISTS usuario_nombre_trgm_idx",
    "DROP INDEX IF EXISTS usuario_secundarios_idx",
]


def _ejecutar(sentencias):
    def correr(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in sentencias:
            schema_editor.execute(sql)

    return correr


class Migration(migrations.Migration):
    dependencies = [("admin_usuarios", "0003_clave_generada")]

    operations = [migrations.RunPython(_ejecutar(CREAR), _ejecutar(BORRAR), elidable=False)]
