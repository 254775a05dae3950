"""On PostgreSQL the database itself refuses UPDATE and DELETE on the audit trail."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION auditoria_evento_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'auditoria_evento is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER auditoria_evento_no_update BEFORE UPDATE OR DELETE ON auditoria_evento
    FOR EACH ROW EXECUTE FUNCTION auditoria_evento_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS auditoria_evento_no_update ON auditoria_evento;
DROP FUNCTION IF EXISTS auditoria_evento_append_only();
"""


def crear(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def borrar(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("auditoria", "0001_initial")]
    operations = [migrations.RunPython(crear, borrar)]
