"""Benchmark: a complete two-step login vs one password-hash verification.

Prints the median time of a full login (step 1 with a TOTP code + step 2 with
the password, over Django's test client, with the production hasher Argon2)
divided by the median time of one `check_password` against an Argon2 hash, on
the same machine in the same run. Not a test: run it by hand

    .venv/bin/python bench/login.py            # SQLite in memory
    DATABASE_URL=postgres://... .venv/bin/python bench/login.py
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "occired.settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import check_password, make_password  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402

RONDAS = int(os.environ.get("BENCH_RONDAS", "30"))


def main() -> None:
    from django.db import connection
    from django.test import Client

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    try:
        from tests.factories import codigo_fresco, crear_admin, crear_empresa

        admin = crear_admin(crear_empresa())
        device = admin.device
        encoded = make_password(admin.clave)

        hash_times = []
        for _ in range(RONDAS):
            t = time.perf_counter()
            check_password(admin.clave, encoded)
            hash_times.append(time.perf_counter() - t)

        login_times = []
        for _ in range(RONDAS):
            client = Client()
            # Forget the last used step (not timed) so each round can use a current code
            # without waiting 30 s for the next one: replay protection is the tests' job.
            type(device).objects.filter(pk=device.pk).update(last_t=-1)
            codigo = codigo_fresco(device)
            t = time.perf_counter()
            client.post("/", {"username": admin.username, "codigo": codigo, "condiciones": "on"})
            r = client.post("/ingreso/clave/", {"clave": admin.clave})
            login_times.append(time.perf_counter() - t)
            assert r.status_code == 302 and r.url == "/inicio/", r.status_code
            client.post("/salida/")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()

    h = statistics.median(hash_times)
    login = statistics.median(login_times)
    print(f"hasher: {settings.PASSWORD_HASHERS[0].rsplit('.', 1)[-1]}  db: {connection.vendor}  rounds: {RONDAS}")
    print(f"median password-hash verification: {h * 1000:.1f} ms")
    print(f"median complete two-step login:    {login * 1000:.1f} ms")
    print(f"ratio login / hash verification:   {login / h:.2f}  (aim <= 1.5)")


if __name__ == "__main__":
    main()
