"""Pagos por Archivo against the real services: PostgreSQL (Σ rows = ledger movement), Redis
and real Celery workers (a worker SIGKILLed mid-file, the broker down at upload)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

from django.db import connection

from archivos.actions.carga import do_aceptar_archivo
from archivos.models import Archivo, Fila
from archivos.tasks import reanudar_archivos, validar_archivo
from cuentas import ledger
from cuentas.models import Cuenta, Transferencia
from tests.archivos.conftest import csv_bytes, fila, subir
from transacciones.actions.operaciones import do_aprobar_operacion
from transacciones.models import Operacion

RAIZ = Path(__file__).resolve().parents[2]
BROKER_CERRADO = "redis://127.0.0.1:1/0"


def _filas(n: int) -> list[list[str]]:
    return [fila(i, valor=f"{100_000 + i},{i % 100:02d}") for i in range(1, n + 1)]


def _esperar(condicion, segundos: float = 60) -> bool:
    limite = time.monotonic() + segundos
    while time.monotonic() < limite:
        if condicion():
            return True
        time.sleep(0.05)
    return condicion()


def _pagos(op: Operacion):
    return Transferencia.objects.filter(id__startswith=f"operacion:{op.pk}-")


def _verificar_exactamente_una_vez(op: Operacion, archivo: Archivo, debitos_antes: Decimal) -> None:
    filas = list(archivo.filas.order_by("numero").values_list("numero", "estado", "valor"))
    assert all(e == Fila.Estado.PAGADA for _n, e, _v in filas)
    ids = set(_pagos(op).values_list("id", flat=True))
    assert ids == {f"operacion:{op.pk}-{n}" for n, _e, _v in filas}  # one transfer per row, none missing
    total = sum(v for _n, _e, v in filas)
    assert sum(_pagos(op).values_list("monto", flat=True)) == total == op.monto
    origen = Cuenta.objects.get(producto=archivo.origen)
    assert origen.debitos_posteados - debitos_antes == total  # Σ rows = the ledger's movement
    archivo.refresh_from_db()
    assert (archivo.estado, archivo.ejecutadas, archivo.fallidas) == (Archivo.Estado.TERMINADO, len(filas), 0)
    debitos, creditos, *_r = ledger.totales()
    assert debitos == creditos


def _aceptado(operador, sup1, origen, n: int) -> tuple[Archivo, Operacion]:
    archivo = subir(operador, origen, csv_bytes(_filas(n)))
    validar_archivo(archivo.pk)  # in this process (a no-op when eager already did it)
    archivo.refresh_from_db()
    assert archivo.estado == Archivo.Estado.VALIDADO and archivo.validadas == n
    op = do_aceptar_archivo(archivo, actor=operador)
    do_aprobar_operacion(op, actor=sup1)
    return archivo, op


def test_a_file_of_2500_rows_pays_sum_of_rows_in_the_ledger(requiere_postgres, operador, sup1, sup2, origen, fondos):
    archivo, op = _aceptado(operador, sup1, origen, 2500)
    antes = Cuenta.objects.get(producto=origen).debitos_posteados
    op = do_aprobar_operacion(op, actor=sup2)  # eager: the rows are paid on commit
    op.refresh_from_db()
    assert op.estado == Operacion.Estado.EJECUTADA
    _verificar_exactamente_una_vez(op, archivo, antes)



def _worker(redis_url: str, settings, nombre: str) -> subprocess.Popen:
    db = connection.settings_dict
    env = {**os.environ, "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
           "REDIS_URL": redis_url, "CELERY_BROKER_URL": redis_url,
           "OCCIRED_ARCHIVOS_DIR": str(settings.OCCIRED_ARCHIVOS_DIR), "OCCIRED_ARCHIVOS_LOTE_PAGOS": "10"}
    return subprocess.Popen(
        [str(Path(sys.executable).with_name("celery")), "-A", "occired", "worker", "--pool=solo", "-n",
         f"{nombre}@%h", "--without-heartbeat", "--without-gossip", "--without-mingle", "-l", "WARNING"],
        cwd=RAIZ, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_sigkill_of_a_real_worker_mid_file_then_restart_pays_every_row_exactly_once(
        requiere_postgres, celery_real, requiere_redis, operador, sup1, sup2, origen, fondos, settings):
    archivo, op = _aceptado(operador, sup1, origen, 2000)
    antes = Cuenta.objects.get(producto=origen).debitos_posteados
    primero = _worker(requiere_redis, settings, "primero")
    try:
        do_aprobar_operacion(op, actor=sup2)  # on commit: enqueued to Redis, the worker starts paying
        assert _esperar(lambda: Archivo.objects.get(pk=archivo.pk).ejecutadas >= 50, 90), "the worker never paid"
    finally:
        primero.send_signal(signal.SIGKILL)
        primero.wait(10)
    a = Archivo.objects.get(pk=archivo.pk)
    assert 0 < a.ejecutadas < 2000, "killed too late to prove anything"
    assert Operacion.objects.get(pk=op.pk).estado == Operacion.Estado.EN_EJECUCION
    assert _pagos(op).count() == a.ejecutadas  # committed rows and transfers go together
    segundo = _worker(requiere_redis, settings, "segundo")
    try:
        settings.OCCIRED_ARCHIVOS_REANUDAR_SEGUNDOS = 0
        assert reanudar_archivos() == 1  # what beat does every minute
        assert _esperar(lambda: Archivo.objects.get(pk=archivo.pk).estado == Archivo.Estado.TERMINADO, 180)
    finally:
        segundo.terminate()
        segundo.wait(20)
    op.refresh_from_db()
    assert op.estado == Operacion.Estado.EJECUTADA
    _verificar_exactamente_una_vez(op, archivo, antes)


def test_broker_down_at_upload_then_beat_validates_it_when_it_is_back(
        requiere_postgres, celery_real, requiere_redis, operador, origen, settings, caplog):
    from celery.contrib.testing.worker import start_worker

    from occired.celery import app

    celery_real(BROKER_CERRADO)
    archivo = subir(operador, origen, csv_bytes(_filas(30)))  # accepted: stored, waiting
    assert archivo.estado == Archivo.Estado.VALIDANDO and archivo.total == 30 and archivo.revisadas == 0
    assert "broker no disponible" in caplog.text
    celery_real(requiere_redis)
    settings.OCCIRED_ARCHIVOS_REANUDAR_SEGUNDOS = 0
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        assert reanudar_archivos() == 1
        assert _esperar(lambda: Archivo.objects.get(pk=archivo.pk).estado == Archivo.Estado.VALIDADO, 30)
        reanudar_archivos()  # a second beat run finds nothing waiting
    archivo.refresh_from_db()
    assert (archivo.validadas, archivo.erroneas) == (30, 0) and archivo.filas.count() == 30


def test_two_workers_at_once_share_a_file_and_pay_each_row_once(requiere_postgres, operador, sup1, sup2, origen,
                                                                 fondos, settings):
    import threading

    from django.db import connections

    from archivos.tasks import ejecutar_operacion

    settings.OCCIRED_ARCHIVOS_LOTE_PAGOS = 20
    archivo, op = _aceptado(operador, sup1, origen, 600)
    antes = Cuenta.objects.get(producto=origen).debitos_posteados
    # The last approval with the broker down: the execution waits; then two "workers" start at once.
    from occired.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    original = app.conf.broker_url
    app.conf.broker_url, app._pool, app.amqp._producer_pool = BROKER_CERRADO, None, None
    try:
        do_aprobar_operacion(op, actor=sup2)
    finally:
        app.conf.broker_url, app._pool, app.amqp._producer_pool = original, None, None
        app.conf.task_always_eager = True
    assert Operacion.objects.get(pk=op.pk).estado == Operacion.Estado.EN_EJECUCION
    hechas, barrera = [], threading.Barrier(2)

    def trabajador() -> None:
        try:
            barrera.wait()
            hechas.append(ejecutar_operacion(op.pk))
        finally:
            connections.close_all()

    hilos = [threading.Thread(target=trabajador) for _i in range(2)]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join(120)
    assert sum(hechas) == 600 and all(hechas), hechas  # both took rows, none twice
    op.refresh_from_db()
    assert op.estado == Operacion.Estado.EJECUTADA
    _verificar_exactamente_una_vez(op, archivo, antes)
