"""Benchmark of maker-checker (app transacciones). Not a test: run it by hand on PostgreSQL

    DATABASE_URL=postgres://... .venv/bin/python bench/transacciones.py

Every figure is a ratio against a baseline measured in the same run, in a fresh
test database that is dropped at the end. Emails are written to the outbox (in the
operation's transaction, as always) but not handed to the broker: sending them is a
worker's job, not the request's.

1. Capture + approval + execution of one operation (the actions the screens call:
   `do_capturar_operacion`, which reserves against the captor's topes, then
   `do_aprobar_operacion`, whose last approval posts the ledger transfer), each in
   its own transaction ÷ one bare `ledger.crear_transferencia`. Report; aim ≤ 5.
   Shown for a profile of 1 approval and of 2.
2. Bulk approval of 100 operations with one token code (the token check, then
   `do_aprobar_operaciones`: 100 approvals that each execute, one savepoint each, one
   commit) ÷ 100 bare ledger transfers (one commit each). Aim ≤ 2.
3. Aprobación de Operaciones with 10,000 operations pending in the company: p95 of
   the page (its list and the home counter of the layout) ÷ p95 of a bare
   authenticated view (same middleware, session and login; returns "ok"), through
   Django's test client in process. Aim ≤ 3.
"""

from __future__ import annotations

import os
import statistics
import time
import uuid
from decimal import Decimal

import medir  # noqa: I001 (first: it sets Django up on the bench settings)

medir.iniciar()

from django.db import connection  # noqa: E402

N = int(os.environ.get("BENCH_OPERACIONES", "200"))
N_PENDIENTES = int(os.environ.get("BENCH_PENDIENTES", "10000"))
REPETICIONES = int(os.environ.get("BENCH_REPETICIONES", "200"))
M = Decimal(1_000_000)


def _personas():
    from admin_usuarios.models import Perfil, Producto, ProductoAsignado
    from cuentas import ledger
    from tests.factories import crear_empresa, crear_producto, crear_usuario, dar_token
    from topes.models import Servicio, TopeUsuario

    empresa = crear_empresa()
    origen = crear_producto(empresa, "CAHOAndres", "015829393")
    destino = crear_producto(empresa, "CCTEAndina", "098765432", tipo=Producto.Tipo.CUENTA_CORRIENTE)
    ledger.crear_transferencia("fondos", debito=ledger.cuenta_banco("banco:caja"),
                               credito=ledger.cuenta_de_producto(origen), monto=Decimal(10**13))
    ledger.cuenta_de_producto(destino)
    captura = ["transferencias", "historico_transacciones"]
    perfiles = {n: Perfil.objects.create(empresa=empresa, nombre=f"Operador {n}", tipo=Perfil.Tipo.OPERADOR,
                                         opciones=captura, aprobaciones=n) for n in (1, 2)}
    supervisor = Perfil.objects.create(empresa=empresa, nombre="Supervisor", tipo=Perfil.Tipo.SUPERVISOR,
                                       opciones=["aprobaciones", "historico_transacciones"], aprobaciones=1)
    servicio = Servicio.objects.get(codigo="transferencias")

    def persona(username, perfil):
        u = crear_usuario(empresa, username, perfil=perfil)
        dar_token(u)
        a = ProductoAsignado.objects.create(usuario=u, producto=origen)
        TopeUsuario.objects.create(asignacion=a, servicio=servicio, transaccion=M, diario=10**9 * M, mensual=10**9 * M)
        return u

    return (origen, destino, persona("op1", perfiles[1]), persona("op2", perfiles[2]),
            persona("sup1", supervisor), persona("sup2", supervisor))


def _viajes(f) -> tuple[int, int]:
    """(statements, transactions) of one call of `f`, outside the timed runs. A transaction adds
    two round trips to its statements (BEGIN, then COMMIT and its WAL flush); the bare transfer
    is one statement in autocommit, its own transaction, one round trip."""
    sentencias = transacciones = 0

    def contar(execute, sql, params, many, context):
        nonlocal sentencias
        sentencias += 1
        return execute(sql, params, many, context)

    crudo = connection.connection
    commit = crudo.commit

    def contar_commit():
        nonlocal transacciones
        transacciones += 1
        return commit()

    crudo.commit = contar_commit
    try:
        with connection.execute_wrapper(contar):
            f()
    finally:
        del crudo.commit
    return sentencias, transacciones


def bench_operacion(origen, destino, op1, op2, sup1, sup2) -> float:
    from cuentas import ledger
    from transacciones.actions.operaciones import do_aprobar_operacion, do_capturar_operacion, hoy
    from transacciones.models import Operacion

    d_cuenta, c_cuenta = ledger.cuenta_de_producto(origen), ledger.cuenta_de_producto(destino)

    def bare() -> None:
        ledger.crear_transferencia(f"bare:{uuid.uuid4()}", debito=d_cuenta, credito=c_cuenta, monto=Decimal(1000))

    partes: dict[str, list[float]] = {"captura": [], "aprobación": []}

    def una(captor, aprobadores) -> None:
        t = time.perf_counter()
        op, _c = do_capturar_operacion(tipo=Operacion.Tipo.INTERNA, origen=origen, destino=destino,
                                       monto=Decimal(1000), fecha=hoy(), clave=uuid.uuid4(), actor=captor)
        t2 = time.perf_counter()
        for a in aprobadores:
            op = do_aprobar_operacion(op.pk, actor=a)
        if len(aprobadores) == 1:
            partes["captura"].append(t2 - t)
            partes["aprobación"].append(time.perf_counter() - t2)
        assert op.estado == Operacion.Estado.EJECUTADA

    casos = {"bare": bare, "1 aprobación": lambda: una(op1, [sup1]), "2 aprobaciones": lambda: una(op2, [sup1, sup2])}
    for f in casos.values():  # warm-up
        for _ in range(10):
            f()
    partes["captura"].clear()
    partes["aprobación"].clear()
    tiempos: dict[str, list[float]] = {k: [] for k in casos}
    for _ in range(N):
        for nombre, f in casos.items():
            t = time.perf_counter()
            f()
            tiempos[nombre].append(time.perf_counter() - t)
    med = {k: statistics.median(v) for k, v in tiempos.items()}
    print(f"1. transferencia del libro sola (mediana de {N}):           {med['bare'] * 1000:6.2f} ms")
    for k in ("1 aprobación", "2 aprobaciones"):
        print(f"   captura + {k:<14} + ejecución:             {med[k] * 1000:6.2f} ms  ratio "
              f"{med[k] / med['bare']:.2f}  (objetivo ≤ 5)")
    print("   de ellas, con 1 aprobación: captura {:.2f} ms, aprobación + ejecución {:.2f} ms (medianas)".format(
        *(statistics.median(partes[k]) * 1000 for k in ("captura", "aprobación"))))
    (s_op, t_op), (s_bare, t_bare) = _viajes(casos["1 aprobación"]), _viajes(bare)
    print(f"   viajes al servidor, captura + 1 aprobación + ejecución: {s_op} sentencias en {t_op} transacciones "
          f"= {s_op + 2 * t_op} (BEGIN y COMMIT incluidos; {t_op} COMMIT con escritura del WAL); "
          f"transferencia sola: {s_bare + 2 * t_bare}")
    return med["bare"]


def bench_lote(origen, destino, op1, sup1) -> None:
    from comun.stepup import StepUpForm
    from cuentas import ledger
    from tests.factories import codigo_fresco
    from transacciones.actions.operaciones import do_aprobar_operaciones, do_capturar_operacion, hoy
    from transacciones.models import Operacion

    d_cuenta, c_cuenta = ledger.cuenta_de_producto(origen), ledger.cuenta_de_producto(destino)
    resultados_base, resultados = [], []
    for ronda in range(5):
        t = time.perf_counter()
        for i in range(100):
            ledger.crear_transferencia(f"lote-bare:{ronda}:{i}", debito=d_cuenta, credito=c_cuenta, monto=Decimal(1))
        resultados_base.append(time.perf_counter() - t)

        ops = [do_capturar_operacion(tipo=Operacion.Tipo.INTERNA, origen=origen, destino=destino, monto=Decimal(1),
                                     fecha=hoy(), clave=uuid.uuid4(), actor=op1)[0] for _ in range(100)]
        codigo = codigo_fresco(sup1.device)
        t = time.perf_counter()
        # What the bulk view does after reading the ids: one code, then the batch.
        assert StepUpForm({"codigo_token": codigo}, actor=sup1, accion="OPERACION_APROBADA").is_valid()
        hechas, rechazos = do_aprobar_operaciones([op.pk for op in ops], actor=sup1)
        assert not rechazos and {o.estado for o in hechas} == {Operacion.Estado.EJECUTADA}
        resultados.append(time.perf_counter() - t)
    base, nuestro = statistics.median(resultados_base), statistics.median(resultados)
    print(f"2. 100 transferencias del libro: {base * 1000:.0f} ms; aprobación en lote de 100 con un código: "
          f"{nuestro * 1000:.0f} ms  ratio {nuestro / base:.2f}  (objetivo ≤ 2)")


def bench_pagina(origen, destino, op1, sup2) -> None:
    from django.test import Client
    from django.utils import timezone

    from tests.factories import login_portal
    from topes.models import Servicio
    from transacciones.models import Operacion

    ahora = timezone.now()
    servicio = Servicio.objects.get(codigo="transferencias")
    Operacion.objects.bulk_create([
        Operacion(empresa_id=op1.empresa_id, tipo=Operacion.Tipo.INTERNA, servicio=servicio, origen=origen,
                  destino=destino, monto=Decimal(1000 + i), fecha_programada=timezone.localdate(), captor=op1,
                  aprobaciones_requeridas=1, clave_idempotencia=uuid.uuid4(), vence=ahora + timezone.timedelta(days=5))
        for i in range(N_PENDIENTES)], batch_size=2000)
    with connection.cursor() as cur:  # what autovacuum does after a load like this one
        cur.execute("VACUUM ANALYZE transacciones_operacion")
        cur.execute("VACUUM ANALYZE transacciones_aprobacion")
    client = Client()
    login_portal(client, sup2)
    rutas = {"vacía": "/bench/vacia-usuario/", "página 1": "/transacciones/aprobaciones/",
             "última página": f"/transacciones/aprobaciones/?pagina={-(-N_PENDIENTES // 10)}",
             "inicio": "/inicio/"}
    assert f"de un total de {N_PENDIENTES}" in client.get(rutas["página 1"]).content.decode()
    p = medir.p95_de_rutas(client, rutas, REPETICIONES)
    print(f"3. {N_PENDIENTES:,} operaciones por aprobar; p95 vista vacía autenticada: {p['vacía'] * 1000:.1f} ms")
    for nombre in ("página 1", "última página", "inicio"):
        print(f"   p95 {'Aprobación de Operaciones ' + nombre if nombre != 'inicio' else 'Inicio (contador)':<40} "
              f"{p[nombre] * 1000:6.1f} ms  ratio {p[nombre] / p['vacía']:.2f}  (objetivo ≤ 3)")


def main() -> None:
    with medir.base_de_prueba("transacciones.py"):
        from django.conf import settings

        settings.CELERY_TASK_ALWAYS_EAGER = True
        from comun import correo

        correo.despachar = lambda correo_id: None  # the outbox row stays; the worker would send it
        origen, destino, op1, op2, sup1, sup2 = _personas()
        partes = os.environ.get("BENCH_PARTES", "123")
        if "1" in partes:
            bench_operacion(origen, destino, op1, op2, sup1, sup2)
        if "2" in partes:
            bench_lote(origen, destino, op1, sup1)
        if "3" in partes:
            bench_pagina(origen, destino, op1, sup2)


if __name__ == "__main__":
    main()
