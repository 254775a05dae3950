"""Benchmark of the limits (topes). Not a test: run it by hand

    DATABASE_URL=postgres://... .venv/bin/python bench/topes.py

1. Saving the Asignar Topes tab of a user with 20 products × 10 services
   (200 rows, from empty) — `do_guardar_topes_usuario`, and also the grid form
   parsing + validation + action — divided by the time of ONE bulk insert of
   the same 200 rows. Aim: ≤ 2.
2. `check_operation` calls per second (each reserving in the ledger) with 2
   concurrent worker threads on PostgreSQL, on a working day, on two different
   limit rows and on the same row (serialised by its lock). Aim: ≥ 500/s.
"""

from __future__ import annotations

import datetime
import os
import statistics
import sys
import threading
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "occired.settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

RONDAS = int(os.environ.get("BENCH_RONDAS", "15"))
SEGUNDOS = float(os.environ.get("BENCH_SEGUNDOS", "3"))
M = Decimal(1_000_000)
# A working day (Tuesday 2026-11-24, 10:00 Bogotá): the usual case for an operation.
MARTES = datetime.datetime(2026, 11, 24, 15, 0, tzinfo=datetime.UTC)


def _preparar():
    from admin_usuarios.models import ProductoAsignado
    from tests.factories import crear_admin, crear_empresa, crear_producto, crear_secundario
    from topes.models import MontoEmpresa, Servicio, TopeBanco
    from topes.rules import Montos

    empresa = crear_empresa()
    admin = crear_admin(empresa)
    usuario = crear_secundario(empresa)
    for n in range(Servicio.objects.count(), 10):
        Servicio.objects.create(codigo=f"bench-{n}", nombre=f"Servicio {n}", grupo="ARCHIVOS", tipo="ARCHIVO",
                                orden=200 + n)
    servicios = list(Servicio.objects.filter(activo=True))[:10]
    for s in servicios:
        TopeBanco.objects.create(empresa=empresa, servicio=s, transaccion=100 * M, diario=1000 * M, mensual=10000 * M)
        MontoEmpresa.objects.create(empresa=empresa, servicio=s, transaccion=50 * M, diario=500 * M, mensual=5000 * M)
    asignaciones = [
        ProductoAsignado.objects.create(usuario=usuario, producto=crear_producto(empresa, f"CAHO{n:02d}", f"{n:09d}"))
        for n in range(20)
    ]
    valores = {(a.pk, s.pk): Montos(1 * M, 10 * M, 100 * M) for a in asignaciones for s in servicios}
    return empresa, admin, usuario, asignaciones, servicios, valores


def _mediana(fn, antes) -> float:
    tiempos = []
    for _ in range(RONDAS):
        antes()
        t = time.perf_counter()
        fn()
        tiempos.append(time.perf_counter() - t)
    return statistics.median(tiempos)


def bench_guardar(admin, usuario, valores) -> None:
    from django.db import transaction

    from topes.actions import do_guardar_topes_usuario
    from topes.forms import TopesUsuarioForm
    from topes.models import TopeUsuario

    def vaciar() -> None:
        TopeUsuario.objects.filter(asignacion__usuario=usuario).delete()

    def guardar() -> None:
        do_guardar_topes_usuario(usuario, valores, actor=admin)

    datos = {}
    for a, s in valores:
        datos.update({f"t_{a}_{s}_transaccion": "1.000.000", f"t_{a}_{s}_diario": "10.000.000",
                      f"t_{a}_{s}_mensual": "100.000.000"})

    def guardar_formulario() -> None:
        form = TopesUsuarioForm(usuario, data=datos)
        assert form.is_valid()
        do_guardar_topes_usuario(usuario, form.valores, actor=admin)

    def bulk() -> None:
        with transaction.atomic():
            TopeUsuario.objects.bulk_create(
                [TopeUsuario(asignacion_id=a, servicio_id=s, **m.como_dict()) for (a, s), m in valores.items()]
            )

    t_bulk = _mediana(bulk, vaciar)
    t_accion = _mediana(guardar, vaciar)
    t_form = _mediana(guardar_formulario, vaciar)
    print(f"Guardar pestaña (200 filas): acción {t_accion * 1000:.1f} ms, formulario+acción {t_form * 1000:.1f} ms; "
          f"bulk insert {t_bulk * 1000:.1f} ms")
    print(f"  ratio acción / bulk insert           = {t_accion / t_bulk:.2f}  (objetivo ≤ 2)")
    print(f"  ratio formulario+acción / bulk insert = {t_form / t_bulk:.2f}")


def bench_check(usuario, asignaciones, servicios) -> None:
    from django.db import connection

    from topes.models import TopeUsuario

    if connection.vendor != "postgresql":
        print("check_operation concurrente: requiere PostgreSQL (DATABASE_URL=postgres://...).")
        return
    TopeUsuario.objects.filter(asignacion__usuario=usuario).update(
        transaccion=50 * M, diario=500 * M, mensual=5000 * M
    )
    for modo, productos in (("filas distintas", [asignaciones[0].producto, asignaciones[1].producto]),
                            ("misma fila", [asignaciones[2].producto, asignaciones[2].producto])):
        hechas, total = _medir(usuario, productos, servicios[0])
        print(f"check_operation, 2 hilos, {modo}: {hechas / total:.0f} llamadas/s "
              f"({hechas} en {total:.1f} s; objetivo ≥ 500/s)")


def _medir(usuario, productos, servicio) -> tuple[int, float]:
    """Two threads calling check_operation for SEGUNDOS; (calls made, elapsed seconds)."""
    from django.db import connection

    import topes

    conteos = [0, 0]
    barrera = threading.Barrier(2)
    fin = [0.0]

    def trabajar(i: int, producto) -> None:
        try:
            barrera.wait()
            if i == 0:
                fin[0] = time.perf_counter() + SEGUNDOS
            barrera.wait()
            while time.perf_counter() < fin[0]:
                r = topes.check_operation(usuario, producto, servicio, Decimal(1), MARTES)
                assert r, r.mensaje
                conteos[i] += 1
        finally:
            connection.close()

    hilos = [threading.Thread(target=trabajar, args=(i, p)) for i, p in enumerate(productos)]
    t = time.perf_counter()
    for h in hilos:
        h.start()
    for h in hilos:
        h.join()
    return sum(conteos), time.perf_counter() - t


def main() -> None:
    from django.db import connection

    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        print(f"Base de datos: {connection.vendor}")
        _empresa, admin, usuario, asignaciones, servicios, valores = _preparar()
        bench_guardar(admin, usuario, valores)
        bench_check(usuario, asignaciones, servicios)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
