"""The hot statements written once as plain SQL (comun.filas) answer what the ORM answered.

Run on both databases: on PostgreSQL the statements are prepared on the connection unless
queries are being logged, so each check is made once with the log on and once with it off.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from admin_usuarios.models import Horario
from auditoria.actions import nuevo_evento, registrar_varios
from auditoria.models import Evento
from comun.errores import AccionRechazada
from comun.filas import actualizar, insertar, insertar_leyendo, juntas, leer_juntos
from cuentas.models import Transferencia
from tests.transacciones.conftest import capturar
from topes.operaciones import consulta_servicio, servicio_por_codigo
from transacciones.actions import operaciones
from transacciones.actions.operaciones import _bloquear, do_aprobar_operacion
from transacciones.models import Aprobacion, Operacion
from transacciones.reglas import (
    aprobadores_de,
    consulta_aprobadores,
    consulta_topes,
    pendientes_para,
    topes_de_aprobador,
)

pytestmark = pytest.mark.django_db


def _dos_veces(fn):
    """fn() with the query log on (the connection's cursor) and off (prepared on PostgreSQL)."""
    with CaptureQueriesContext(connection):
        registrado = fn()
    return registrado, fn()


def _campos(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in type(obj)._meta.concrete_fields}


def test_the_lock_reads_what_the_orm_reads(operador, sup1, origen, corriente, fondos):
    op = capturar(operador, origen, corriente, monto=1000)
    orm = Operacion.objects.select_related("origen", "destino", "captor", "empresa").get(pk=op.pk)
    for leida in _dos_veces(lambda: _bloquear(op.pk, aprobador=sup1, leer=True)):
        assert _campos(leida) == _campos(orm)
        assert isinstance(leida.monto, Decimal) and leida.monto == Decimal(1000)
        assert _campos(leida.origen) == _campos(orm.origen) and _campos(leida.destino) == _campos(orm.destino)
        assert _campos(leida.captor) == _campos(orm.captor)
        assert leida.empresa == orm.empresa
        assert leida.ya_aprobada is False
        assert leida.tope_aprobador == topes_de_aprobador(sup1)[(op.origen_id, op.servicio_id)]
        assert not leida._state.adding


def test_the_lock_of_a_missing_operation_is_does_not_exist(sup1):
    with pytest.raises(Operacion.DoesNotExist):
        _bloquear(10**9, aprobador=sup1)


def test_approvers_schedule_and_service_read_as_the_orm(operador, sup1, sup2, origen, corriente):
    op = capturar(operador, origen, corriente, monto=1000)
    for aprobadores in _dos_veces(lambda: aprobadores_de(op)):
        assert [u.username for u in aprobadores] == sorted([sup1.username, sup2.username])
        assert all(isinstance(u.perfil.opciones, list) for u in aprobadores)
    de_empresa = Horario.objects.de_empresa(operador.empresa_id)
    if de_empresa.pk is None:
        de_empresa.save()
    for vigente in _dos_veces(lambda: Horario.objects.vigente(operador)):
        assert vigente.pk == de_empresa.pk
    propio = Horario.objects.create(usuario=operador)  # their own comes first
    for vigente in _dos_veces(lambda: Horario.objects.vigente(operador)):
        assert vigente.pk == propio.pk and vigente.lunes_inicio == propio.lunes_inicio
    for servicio in _dos_veces(lambda: servicio_por_codigo("transferencias")):
        assert servicio.codigo == "transferencias" and servicio.activo is True
    assert servicio_por_codigo("no-existe") is None
    for horario, servicio, ninguno in _dos_veces(lambda: leer_juntos(
            connection, Horario.objects.consulta_vigente(operador), consulta_servicio("transferencias"),
            consulta_servicio("no-existe"))):
        assert horario.pk == propio.pk and servicio.codigo == "transferencias" and ninguno is None


def test_pending_filter_is_the_rule(operador, sup1, origen, corriente):
    ops = [capturar(operador, origen, corriente, monto=1000) for _ in range(3)]
    Aprobacion.objects.create(operacion=ops[0], aprobador=sup1)  # already approved by sup1: not pending for them
    assert sorted(pendientes_para(sup1).values_list("pk", flat=True)) == [ops[1].pk, ops[2].pk]
    assert not pendientes_para(operador).exists()  # the captor never sees their own


def test_insertar_refuses_a_row_that_exists_and_reads_ids_back(sup1):
    eventos = insertar([nuevo_evento("PRUEBA", actor=sup1), nuevo_evento("PRUEBA", actor=sup1)])
    assert all(e.pk for e in eventos) and Evento.objects.filter(pk__in=[e.pk for e in eventos]).count() == 2
    with pytest.raises(ValueError):
        insertar([eventos[0]])
    sin_ids = registrar_varios([nuevo_evento("PRUEBA2", actor=sup1)], ids=False)
    assert sin_ids[0].pk is None and Evento.objects.filter(accion="PRUEBA2").count() == 1


def test_actualizar_writes_each_rows_own_values(operador, origen, corriente):
    ops = [capturar(operador, origen, corriente, monto=1000) for _ in range(2)]
    ops[0].motivo, ops[1].motivo, ops[1].reserva = "uno", "dos", None
    actualizar(ops, ["motivo", "reserva"])
    assert dict(Operacion.objects.filter(pk__in=[o.pk for o in ops]).values_list("pk", "motivo")) == {
        ops[0].pk: "uno", ops[1].pk: "dos"}
    assert Operacion.objects.get(pk=ops[1].pk).reserva_id is None
    assert Operacion.objects.get(pk=ops[0].pk).reserva_id is not None


def test_an_error_of_the_joined_writes_is_djangos_and_rolls_back(operador, sup1, origen, corriente):
    op = capturar(operador, origen, corriente, monto=1000)
    Aprobacion.objects.create(operacion=op, aprobador=sup1)
    with pytest.raises(IntegrityError), transaction.atomic(), juntas(connection):
        insertar([Aprobacion(operacion=op, aprobador=sup1)], ids=False)
    assert Aprobacion.objects.filter(operacion=op).count() == 1


def test_joined_writes_go_at_the_end_as_one_statement(operador, sup1, origen, corriente):
    """Inside `juntas` the writes nobody reads back wait for the end of the block, and go as one
    statement on PostgreSQL; a block left by an error writes none of them."""
    ops = [capturar(operador, origen, corriente, monto=1000) for _ in range(2)]
    ops[0].motivo, ops[1].motivo = "uno", "dos"
    with CaptureQueriesContext(connection) as escritas, transaction.atomic(), juntas(connection):
        insertar([Aprobacion(operacion=op, aprobador=sup1) for op in ops], ids=False)
        actualizar(ops, ["motivo"])
        registrar_varios([nuevo_evento("PRUEBA_JUNTAS", actor=sup1)], ids=False)
        if connection.vendor == "postgresql":
            assert not Aprobacion.objects.filter(aprobador=sup1).exists()  # not yet
            antes = len(escritas)
    if connection.vendor == "postgresql":
        despues = [q["sql"] for q in escritas[antes:] if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
        assert len(despues) == 1 and despues[0].startswith("WITH e0 AS (INSERT")
    assert Aprobacion.objects.filter(aprobador=sup1).count() == 2
    assert sorted(Operacion.objects.filter(pk__in=[o.pk for o in ops]).values_list("motivo", flat=True)) == ["dos", "uno"]
    assert Evento.objects.filter(accion="PRUEBA_JUNTAS").count() == 1

    with pytest.raises(ZeroDivisionError), transaction.atomic(), juntas(connection):
        registrar_varios([nuevo_evento("PRUEBA_NUNCA", actor=sup1)], ids=False)
        1 / 0  # noqa: B018
    assert not Evento.objects.filter(accion="PRUEBA_NUNCA").exists()


def test_reads_joined_in_one_statement_keep_each_answer(operador, sup1, sup2, origen, corriente):
    """`leer_juntos` of reads of one row and one of several: each its own answer, the several in
    their order, an empty one empty; on PostgreSQL one statement."""
    op = capturar(operador, origen, corriente, monto=1000)
    for horario, aprobadores, ninguno, servicio in _dos_veces(lambda: leer_juntos(
            connection, Horario.objects.consulta_vigente(operador), consulta_aprobadores(op),
            consulta_servicio("no-existe"), consulta_servicio("transferencias"))):
        assert horario == Horario.objects.vigente(operador) and ninguno is None
        assert [u.username for u in aprobadores] == sorted([sup1.username, sup2.username])
        assert servicio.codigo == "transferencias" and servicio.activo is True
    with CaptureQueriesContext(connection) as leidas:
        leer_juntos(connection, Horario.objects.consulta_vigente(operador), consulta_servicio("transferencias"))
    assert len(leidas) == (1 if connection.vendor == "postgresql" else 2)
    with pytest.raises(ValueError):
        leer_juntos(connection, consulta_aprobadores(op), consulta_topes(sup1))
    from admin_usuarios.models import Usuario

    Usuario.objects.filter(pk__in=[sup1.pk, sup2.pk]).update(estado=Usuario.Estado.BLOQUEADO)
    evento = nuevo_evento("PRUEBA_LEYENDO", actor=operador)
    assert insertar_leyendo(evento, consulta_aprobadores(op)) == []  # nobody left to tell
    assert evento.pk and Evento.objects.get(pk=evento.pk).accion == "PRUEBA_LEYENDO"


def test_a_duplicate_approval_seen_only_by_the_database_moves_no_money(monkeypatch, operador, sup1, origen,
                                                                       corriente, fondos):
    """Two tabs of the same approver: the lock read "not approved yet" before the other committed."""
    operador.perfil.aprobaciones = 1  # this approval would execute
    operador.perfil.save(update_fields=["aprobaciones"])
    op = capturar(operador, origen, corriente, monto=1000)
    bloquear = operaciones._bloquear

    def antes_de_la_otra_pestana(*args, **kwargs):
        leida = bloquear(*args, **kwargs)
        Aprobacion.objects.create(operacion_id=leida.pk, aprobador=sup1)  # the other tab's, committed meanwhile
        leida.ya_aprobada = False
        return leida

    monkeypatch.setattr(operaciones, "_bloquear", antes_de_la_otra_pestana)
    with pytest.raises(AccionRechazada, match="ya aprobó"):
        do_aprobar_operacion(op.pk, actor=sup1)
    op.refresh_from_db()
    assert op.estado == Operacion.Estado.POR_APROBAR and op.aprobaciones_recibidas == 0
    assert not Transferencia.objects.filter(id=op.id_transferencia).exists()


def test_approvers_to_tell_follow_the_approval_rule(operador, sup1, sup2, origen, corriente):
    """Only who could approve is told: a limit below the amount, or an origin product the bank
    disabled, leaves them out (the same limit rule as the approval's own check)."""
    from admin_usuarios.models import Producto
    from topes.models import TopeUsuario

    op = capturar(operador, origen, corriente, monto=1000)
    TopeUsuario.objects.filter(asignacion__usuario=sup1).update(transaccion=999)
    for aprobadores in _dos_veces(lambda: aprobadores_de(op)):
        assert [u.username for u in aprobadores] == [sup2.username]
    Producto.objects.filter(pk=origen.pk).update(habilitado=False)
    for aprobadores in _dos_veces(lambda: aprobadores_de(op)):
        assert aprobadores == []


def test_the_step_up_device_reads_as_the_orm(sup1):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tokens.selectors import dispositivo_activo

    orm = TOTPDevice.objects.get(pk=sup1.device.pk)
    for leido in _dos_veces(lambda: dispositivo_activo(sup1)):
        assert _campos(leido) == _campos(orm) and not leido._state.adding
        assert leido.verify_is_allowed() == orm.verify_is_allowed()


def test_the_approvals_page_reads_its_ids_and_rows_in_one_statement(operador, sup1, origen, corriente,
                                                                     perfiles):
    from admin_usuarios.models import Perfil
    from transacciones import selectors

    Perfil.objects.filter(pk=perfiles["operador"].pk).update(aprobaciones=1)
    ops = [capturar(operador, origen, corriente, monto=1000 + i) for i in range(12)]
    with CaptureQueriesContext(connection) as ctx:
        pagina = selectors.pagina_por_aprobar(sup1, "2", 10)
    filas = [q["sql"] for q in ctx.captured_queries if "LIMIT" in q["sql"]]
    assert len(filas) == 1 and "JOIN (SELECT id, creada" in filas[0]
    # The last page, read backwards and turned round: its rows in order, worded as the ORM's.
    assert [f.pk for f in pagina] == [op.pk for op in ops[10:]]
    orm = Operacion.objects.select_related(*selectors.RELACIONES).in_bulk([op.pk for op in ops[10:]])
    assert [(f.numero, f.origen, f.destino, f.monto, f.captor) for f in pagina] == [
        (o.numero, str(o.origen), o.destino_texto, o.monto, o.captor.username) for o in (orm[op.pk] for op in ops[10:])]
