"""Round trips of the maker-checker actions (issue 11 benchmark): the number of queries of one
capture, of one approval that executes, and of a bulk approval, pinned so the gain does not regress.

A bulk approval reads what every operation needs once and writes one insert per table at the
end: per operation only its ledger transfer is a round trip on PostgreSQL (plus nothing else),
so 30 operations cost 27 queries more than 3 — not 27 × 10 as one approval after another.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from admin_usuarios.models import Perfil
from auditoria.models import Evento
from bandeja.models import Notificacion
from comun.models import CorreoSaliente
from cuentas import ledger
from tests.transacciones.conftest import M, capturar, topes
from transacciones.actions.operaciones import (
    do_aprobar_operacion,
    do_aprobar_operaciones,
    do_capturar_operacion,
    hoy,
)
from transacciones.models import Aprobacion, Operacion

pytestmark = pytest.mark.django_db
E = Operacion.Estado
POR_OPERACION_PG = 1  # its ledger transfer


@pytest.fixture
def una_aprobacion(operador, sup1, origen, perfiles, fondos):
    Perfil.objects.filter(pk=perfiles["operador"].pk).update(aprobaciones=1)
    topes(operador, origen, transaccion=M, diario=1000 * M, mensual=10_000 * M)


def _contar(fn) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        resultado = fn()
    return len(ctx), resultado


def test_capture_and_executing_approval_round_trips(una_aprobacion, operador, sup1, sup2, origen, corriente):
    do_aprobar_operacion(capturar(operador, origen, corriente, monto=1000), actor=sup1)  # opens the ledger accounts
    n_captura, (op, _creada) = _contar(lambda: do_capturar_operacion(
        tipo=Operacion.Tipo.INTERNA, origen=origen, destino=corriente, monto=Decimal(1000), fecha=hoy(),
        clave=uuid.uuid4(), actor=operador))
    n_aprobacion, op = _contar(lambda: do_aprobar_operacion(op.pk, actor=sup1))
    assert op.estado == E.EJECUTADA
    if connection.vendor == "postgresql":
        # Capture (two approvers): BEGIN, schedule + service + limit lock (one statement), sums +
        # reservation, insert + approvers (one), audit + their notifications (one), preferences,
        # emails, COMMIT.
        assert n_captura == 8, n_captura
        # Approval: BEGIN, lock (with the approver's limit and the ledger accounts), transfer, then
        # approval + operation + audit (both rows) + notification as one statement, preferences,
        # email, COMMIT.
        assert n_aprobacion == 7, n_aprobacion


def test_bulk_approval_grows_by_its_ledger_transfer_only(una_aprobacion, operador, sup1, origen, corriente):
    cuentas = {}
    do_aprobar_operaciones([capturar(operador, origen, corriente, monto=1000).pk], actor=sup1)  # warm-up
    for n in (3, 30):
        ops = [capturar(operador, origen, corriente, monto=1000) for _ in range(n)]
        cuentas[n], (hechas, rechazos) = _contar(lambda ops=ops: do_aprobar_operaciones([o.pk for o in ops],
                                                                                         actor=sup1))
        assert not rechazos and {o.estado for o in hechas} == {E.EJECUTADA} and len(hechas) == n
    por_operacion = (cuentas[30] - cuentas[3]) / 27
    if connection.vendor == "postgresql":
        assert por_operacion == POR_OPERACION_PG, cuentas
    else:  # the Python ledger locks, checks and writes in several statements, under a savepoint each
        assert por_operacion <= 8, cuentas


def test_bulk_approval_writes_what_one_by_one_would(una_aprobacion, operador, sup1, ambos, origen, corriente):
    """The deferred writes change nothing: each approved operation has its approval, its two
    audit rows, the captor's notification and email; a refusal writes none of its own, and an
    operation without funds fails alone (its reservation released) while the others execute."""
    topes(ambos, origen, transaccion=M, diario=1000 * M, mensual=10_000 * M)
    Perfil.objects.filter(pk=ambos.perfil_id).update(aprobaciones=1)
    ok = capturar(operador, origen, corriente, monto=M)
    sin_fondos = capturar(operador, origen, corriente, monto=M)
    propia = capturar(sup1 if False else ambos, origen, corriente, monto=1000)  # ambos captured it
    otra = capturar(operador, origen, corriente, monto=1000)
    # Leave only 1.5 M: the first executes, the second finds no funds, the small one executes.
    saldo = ledger.cuenta_de_producto(origen)
    saldo.refresh_from_db()
    ledger.crear_transferencia(f"retiro:{uuid.uuid4()}", debito=saldo, credito=ledger.cuenta_banco("banco:caja"),
                               monto=saldo.creditos_posteados - saldo.debitos_posteados - M - M / 2)
    antes = {m: m.objects.count() for m in (Evento, Notificacion, CorreoSaliente)}
    ultimo = Evento.objects.order_by("-id").values_list("id", flat=True).first()
    hechas, rechazos = do_aprobar_operaciones([otra.pk, propia.pk, sin_fondos.pk, ok.pk], actor=ambos)
    assert [o.pk for o in hechas] == [ok.pk, sin_fondos.pk, otra.pk]
    assert [pk for pk, _m in rechazos] == [propia.pk] and "no puede aprobarla" in rechazos[0][1]
    estados = dict(Operacion.objects.values_list("pk", "estado"))
    assert (estados[ok.pk], estados[sin_fondos.pk], estados[otra.pk], estados[propia.pk]) == (
        E.EJECUTADA, E.FALLIDA, E.EJECUTADA, E.POR_APROBAR)
    sin_fondos.refresh_from_db()
    assert sin_fondos.reserva is None and sin_fondos.aprobaciones_recibidas == 1
    assert set(Aprobacion.objects.filter(aprobador=ambos).values_list("operacion_id", flat=True)) == {
        ok.pk, sin_fondos.pk, otra.pk}
    acciones = list(Evento.objects.filter(id__gt=ultimo, accion__in=[
        "OPERACION_APROBADA", "OPERACION_EJECUTADA", "OPERACION_FALLIDA"]).order_by("id").values_list("objetivo_descripcion", "accion"))
    assert acciones == [(f"Operación {ok.numero}", "OPERACION_APROBADA"), (f"Operación {ok.numero}", "OPERACION_EJECUTADA"),
                        (f"Operación {sin_fondos.numero}", "OPERACION_APROBADA"),
                        (f"Operación {sin_fondos.numero}", "OPERACION_FALLIDA"),
                        (f"Operación {otra.numero}", "OPERACION_APROBADA"),
                        (f"Operación {otra.numero}", "OPERACION_EJECUTADA")]
    assert Evento.objects.count() - antes[Evento] == 6 + 1  # + the reservation released (topes)
    nuevas = Notificacion.objects.filter(usuario=operador).order_by("-id")[:3]
    assert sorted(n.evento for n in nuevas) == ["operacion_ejecutada", "operacion_ejecutada", "operacion_fallida"]
    assert CorreoSaliente.objects.count() - antes[CorreoSaliente] == 3
