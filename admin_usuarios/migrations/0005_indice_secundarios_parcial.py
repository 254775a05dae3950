"""Consultar counts and pages a company's *secondary* users: a partial index on
exactly that predicate lets PostgreSQL answer COUNT(*) and the keyset pages with
index-only scans (0004's plain (empresa_id, username) index is replaced)."""

from django.db import migrations

CREAR = [
    "DROP INDEX IF EXISTS usuario_empresa_username_idx",
    "CREATE INDEX IF NOT EXISTS usuario_secundarios_idx ON admin_usuarios_usuario (empresa_id, username) "
    "WHERE NOT es_administrador AND NOT is_staff",
]
BORRAR = [
    "DROP INDEX IF EXISTS usuario_secundarios_idx",
    "CREATE INDEX IF NOT EXISTS usuario_empresa_username_idx ON admin_usuarios_usuario (empresa_id, username)",
]


def _ejecutar(sentencias):
    def correr(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in sentencias:
            schema_editor.execute(sql)

    return correr


class Migration(migrations.Migration):
    dependencies = [("admin_usuarios", "0004_indices_consulta_usuarios")]

    operations = [migrations.RunPython(_ejecutar(CREAR), _ejecutar(BORRAR), elidable=False)]
