"""ConteoUsuarios.version: the triggers of migration 0005 now also see changes of
Usuario, nombres, apellidos and No. Identificación, and add 1 to `version` of the
row they touch. A company's SUM(version) then changes with every change that can
alter any Consultar result, so a text search's total can be cached under it
(admin_usuarios.selectors.contar_usuarios) and is never stale.
"""

from django.db import migrations, models

FUNCIONES = r"""
CREATE OR REPLACE FUNCTION admin_usuarios_conteo_sumar(
    p_empresa bigint, p_estado varchar, p_perfil bigint, p_tipo varchar, p_delta integer
) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO admin_usuarios_conteousuarios (empresa_id, estado, perfil_id, tipo_identificacion, n, version)
    VALUES (p_empresa, p_estado, p_perfil, p_tipo, p_delta, 1)
    ON CONFLICT (empresa_id, estado, perfil_id, tipo_identificacion)
    DO UPDATE SET n = admin_usuarios_conteousuarios.n + EXCLUDED.n,
                  version = admin_usuarios_conteousuarios.version + 1;
END $$;

CREATE OR REPLACE FUNCTION admin_usuarios_conteo_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    viejo boolean := TG_OP <> 'INSERT' AND OLD.empresa_id IS NOT NULL
                     AND NOT OLD.es_administrador AND NOT OLD.is_staff;
    nuevo boolean := TG_OP <> 'DELETE' AND NEW.empresa_id IS NOT NULL
                     AND NOT NEW.es_administrador AND NOT NEW.is_staff;
BEGIN
    IF viejo AND nuevo AND ROW(NEW.empresa_id, NEW.estado, COALESCE(NEW.perfil_id, 0), NEW.tipo_identificacion)
            = ROW(OLD.empresa_id, OLD.estado, COALESCE(OLD.perfil_id, 0), OLD.tipo_identificacion) THEN
        -- Same row (a name or number changed): the count stays, the version moves.
        PERFORM admin_usuarios_conteo_sumar(NEW.empresa_id, NEW.estado, COALESCE(NEW.perfil_id, 0),
                                            NEW.tipo_identificacion, 0);
        RETURN NULL;
    END IF;
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

DROP TRIGGER IF EXISTS admin_usuarios_conteo_upd ON admin_usuarios_usuario;
CREATE TRIGGER admin_usuarios_conteo_upd
    AFTER UPDATE ON admin_usuarios_usuario
    FOR EACH ROW
    WHEN ((OLD.empresa_id, OLD.estado, OLD.perfil_id, OLD.tipo_identificacion, OLD.es_administrador, OLD.is_staff,
           OLD.username, OLD.nombres, OLD.primer_apellido, OLD.segundo_apellido, OLD.numero_identificacion)
          IS DISTINCT FROM
          (NEW.empresa_id, NEW.estado, NEW.perfil_id, NEW.tipo_identificacion, NEW.es_administrador, NEW.is_staff,
           NEW.username, NEW.nombres, NEW.primer_apellido, NEW.segundo_apellido, NEW.numero_identificacion))
    EXECUTE FUNCTION admin_usuarios_conteo_trigger();
"""

# Back to migration 0005's functions and trigger.
ANTERIORES = r"""
CREATE OR REPLACE FUNCTION admin_usuarios_conteo_sumar(
    p_empresa bigint, p_estado varchar, p_perfil bigint, p_tipo varchar, p_delta integer
) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO admin_usuarios_conteousuarios (empresa_id, estado, perfil_id, tipo_identificacion, n)
    VALUES (p_empresa, p_estado, p_perfil, p_tipo, p_delta)
    ON CONFLICT (empresa_id, estado, perfil_id, tipo_identificacion)
    DO UPDATE SET n = admin_usuarios_conteousuarios.n + EXCLUDED.n;
END $$;

DROP TRIGGER IF EXISTS admin_usuarios_conteo_upd ON admin_usuarios_usuario;
CREATE TRIGGER admin_usuarios_conteo_upd
    AFTER UPDATE ON admin_usuarios_usuario
    FOR EACH ROW
    WHEN ((OLD.empresa_id, OLD.estado, OLD.perfil_id, OLD.tipo_identificacion, OLD.es_administrador, OLD.is_staff)
          IS DISTINCT FROM
          (NEW.empresa_id, NEW.estado, NEW.perfil_id, NEW.tipo_identificacion, NEW.es_administrador, NEW.is_staff))
    EXECUTE FUNCTION admin_usuarios_conteo_trigger();
"""


def _ejecutar(sql):
    def correr(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql, params=None)

    return correr


class Migration(migrations.Migration):
    dependencies = [("admin_usuarios", "0006_nombre_busqueda")]

    operations = [
        migrations.AddField(model_name="conteousuarios", name="version", field=models.BigIntegerField(default=0)),
        migrations.RunPython(_ejecutar(FUNCIONES), _ejecutar(ANTERIORES), elidable=False),
    ]
