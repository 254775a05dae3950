"""Benchmark: the token assignment under concurrency and the TOTP check at login.

Prints two ratios, measured on the same machine in the same run:

1. throughput of `do_asignar_token` with 2 concurrent workers (threads, one
   database connection each) divided by the throughput of the same number of
   plain single-row UPDATEs with 2 workers. The assignment locks the company's
   quota row, so one company's assignments run one after another: that is the
   price of never exceeding the quota.
2. latency of one TOTP verification at login (`portal.login.evaluar_token`: the
   device lookup + the row-locked, consuming django-otp check) divided by one
   bare `pyotp.TOTP.verify`.

Not a test: run it by hand (PostgreSQL is what the concurrency part is about)

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/occired .venv/bin/python bench/tokens.py

The outbox row is written inside the timed transaction; handing it to Celery
(and sending) happens in a worker in production, so it is not timed here.
"""

from __future__ import annotations

import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "occired.settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402

N = int(os.environ.get("BENCH_ASIGNACIONES", "200"))
RONDAS = int(os.environ.get("BENCH_RONDAS", "200"))
WORKERS = 2


def _en_paralelo(trabajo, lotes: list[list]) -> float:
    """Run `trabajo(item)` for every item, one thread per batch; returns the wall time."""
    from django.db import connection

    barrera = threading.Barrier(len(lotes) + 1)
    errores: list[BaseException] = []

    def hilo(lote: list) -> None:
        try:
            barrera.wait()
            for item in lote:
                trabajo(item)
        except BaseException as exc:  # reported after the run
            errores.append(exc)
        finally:
            connection.close()

    hilos = [threading.Thread(target=hilo, args=(lote,)) for lote in lotes]
    for h in hilos:
        h.start()
    barrera.wait()
    t = time.perf_counter()
    for h in hilos:
        h.join()
    total = time.perf_counter() - t
    if errores:
        raise errores[0]
    return total


def main() -> None:
    import pyotp
    from django.db import connection
    from django_otp.plugins.otp_totp.models import TOTPDevice

    import comun.correo
    from admin_usuarios.models import Usuario
    from portal.login import evaluar_token
    from tests.factories import codigo_fresco, crear_admin, crear_empresa
    from tokens.actions import do_asignar_token
    from tokens.models import CupoTokens, TokenVirtual

    setup_test_environment()
    comun.correo.despachar = lambda correo_id: None  # sending is the worker's job, not timed
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        empresa = crear_empresa()
        admin = crear_admin(empresa)
        CupoTokens.objects.create(empresa=empresa, cantidad=N + 10)
        TokenVirtual.objects.bulk_create([TokenVirtual(empresa=empresa, serial=f"FEF8{i:06d}") for i in range(N)])
        usuarios = list(Usuario.objects.bulk_create([
            Usuario(username=f"b{i:05d}", nombres="Bench", primer_apellido="Usuario", empresa=empresa,
                    estado=Usuario.Estado.ACTIVO, email=f"b{i}@bench.example", celular="3000000000")
            for i in range(N)
        ]))
        device_pk, secreto = admin.device.pk, admin.secreto
        admin = Usuario.objects.get(pk=admin.pk)

        # 1. assignments vs plain updates, 2 workers each.
        t_asignar = _en_paralelo(lambda u: do_asignar_token(u, actor=admin),
                                 [usuarios[i::WORKERS] for i in range(WORKERS)])
        assert TokenVirtual.objects.filter(estado="ASIGNADO").count() == N
        ids = list(TokenVirtual.objects.filter(estado="ASIGNADO").values_list("pk", flat=True))
        t_update = _en_paralelo(lambda pk: TokenVirtual.objects.filter(pk=pk).update(estado="ASIGNADO"),
                                [ids[i::WORKERS] for i in range(WORKERS)])
        tp_asignar, tp_update = N / t_asignar, N / t_update

        # 2. TOTP verification at login vs bare pyotp.
        device = TOTPDevice.objects.get(pk=device_pk)
        totp = pyotp.TOTP(secreto)
        bare, login = [], []
        for _ in range(RONDAS):
            codigo = totp.now()
            t = time.perf_counter()
            totp.verify(codigo, valid_window=1)
            bare.append(time.perf_counter() - t)
        for _ in range(RONDAS):
            # Forget the last used step (not timed): replay protection is the tests' job.
            TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
            codigo = codigo_fresco(device)
            t = time.perf_counter()
            veredicto = evaluar_token(admin, codigo)
            login.append(time.perf_counter() - t)
            assert veredicto == "ok", veredicto
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()

    b, v = statistics.median(bare), statistics.median(login)
    print(f"db: {connection.vendor}  assignments: {N}  workers: {WORKERS}  TOTP rounds: {RONDAS}")
    print(f"assign throughput (2 workers):         {tp_asignar:8.1f} /s")
    print(f"plain row UPDATE throughput (2 workers): {tp_update:8.1f} /s")
    print(f"ratio assign / plain update:           {tp_asignar / tp_update:8.3f}")
    print(f"median bare pyotp verification:        {b * 1e6:8.1f} µs")
    print(f"median TOTP verification at login:     {v * 1e6:8.1f} µs")
    print(f"ratio login TOTP / bare pyotp:         {v / b:8.1f}")


if __name__ == "__main__":
    main()
