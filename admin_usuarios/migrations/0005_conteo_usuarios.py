"""ConteoUsuarios: per-company counts of secondary users, kept exact by triggers.

On PostgreSQL, AFTER triggers on admin_usuarios_usuario add or remove 1 on the
row of (empresa, estado, perfil, tipo_identificacion) of every secondary user
(the predicate of admin_usuarios.access.usuarios_de) that is inserted, deleted
or whose counted columns change, in the same transaction as the change. The
UPDATE trigger only fires when a counted column really changes. When a user
moves between two rows, the two rows are touched in key order, so two
single-user changes cannot deadlock on them. Other databases (the SQLite
development default) keep no counts: the selectors count rows there.
"""

import django.db.models.deletion
from django.db import migrations, models

FUNCIONES = r"""
CREATE OR REPLACE FUNCTION admin_usuarios_conteo_sumar(
    p_empresa bigint, p_estado varchar, p_perfil bigint, p_tipo varchar, p_delta integer
) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO admin_usuarios_conteousuarios (empresa_id, estado, perfil_id, tipo_identificacion, n)
    VALUES (p_empresa, p_estado, p_perfil, p_tipo, p_delta)
    ON CONFLICT (empresa_id, estado, perfil_id, tipo_identificacion)
    DO UPDATE SET n = admin_usuarios_conteousuarios.n + EXCLUDED.n;
END $$;

CREATE OR REPLACE FUNCTION admin_usuarios_conteo_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    viejo boolean := TG_OP <> 'INSERT' AND OLD.empresa_id IS NOT NULL
                     AND NOT OLD.es_administrador AND NOT OLD.is_staff;
    nuevo boolean := TG_OP <> 'DELETE' AND NEW.empresa_id IS NOT NULL
                     AND NOT NEW.es_administrador AND NOT NEW.is_staff;
BEGIN
    IF viejo AND nuevo AND ROW(NEW.empresa_id, NEW.estado, COALESCE(NEW.perfil_id, 0), NEW.tipo_identificacion)
            < ROW(OLD.empresa_id, OLD.estado, COALESCE(OLD.perfil_id, 0), OLD.tipo_identificacion) THEN
        PERFORM admin_usuarios_conteo_sumar(NEW.empresa_id, NEW.estado, COALESCE(NEW.perfil_id, 0),
                                            NEW.tipo_identificacion, 1);
        nuevo := false;
    END IF;
    IF viejo THEN
        PERFORM admin_usuarios_conteo_sumar(OLD.empresa_id, OLD.estado, COALESCE(OLD.perfil_id, 0),
                                            OLD.tipo_identificacion, -1);
    END IF;
    IF nuevo THEN
        PERFORM admin_usuarios_conteo_sumar(NEW.empresa_id, NEW.estado, COALESCE(NEW.perfil_id, 0),
                                            NEW.tipo_identificacion, 1);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER admin_usuarios_conteo_ins_del
    AFTER INSERT OR DELETE ON admin_usuarios_usuario
    FOR EACH ROW EXECUTE FUNCTION admin_usuarios_conteo_trigger();

CREATE TRIGGER admin_usuarios_conteo_upd
    AFTER UPDATE ON admin_usuarios_usuario
    FOR EACH ROW
    WHEN ((OLD.empresa_id, OLD.estado, OLD.perfil_id, OLD.tipo_identificacion, OLD.es_administrador, OLD.is_staff)
          IS DISTINCT FROM
          (NEW.empresa_id, NEW.estado, NEW.perfil_id, NEW.tipo_identificacion, NEW.es_administrador, NEW.is_staff))
    EXECUTE FUNCTION admin_usuarios_conteo_trigger();

INSERT INTO admin_usuarios_conteousuarios (empresa_id, estado, perfil_id, tipo_identificacion, n)
SELECT empresa_id, estado, COALESCE(perfil_id, 0), tipo_identificacion, COUNT(*)
FROM admin_usuarios_usuario
WHERE empresa_id IS NOT NULL AND NOT es_administrador AND NOT is_staff
GROUP BY 1, 2, 3, 4;
"""

BORRAR = r"""
DROP TRIGGER IF EXISTS admin_usuarios_conteo_upd ON admin_usuarios_usuario;
DROP TRIGGER IF EXISTS admin_usuarios_conteo_ins_del ON admin_usuarios_usuario;
DROP FUNCTION IF EXISTS admin_usuarios_conteo_trigger();
DROP FUNCTION IF EXISTS admin_usuarios_conteo_sumar(bigint, varchar, bigint, varchar, integer);
"""


def _ejecutar(sql):
    def correr(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return correr


class Migration(migrations.Migration):
    dependencies = [("admin_usuarios", "0004_indices_consulta_usuarios")]

    operations = [
        migrations.CreateModel(
            name="ConteoUsuarios",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("estado", models.CharField(max_length=10)),
                ("perfil_id", models.BigIntegerField()),
                ("tipo_identificacion", models.CharField(max_length=3)),
                ("n", models.IntegerField(default=0)),
                ("empresa", models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.CASCADE,
                                              related_name="+", to="admin_usuarios.empresa")),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("empresa", "estado", "perfil_id", "tipo_identificacion"),
                                                        name="conteo_usuarios_clave")],
            },
        ),
        migrations.RunPython(_ejecutar(FUNCIONES), _ejecutar(BORRAR), elidable=False),
    ]
