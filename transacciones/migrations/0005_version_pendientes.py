"""VersionPendientes: a company's version of what awaits approval, moved by triggers.

On PostgreSQL, deferred constraint triggers on transacciones_operacion (a row that is or
was Por Aprobar is inserted, changed or deleted) and on transacciones_aprobacion (an
approval is inserted or deleted) add 1 to the company's row, at the commit of the change's
transaction. Deferred on purpose: the version row is then the last lock a transaction
takes, held only while it commits, so it cannot close a cycle with the row locks the
actions take (topes, ledger accounts, the operation). The approvals counter is cached
under the version (transacciones.selectors.contar_por_aprobar). Other databases (the
SQLite development default) keep no versions: the counter counts there.
"""

import django.db.models.deletion
from django.db import migrations, models

FUNCIONES = r"""
CREATE OR REPLACE FUNCTION transacciones_pendientes_subir(p_empresa bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    -- A new row starts at a random version: a database made again (tests, a restore) does not
    -- meet the counts cached under the versions of the one before.
    INSERT INTO transacciones_versionpendientes (empresa_id, version)
    VALUES (p_empresa, floor(random() * 1e15)::bigint)
    ON CONFLICT (empresa_id) DO UPDATE SET version = transacciones_versionpendientes.version + 1;
END $$;

CREATE OR REPLACE FUNCTION transacciones_pendientes_operacion() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' AND OLD.estado = 'POR_APROBAR' THEN
        PERFORM transacciones_pendientes_subir(OLD.empresa_id);
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.estado = 'POR_APROBAR' AND (
            TG_OP = 'INSERT' OR OLD.estado <> 'POR_APROBAR' OR OLD.empresa_id <> NEW.empresa_id) THEN
        PERFORM transacciones_pendientes_subir(NEW.empresa_id);
    END IF;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION transacciones_pendientes_aprobacion() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    v_empresa bigint;
BEGIN
    SELECT empresa_id INTO v_empresa FROM transacciones_operacion
    WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.operacion_id ELSE NEW.operacion_id END;
    IF v_empresa IS NOT NULL THEN
        PERFORM transacciones_pendientes_subir(v_empresa);
    END IF;
    RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER transacciones_pendientes_operacion
    AFTER INSERT OR UPDATE OR DELETE ON transacciones_operacion
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION transacciones_pendientes_operacion();

CREATE CONSTRAINT TRIGGER transacciones_pendientes_aprobacion
    AFTER INSERT OR DELETE ON transacciones_aprobacion
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION transacciones_pendientes_aprobacion();
"""

BORRAR = r"""
DROP TRIGGER IF EXISTS transacciones_pendientes_aprobacion ON transacciones_aprobacion;
DROP TRIGGER IF EXISTS transacciones_pendientes_operacion ON transacciones_operacion;
DROP FUNCTION IF EXISTS transacciones_pendientes_aprobacion();
DROP FUNCTION IF EXISTS transacciones_pendientes_operacion();
DROP FUNCTION IF EXISTS transacciones_pendientes_subir(bigint);
"""


def _ejecutar(sql):
    def correr(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return correr


class Migration(migrations.Migration):

    dependencies = [
        ('admin_usuarios', '0010_aprobaciones_cero_dias_aprobacion'),
        ('transacciones', '0004_pendientes_parcial_en_orden'),
    ]

    operations = [
        migrations.CreateModel(
            name='VersionPendientes',
            fields=[
                ('empresa', models.OneToOneField(db_constraint=False, on_delete=django.db.models.deletion.CASCADE,
                                                 primary_key=True, related_name='+', serialize=False,
                                                 to='admin_usuarios.empresa')),
                ('version', models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(_ejecutar(FUNCIONES), _ejecutar(BORRAR), elidable=False),
    ]
