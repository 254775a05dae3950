"""Benchmark of Pagos por Archivo (app archivos). Not a test: run it by hand on PostgreSQL + Redis

    DATABASE_URL=postgres://... REDIS_URL=redis://... .venv/bin/python bench/archivos.py

Every figure is a ratio against a baseline measured in the same run, in a fresh test
database that is dropped at the end.

1. Validation of a 10,000-row CSV (`archivos.tasks.validar_archivo`: stream, validate
   every field, bulk insert by chunks with the progress counters, duplicates by one
   UPDATE) ÷ (parsing the same CSV with csv.reader + one bulk insert of its 10,000
   rows, unvalidated). Aim ≤ 3.
2. Execution: rows paid per second by 2 real Celery workers (`celery -A occired worker`,
   solo pool, sharing the file through SKIP LOCKED) ÷ bare `ledger.crear_transferencia`
   per second (one process, one transaction each, same accounts). Aim ≥ 0.7.
3. Peak memory (tracemalloc) of validating 10,000 vs 100,000 rows: flat in the file's
   size means the two peaks within 1.5× of each other.
"""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import tempfile
import time
import tracemalloc
import uuid
from decimal import Decimal
from pathlib import Path

BASE = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(BASE), str(BASE / "bench")]
os.environ["DJANGO_SETTINGS_MODULE"] = "occired.settings"
os.environ.setdefault("DJANGO_DEBUG", "0")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402

N = int(os.environ.get("BENCH_FILAS", "10000"))
N_EJECUCION = int(os.environ.get("BENCH_FILAS_EJECUCION", "5000"))
N_MEMORIA = int(os.environ.get("BENCH_FILAS_MEMORIA", "100000"))
M = Decimal(1_000_000)
ENCABEZADO = ["Tipo Identificación", "Número Identificación", "Nombre", "Banco", "Tipo de Cuenta",
              "Número de Cuenta", "Valor", "Referencia"]


def _csv(ruta: Path, n: int) -> None:
    with ruta.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(ENCABEZADO)
        for i in range(1, n + 1):
            w.writerow(["CC", str(10_000_000 + i), f"Empleado {i}", "Bancolombia", "Ahorros", f"{20_000_000_000 + i}",
                        f"{100_000 + i % 5000},{i % 100:02d}", f"NOM-{i}"])


def _personas():
    from admin_usuarios.models import Perfil, ProductoAsignado
    from cuentas import ledger
    from tests.factories import crear_empresa, crear_producto, crear_usuario
    from topes.models import Servicio, TopeUsuario

    empresa = crear_empresa()
    origen = crear_producto(empresa, "CAHOAndres", "015829393")
    ledger.crear_transferencia("fondos", debito=ledger.cuenta_banco("banco:caja"),
                               credito=ledger.cuenta_de_producto(origen), monto=Decimal(10**15))
    perfil = Perfil.objects.create(empresa=empresa, nombre="Operador", tipo=Perfil.Tipo.OPERADOR,
                                   opciones=["archivos"], aprobaciones=0)
    u = crear_usuario(empresa, "oprojas", perfil=perfil)
    a = ProductoAsignado.objects.create(usuario=u, producto=origen)
    for s in Servicio.objects.filter(codigo__in=["pagos-nomina", "pagos-proveedores"]):
        TopeUsuario.objects.create(asignacion=a, servicio=s, transaccion=10**14, diario=10**14, mensual=10**14)
    return origen, u


def _archivo(origen, u, ruta: Path, n: int):
    from archivos.models import Archivo

    return Archivo.objects.create(
        empresa_id=u.empresa_id, captor=u, tipo="NOMINA", origen=origen, nombre=ruta.name, ruta=str(ruta),
        formato="csv", codificacion="utf-8-sig", separador=";", tamano=ruta.stat().st_size, clave=uuid.uuid4(),
        total=n)


def bench_validacion(origen, u, directorio: Path) -> None:
    from archivos.models import Fila
    from archivos.tasks import validar_archivo

    ruta = directorio / "validacion.csv"
    _csv(ruta, N)
    a = _archivo(origen, u, ruta, N)
    t0 = time.perf_counter()
    with ruta.open(encoding="utf-8-sig", newline="") as f:
        lector = csv.reader(f, delimiter=";")
        next(lector)
        filas = [Fila(archivo_id=a.pk, numero=i + 2, tipo_identificacion=c[0], numero_identificacion=c[1],
                      nombre=c[2], banco=c[3], tipo_cuenta=c[4], numero_cuenta=c[5], valor_texto=c[6],
                      referencia=c[7], estado="VALIDA") for i, c in enumerate(lector)]
    Fila.objects.bulk_create(filas)
    base = time.perf_counter() - t0
    Fila.objects.filter(archivo=a).delete()
    t0 = time.perf_counter()
    validar_archivo(a.pk)
    medido = time.perf_counter() - t0
    a.refresh_from_db()
    assert a.validadas == N, a.validadas
    print(f"1. {N:,} filas: csv + un bulk insert {base:.2f} s; validación {medido:.2f} s; "
          f"ratio {medido / base:.2f} (meta ≤ 3)")


def _worker(nombre: str, db: dict, redis_url: str) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
           "REDIS_URL": redis_url, "CELERY_BROKER_URL": redis_url, "DJANGO_SETTINGS_MODULE": "occired.settings"}
    return subprocess.Popen(
        [str(Path(sys.executable).with_name("celery")), "-A", "occired", "worker", "--pool=solo", "-n",
         f"{nombre}@%h", "--without-heartbeat", "--without-gossip", "--without-mingle", "-l", "WARNING"],
        cwd=BASE, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def bench_ejecucion(origen, u, directorio: Path) -> None:
    import redis

    from archivos.actions.carga import do_aceptar_archivo
    from archivos.models import Archivo
    from archivos.tasks import ejecutar_operacion, validar_archivo
    from cuentas import ledger
    from occired.celery import app

    redis_url = os.environ["REDIS_URL"]
    cuenta = ledger.cuenta_de_producto(origen).pk
    destino = ledger.cuenta_banco("banco:compensacion:bancolombia").pk
    t0 = time.perf_counter()
    for i in range(N_EJECUCION):
        ledger.crear_transferencia(f"bench:{i}", debito=cuenta, credito=destino, monto=Decimal("100000.50"),
                                   codigo=14, descripcion=f"Nómina Empleado {i}", referencia=f"NOM-{i}")
    bare = N_EJECUCION / (time.perf_counter() - t0)

    ruta = directorio / "ejecucion.csv"
    _csv(ruta, N_EJECUCION)
    a = _archivo(origen, u, ruta, N_EJECUCION)
    validar_archivo(a.pk)
    # Accept with 0 approvals: it goes En ejecución at once; the executor's on-commit message
    # goes to Redis (not eager), then one more so both workers start on the file.
    redis.Redis.from_url(redis_url).delete("celery")
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    app.conf.broker_url = redis_url
    db = connection.settings_dict
    workers = [_worker(f"bench{i}", db, redis_url) for i in (1, 2)]
    try:
        time.sleep(4)  # both workers up before the clock starts
        t0 = time.perf_counter()
        op = do_aceptar_archivo(a, actor=u)
        ejecutar_operacion.apply_async(args=[op.pk])
        while Archivo.objects.filter(pk=a.pk).values_list("estado", flat=True)[0] != Archivo.Estado.TERMINADO:
            time.sleep(0.05)
        medido = N_EJECUCION / (time.perf_counter() - t0)
    finally:
        for w in workers:
            w.send_signal(signal.SIGTERM)
        for w in workers:
            w.wait(30)
        settings.CELERY_TASK_ALWAYS_EAGER = True
        app.conf.task_always_eager = True
    a.refresh_from_db()
    assert a.ejecutadas == N_EJECUCION, a.ejecutadas
    print(f"2. {N_EJECUCION:,} filas: transferencias del libro solas {bare:.0f}/s; pago del archivo con 2 workers "
          f"{medido:.0f} filas/s; ratio {medido / bare:.2f} (meta ≥ 0.7)")


def bench_memoria(origen, u, directorio: Path) -> None:
    from archivos.tasks import validar_archivo

    picos = {}
    for n in (N, N_MEMORIA):
        ruta = directorio / f"memoria_{n}.csv"
        _csv(ruta, n)
        a = _archivo(origen, u, ruta, n)
        tracemalloc.start()
        validar_archivo(a.pk)
        picos[n] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    print(f"3. pico de memoria de la validación: {N:,} filas {picos[N] / 2**20:.1f} MiB; {N_MEMORIA:,} filas "
          f"{picos[N_MEMORIA] / 2**20:.1f} MiB; ratio {picos[N_MEMORIA] / picos[N]:.2f} (meta ≤ 1.5)")


def main() -> None:
    if connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"):
        sys.exit("bench/archivos.py needs PostgreSQL (DATABASE_URL=postgres://...) and REDIS_URL.")
    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CELERY_TASK_ALWAYS_EAGER = True
    from comun import correo

    correo.despachar = lambda correo_id: None  # the outbox row stays; the worker would send it
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            directorio = Path(tmp)
            settings.OCCIRED_ARCHIVOS_DIR = directorio  # Archivo.ruta is absolute here: Path / abs = abs
            print(f"Base de datos: {connection.vendor}; DEBUG={settings.DEBUG}")
            origen, u = _personas()
            partes = os.environ.get("BENCH_PARTES", "123")
            if "1" in partes:
                bench_validacion(origen, u, directorio)
            if "2" in partes:
                bench_ejecucion(origen, u, directorio)
            if "3" in partes:
                bench_memoria(origen, u, directorio)
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()
