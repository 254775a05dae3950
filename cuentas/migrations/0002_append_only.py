"""On PostgreSQL the database itself refuses UPDATE and DELETE on transfers and
movements: a posted transfer is corrected by another transfer, never rewritten."""

from django.db import migrations

TABLAS = ("cuentas_transferencia", "cuentas_movimiento")
CREATE = """
CREATE OR REPLACE FUNCTION cuentas_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '%% is append-only', TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
""" + "".join(
    f"CREATE TRIGGER {t}_no_update BEFORE UPDATE OR DELETE ON {t} FOR EACH ROW EXECUTE FUNCTION cuentas_append_only();\n"
    for t in TABLAS
)
DROP = "".join(f"DROP TRIGGER IF EXISTS {t}_no_update ON {t};\n" for t in TABLAS) + (
    "DROP FUNCTION IF EXISTS cuentas_append_only();\n"
)


def crear(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def borrar(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("cuentas", "0001_initial")]
    operations = [migrations.RunPython(crear, borrar)]
