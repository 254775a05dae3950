"""Maker-checker under simultaneous requests, on real PostgreSQL (row locks, unique keys).

Each thread has its own database connection, as two gunicorn workers or two Celery
workers would.
"""

from __future__ import annotations

import copy
import datetime as dt
import uuid
from decimal import Decimal

from django.test import Client

from admin_usuarios.models import Perfil
from comun.errores import AccionRechazada
from cuentas.models import Cuenta, Transferencia
from tests.cuentas.test_concurrencia import _en_hilos
from tests.factories import codigo_fresco, login_portal
from tests.transacciones.conftest import M, capturar, topes
from topes.models import Consumo
from transacciones import tasks
from transacciones.actions.operaciones import do_aprobar_operacion, do_aprobar_operaciones, hoy
from transacciones.models import Aprobacion, Operacion


def test_two_last_approvals_in_parallel_make_one_ledger_transfer(requiere_postgres, operador, sup1, sup2, ambos,
                                                                  origen, corriente, fondos):
    op = capturar(operador, origen, corriente)
    do_aprobar_operacion(op, actor=sup1)
    rechazos: list[str] = []

    def aprobar(quien):
        def f() -> None:
            try:
                do_aprobar_operacion(op.pk, actor=quien)
            except AccionRechazada as exc:
                rechazos.append(exc.mensaje)
        return f

    assert _en_hilos([aprobar(sup2), aprobar(ambos)]) == []
    op.refresh_from_db()
    assert op.estado == Operacion.Estado.EJECUTADA and op.aprobaciones_recibidas == 2
    assert len(rechazos) == 1 and "ya no está por aprobar" in rechazos[0]
    assert Transferencia.objects.filter(pk=op.id_transferencia).count() == 1
    assert Aprobacion.objects.filter(operacion=op).count() == 2
    assert Cuenta.objects.get(producto=corriente).saldo == Decimal(1_500_000)


def test_twenty_parallel_captures_against_a_daily_tope_fit_exactly(requiere_postgres, operador, origen, corriente):
    topes(operador, origen, transaccion=M, diario=7 * M, mensual=100 * M)
    rechazos: list[str] = []

    def capturar_uno() -> None:
        try:
            capturar(operador, origen, corriente, monto=M)
        except AccionRechazada as exc:
            rechazos.append(exc.codigo)

    assert _en_hilos([capturar_uno] * 20) == []
    assert Operacion.objects.count() == 7
    assert rechazos == ["excede_diario"] * 13
    assert sum(c.monto for c in Consumo.objects.filter(usuario=operador)) == 7 * M


def test_double_submit_of_one_form_is_one_operation(requiere_postgres, operador, origen, corriente, fondos):
    # One browser (one session) sending the form twice: a double click.
    clientes = [Client(), Client()]
    login_portal(clientes[0], operador)
    clientes[1].cookies = copy.deepcopy(clientes[0].cookies)
    clave = str(uuid.uuid4())
    datos = {"origen": origen.pk, "destino": corriente.pk, "monto": "1.500.000", "fecha": hoy().strftime("%Y/%m/%d"),
             "referencia": "FAC-1", "clave": clave, "codigo_token": codigo_fresco(operador.device)}
    respuestas = []

    def enviar(c):
        def f() -> None:
            respuestas.append(c.post("/transacciones/transferencias/internas/", datos))
        return f

    assert _en_hilos([enviar(c) for c in clientes]) == []
    op = Operacion.objects.get()
    assert [r.status_code for r in respuestas] == [302, 302]
    assert {r.url for r in respuestas} == {f"/transacciones/operaciones/{op.pk}/"}
    assert Consumo.objects.filter(usuario=operador).count() == 1


def test_a_programada_is_executed_once_by_two_beat_runs(requiere_postgres, operador, sup1, sup2, origen, corriente,
                                                        fondos):
    ops = []
    for _i in range(5):
        op = capturar(operador, origen, corriente, monto=M, fecha=hoy() + dt.timedelta(days=1))
        do_aprobar_operacion(op, actor=sup1)
        ops.append(do_aprobar_operacion(op, actor=sup2))
    assert {o.estado for o in ops} == {Operacion.Estado.APROBADA}
    Operacion.objects.update(fecha_programada=hoy())
    ejecutadas: list[int] = []
    assert _en_hilos([lambda: ejecutadas.append(tasks.ejecutar_programadas())] * 2) == []
    assert sum(ejecutadas) == 5
    assert Transferencia.objects.filter(pk__startswith="operacion:").count() == 5
    assert set(Operacion.objects.values_list("estado", flat=True)) == {Operacion.Estado.EJECUTADA}
    assert Cuenta.objects.get(producto=corriente).saldo == 5 * M


def test_expiry_by_two_beat_runs_releases_topes_once(requiere_postgres, operador, origen, corriente):
    for _i in range(3):
        capturar(operador, origen, corriente, monto=M)
    Operacion.objects.update(vence=Operacion.objects.first().creada)
    vencidas: list[int] = []
    assert _en_hilos([lambda: vencidas.append(tasks.vencer_operaciones())] * 2) == []
    assert sum(vencidas) == 3
    assert not Consumo.objects.filter(usuario=operador).exists()
    assert set(Operacion.objects.values_list("estado", flat=True)) == {Operacion.Estado.VENCIDA}


def test_zero_approval_profile_executes_on_capture_in_parallel_without_overdraft(requiere_postgres, operador, origen,
                                                                                 corriente, perfiles):
    Perfil.objects.filter(pk=perfiles["operador"].pk).update(aprobaciones=0)
    from cuentas import ledger
    from tests.cuentas.conftest import consignar

    consignar(ledger.cuenta_de_producto(origen), 3 * M, "tres-millones")

    assert _en_hilos([lambda: capturar(operador, origen, corriente, monto=M)] * 5) == []
    estados = sorted(Operacion.objects.values_list("estado", flat=True))
    assert estados.count(Operacion.Estado.EJECUTADA) == 3 and estados.count(Operacion.Estado.FALLIDA) == 2
    # Fallidas released their reservation; executed ones keep consuming.
    assert sum(c.monto for c in Consumo.objects.filter(usuario=operador)) == 3 * M
    assert Cuenta.objects.get(producto=origen).saldo == 0


def test_two_bulk_approvals_over_shared_operations_and_accounts_neither_deadlock_nor_repeat(
        requiere_postgres, operador, sup1, sup2, origen, corriente, fondos):
    ops = [capturar(operador, origen, corriente, monto=M) for _i in range(10)]
    resultados: list = []

    def lote(quien, pks):
        return lambda: resultados.append(do_aprobar_operaciones(pks, actor=quien))

    # The second batch names the shared ones in the other order: the action sorts them.
    assert _en_hilos([lote(sup1, [o.pk for o in ops]), lote(sup2, [o.pk for o in reversed(ops[4:])])]) == []
    assert sum(len(h) for h, _r in resultados) == 16 and all(not r for _h, r in resultados)
    estados = dict(Operacion.objects.values_list("pk", "estado"))
    assert [estados[o.pk] for o in ops] == [Operacion.Estado.POR_APROBAR] * 4 + [Operacion.Estado.EJECUTADA] * 6
    assert Transferencia.objects.filter(pk__startswith="operacion:").count() == 6
    assert Cuenta.objects.get(producto=corriente).saldo == 6 * M


def test_the_cached_approvals_counter_follows_every_committed_change(requiere_postgres, operador, sup1, sup2, ambos,
                                                                     origen, corriente, fondos):
    """On PostgreSQL the counter is cached under the company's version, which the triggers move
    at each commit: capture, approval, rejection, cancellation and a change of limits all show."""
    from transacciones.actions.operaciones import do_cancelar_operacion, do_rechazar_operacion
    from transacciones.models import VersionPendientes
    from transacciones.selectors import contar_por_aprobar

    def cuantas(u) -> int:
        u = copy.copy(u)  # a fresh request's user: no per-request figure
        u.__dict__.pop("_por_aprobar", None)
        return contar_por_aprobar(u)

    assert cuantas(sup1) == 0
    a = capturar(operador, origen, corriente, monto=M)
    assert VersionPendientes.objects.get(empresa_id=operador.empresa_id).version >= 1
    assert cuantas(sup1) == 1 and cuantas(sup1) == 1  # the second one from the cache
    b = capturar(ambos, origen, corriente, monto=2 * M)
    assert (cuantas(sup1), cuantas(ambos)) == (2, 1)
    do_aprobar_operacion(a, actor=sup1)  # still Por Aprobar (2 needed), but no longer for sup1
    assert (cuantas(sup1), cuantas(sup2)) == (1, 2)
    do_rechazar_operacion(b, motivo="Duplicada", actor=sup2)
    assert (cuantas(sup1), cuantas(sup2)) == (0, 1)
    do_cancelar_operacion(a, actor=operador)
    assert cuantas(sup2) == 0
    capturar(operador, origen, corriente, monto=3 * M)
    assert cuantas(sup2) == 1
    topes(sup2, origen, transaccion=2 * M)  # limits are part of the cached filter
    assert cuantas(sup2) == 0


def test_the_counter_counts_when_the_cache_is_down(requiere_postgres, operador, sup1, origen, corriente, monkeypatch):
    from transacciones import selectors

    def caido(*args, **kwargs):
        raise ConnectionError("redis down")

    monkeypatch.setattr(selectors.cache, "get", caido)
    monkeypatch.setattr(selectors.cache, "set", caido)
    capturar(operador, origen, corriente, monto=M)
    c = Client()
    login_portal(c, sup1)
    assert "Usted tiene 1 Autorización(es)" in c.get("/inicio/").content.decode()
    assert c.get("/transacciones/aprobaciones/").status_code == 200
