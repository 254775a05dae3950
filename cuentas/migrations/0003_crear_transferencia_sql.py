"""On PostgreSQL a new transfer is one call of `cuentas_crear_transferencia`: one
round trip (and, in autocommit, one transaction) instead of five, and the
account rows stay locked only for the function and the commit.

The function keeps every guarantee of the Python path in `cuentas/ledger.py`
(which SQLite still runs):

- an existing id is answered with the existing transfer (`estado` 'existe'; the
  caller compares the payload); an id inserted concurrently over other accounts
  is caught by `ON CONFLICT DO NOTHING` on the primary key, which waits for the
  other transaction, and is answered the same way (no exception, so no
  savepoint is needed inside an outer transaction);
- both account rows are locked first, always the lower id first (two
  opposite transfers queue up instead of deadlocking);
- the overdraft check is made on the locked rows before anything is written
  ('fondos'), and the CHECK constraint still guards the row;
- dates never go back within an account ('fecha' for an imported date).
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION cuentas_crear_transferencia(
    p_id varchar, p_tipo varchar, p_debito bigint, p_credito bigint, p_monto numeric,
    p_codigo integer, p_descripcion varchar, p_referencia varchar, p_timeout integer,
    p_ahora timestamptz, p_importada boolean,
    OUT estado text, OUT r_tipo varchar, OUT r_debito bigint, OUT r_credito bigint, OUT r_monto numeric,
    OUT r_pendiente varchar, OUT r_codigo integer, OUT r_descripcion varchar, OUT r_referencia varchar,
    OUT r_timeout integer, OUT r_expira timestamptz, OUT r_fecha timestamptz
) LANGUAGE plpgsql AS $$
DECLARE
    a cuentas_cuenta%%ROWTYPE;
    b cuentas_cuenta%%ROWTYPE;
    d cuentas_cuenta%%ROWTYPE;
    ultima timestamptz;
    insertada varchar;
    nd bigint; nc bigint; sd numeric; sc numeric;
BEGIN
    -- A retry (the common case of an existing id) takes no lock at all.
    SELECT 'existe', t.tipo, t.debito_id, t.credito_id, t.monto, t.pendiente_id, t.codigo, t.descripcion,
           t.referencia, t.timeout, t.expira, t.fecha
      INTO estado, r_tipo, r_debito, r_credito, r_monto, r_pendiente, r_codigo, r_descripcion, r_referencia,
           r_timeout, r_expira, r_fecha
      FROM cuentas_transferencia t WHERE t.id = p_id;
    IF FOUND THEN
        RETURN;
    END IF;

    -- Row locks in account-id order, whichever side is debited.
    SELECT * INTO a FROM cuentas_cuenta WHERE id = LEAST(p_debito, p_credito) FOR NO KEY UPDATE;
    SELECT * INTO b FROM cuentas_cuenta WHERE id = GREATEST(p_debito, p_credito) FOR NO KEY UPDATE;
    IF a.id IS NULL OR b.id IS NULL THEN
        estado := 'no_existe';
        RETURN;
    END IF;
    d := CASE WHEN a.id = p_debito THEN a ELSE b END;
    IF d.debitos_no_exceden_creditos
       AND d.debitos_posteados + d.debitos_pendientes + p_monto > d.creditos_posteados + d.limite THEN
        estado := 'fondos';
        RETURN;
    END IF;
    ultima := GREATEST(a.ultimo_movimiento, b.ultimo_movimiento);
    IF p_importada THEN
        IF ultima IS NOT NULL AND p_ahora < ultima THEN
            estado := 'fecha';
            RETURN;
        END IF;
        r_fecha := p_ahora;
    ELSE
        r_fecha := GREATEST(p_ahora, ultima);
    END IF;
    r_expira := CASE WHEN p_tipo = 'PENDIENTE' AND p_timeout > 0
                     THEN r_fecha + make_interval(secs => p_timeout) END;

    INSERT INTO cuentas_transferencia (id, tipo, debito_id, credito_id, monto, pendiente_id, codigo,
                                       descripcion, referencia, timeout, expira, fecha)
    VALUES (p_id, p_tipo, p_debito, p_credito, p_monto, NULL, p_codigo, p_descripcion, p_referencia,
            p_timeout, r_expira, r_fecha)
    ON CONFLICT (id) DO NOTHING
    RETURNING id INTO insertada;
    IF insertada IS NULL THEN
        -- Inserted and committed by another transaction meanwhile: the same answer as a retry.
        SELECT 'existe', t.tipo, t.debito_id, t.credito_id, t.monto, t.pendiente_id, t.codigo, t.descripcion,
               t.referencia, t.timeout, t.expira, t.fecha
          INTO estado, r_tipo, r_debito, r_credito, r_monto, r_pendiente, r_codigo, r_descripcion,
               r_referencia, r_timeout, r_expira, r_fecha
          FROM cuentas_transferencia t WHERE t.id = p_id;
        RETURN;
    END IF;

    IF p_tipo = 'PENDIENTE' THEN
        UPDATE cuentas_cuenta SET debitos_pendientes = debitos_pendientes + p_monto WHERE id = p_debito;
        UPDATE cuentas_cuenta SET creditos_pendientes = creditos_pendientes + p_monto WHERE id = p_credito;
    ELSE
        UPDATE cuentas_cuenta SET debitos_posteados = debitos_posteados + p_monto,
                                  movimientos = movimientos + 1, ultimo_movimiento = r_fecha
         WHERE id = p_debito RETURNING movimientos, creditos_posteados - debitos_posteados INTO nd, sd;
        UPDATE cuentas_cuenta SET creditos_posteados = creditos_posteados + p_monto,
                                  movimientos = movimientos + 1, ultimo_movimiento = r_fecha
         WHERE id = p_credito RETURNING movimientos, creditos_posteados - debitos_posteados INTO nc, sc;
        INSERT INTO cuentas_movimiento (cuenta_id, n, transferencia_id, fecha, es_debito, monto, saldo,
                                        descripcion, referencia)
        VALUES (p_debito, nd, p_id, r_fecha, true, p_monto, sd, p_descripcion, p_referencia),
               (p_credito, nc, p_id, r_fecha, false, p_monto, sc, p_descripcion, p_referencia);
    END IF;
    estado := 'nueva';
    r_tipo := p_tipo; r_debito := p_debito; r_credito := p_credito; r_monto := p_monto;
    r_codigo := p_codigo; r_descripcion := p_descripcion; r_referencia := p_referencia; r_timeout := p_timeout;
END;
$$;
"""
DROP = "DROP FUNCTION IF EXISTS cuentas_crear_transferencia(varchar, varchar, bigint, bigint, numeric, integer, " \
       "varchar, varchar, integer, timestamptz, boolean);"


def crear(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def borrar(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("cuentas", "0002_append_only")]
    operations = [migrations.RunPython(crear, borrar)]
