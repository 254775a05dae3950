"""What the bench scripts share: Django on the bench settings, a throwaway test database
around the run, and the p95 of pages against the bare authenticated view.

Import it first, before anything of Django (it sets the settings up):

    import medir  # the bench directory is the script's own
    medir.iniciar()
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BASE = Path(__file__).resolve().parents[1]


def iniciar() -> None:
    """The portal's settings + the bare baseline pages (bench_settings), DEBUG off."""
    sys.path[:0] = [str(BASE), str(BASE / "bench")]
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    os.environ.setdefault("DJANGO_DEBUG", "0")
    import django

    django.setup()


@contextmanager
def base_de_prueba(script: str) -> Iterator[None]:
    """A fresh test database on PostgreSQL for the run (dropped at the end), fast password hashing."""
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    if connection.vendor != "postgresql":
        sys.exit(f"bench/{script} needs PostgreSQL (DATABASE_URL=postgres://...).")
    setup_test_environment()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        print(f"Base de datos: {connection.vendor}; DEBUG={settings.DEBUG}")
        yield
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


def p95(tiempos: list[float]) -> float:
    return statistics.quantiles(tiempos, n=20)[-1]


def p95_de_rutas(client, rutas: dict[str, str], repeticiones: int) -> dict[str, float]:
    """Each page once to warm up (and check it answers 200), then `repeticiones` rounds of
    all of them in turn (so a busy moment of the machine falls on every page alike)."""
    for ruta in rutas.values():
        r = client.get(ruta)
        assert r.status_code == 200, (ruta, r.status_code)
    tiempos: dict[str, list[float]] = {k: [] for k in rutas}
    for _ in range(repeticiones):
        for nombre, ruta in rutas.items():
            t = time.perf_counter()
            client.get(ruta)
            tiempos[nombre].append(time.perf_counter() - t)
    return {k: p95(v) for k, v in tiempos.items()}
