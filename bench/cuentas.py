"""Benchmark of the ledger and Consultas (app cuentas). Not a test: run it by hand
on PostgreSQL

    DATABASE_URL=postgres://... .venv/bin/python bench/cuentas.py

Every figure is a ratio against a baseline measured in the same run:

1. Transfers per second with 2 worker threads between random accounts
   (`ledger.crear_transferencia`, each in its own transaction) ÷ plain
   single-row INSERTs per second (2 threads, autocommit). Aim ≥ 0.3. And on one
   hot account (every transfer debits the same account): aim ≥ 300/s.
2. Movimientos of an account with 1,000,000 movements (loaded with
   generate_series): p95 of page 1 and of the last page ÷ p95 of a bare
   authenticated view (same middleware, session and login; it returns "ok"),
   through Django's test client in process. Aim ≤ 3 both.
3. Extracto Excel of 100,000 movements (`cuentas.exports.escribir_excel`,
   streamed from the database) ÷ openpyxl write-only writing the same 100,000
   rows already in memory: time (aim ≤ 1.3) and peak Python memory
   (tracemalloc; aim ≤ 1.5).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import statistics
import threading
import time
import tracemalloc
from decimal import Decimal

import medir  # noqa: I001 (first: it sets Django up on the bench settings)

medir.iniciar()

from django.db import connection  # noqa: E402

SEGUNDOS = float(os.environ.get("BENCH_SEGUNDOS", "5"))
N_GRANDE = int(os.environ.get("BENCH_MOVIMIENTOS", "1000000"))
N_EXTRACTO = int(os.environ.get("BENCH_EXTRACTO", "100000"))
REPETICIONES = int(os.environ.get("BENCH_REPETICIONES", "200"))
PARTES = os.environ.get("BENCH_PARTES", "123")  # e.g. BENCH_PARTES=3 runs only the extracto


def _en_dos_hilos(trabajo) -> float:
    """Run trabajo(i, hasta) in 2 threads for SEGUNDOS; returns operations per second."""
    conteos = [0, 0]
    barrera = threading.Barrier(2)

    def correr(i: int) -> None:
        try:
            barrera.wait()
            hasta = time.perf_counter() + SEGUNDOS
            conteos[i] = trabajo(i, hasta)
        finally:
            connection.close()

    hilos = [threading.Thread(target=correr, args=(i,)) for i in range(2)]
    t = time.perf_counter()
    for h in hilos:
        h.start()
    for h in hilos:
        h.join()
    return sum(conteos) / (time.perf_counter() - t)


def bench_transferencias() -> None:
    from cuentas import ledger
    from tests.factories import crear_empresa, crear_producto

    empresa = crear_empresa(nit="900999999-1", interno="999")
    cuentas = [ledger.cuenta_de_producto(crear_producto(empresa, f"B{i}", f"7{i:08d}")) for i in range(100)]
    caja = ledger.cuenta_banco("banco:caja")
    for c in cuentas:
        ledger.crear_transferencia(f"fondo-{c.pk}", debito=caja, credito=c, monto=Decimal(10**12))
    with connection.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS bench_insercion (id bigserial PRIMARY KEY, monto numeric(18,2), "
                    "referencia varchar(40))")
    connection.close()

    def inserciones(i: int, hasta: float) -> int:
        n = 0
        with connection.cursor() as cur:
            while time.perf_counter() < hasta:
                cur.execute("INSERT INTO bench_insercion (monto, referencia) VALUES (%s, %s)", [Decimal(1), "x"])
                n += 1
        return n

    def aleatorias(i: int, hasta: float) -> int:
        azar, n = random.Random(i), 0
        while time.perf_counter() < hasta:
            d, c = azar.sample(cuentas, 2)
            ledger.crear_transferencia(f"r{i}-{n}", debito=d, credito=c, monto=Decimal(1))
            n += 1
        return n

    def caliente(i: int, hasta: float) -> int:
        azar, n = random.Random(100 + i), 0
        while time.perf_counter() < hasta:
            ledger.crear_transferencia(f"h{i}-{n}", debito=cuentas[0], credito=azar.choice(cuentas[1:]),
                                       monto=Decimal(1))
            n += 1
        return n

    base = _en_dos_hilos(inserciones)
    azar = _en_dos_hilos(aleatorias)
    hot = _en_dos_hilos(caliente)
    print(f"1. INSERT de una fila, 2 hilos:                     {base:8.0f}/s")
    print(f"   transferencias, 2 hilos, cuentas al azar:        {azar:8.0f}/s  ratio {azar / base:.2f}  (objetivo ≥ 0.3)")
    print(f"   transferencias, 2 hilos, una cuenta caliente:    {hot:8.0f}/s  (objetivo ≥ 300/s)")
    dp, cp, dn, cn = ledger.totales()
    assert dp == cp and dn == cn, "Σ débitos ≠ Σ créditos"


def _cargar_movimientos(cuenta, contra, n: int, inicio: dt.datetime, paso_s: float) -> None:
    """n movements on `cuenta` (and their transfers) in two INSERT … SELECT generate_series
    statements, with the running balance computed by a window function; then the account
    rows are set to match, as the ledger would have left them."""
    prefijo = f"bench:{cuenta.pk}:"
    with connection.cursor() as cur:
        cur.execute("""
            INSERT INTO cuentas_transferencia (id, tipo, debito_id, credito_id, monto, codigo, descripcion,
                                               referencia, timeout, fecha)
            SELECT %(p)s || g, 'SIMPLE',
                   CASE WHEN g %% 3 = 0 THEN %(c)s ELSE %(k)s END, CASE WHEN g %% 3 = 0 THEN %(k)s ELSE %(c)s END,
                   1000 + (g %% 997), 0, CASE WHEN g %% 3 = 0 THEN 'Pago a proveedor' ELSE 'Recaudo de cliente' END,
                   'REF-' || g, 0, %(i)s::timestamptz + make_interval(secs => g * %(s)s)
            FROM generate_series(1, %(n)s) g
        """, {"p": prefijo, "c": cuenta.pk, "k": contra.pk, "i": inicio, "s": paso_s, "n": n})
        cur.execute("""
            INSERT INTO cuentas_movimiento (cuenta_id, n, transferencia_id, fecha, es_debito, monto, saldo,
                                            descripcion, referencia)
            SELECT %(c)s, g, %(p)s || g, %(i)s::timestamptz + make_interval(secs => g * %(s)s), g %% 3 = 0,
                   1000 + (g %% 997),
                   SUM(CASE WHEN g %% 3 = 0 THEN -(1000 + (g %% 997)) ELSE 1000 + (g %% 997) END) OVER (ORDER BY g),
                   CASE WHEN g %% 3 = 0 THEN 'Pago a proveedor' ELSE 'Recaudo de cliente' END, 'REF-' || g
            FROM generate_series(1, %(n)s) g
        """, {"p": prefijo, "c": cuenta.pk, "i": inicio, "s": paso_s, "n": n})
        cur.execute("""
            UPDATE cuentas_cuenta c SET
              debitos_posteados = c.debitos_posteados + t.d, creditos_posteados = c.creditos_posteados + t.c,
              movimientos = t.n, ultimo_movimiento = t.f
            FROM (SELECT COALESCE(SUM(monto) FILTER (WHERE es_debito), 0) d,
                         COALESCE(SUM(monto) FILTER (WHERE NOT es_debito), 0) c, MAX(n) n, MAX(fecha) f
                  FROM cuentas_movimiento WHERE cuenta_id = %(c)s) t
            WHERE c.id = %(c)s
        """, {"c": cuenta.pk})
        cur.execute("""
            UPDATE cuentas_cuenta k SET debitos_posteados = k.debitos_posteados + c.creditos_posteados,
                                        creditos_posteados = k.creditos_posteados + c.debitos_posteados
            FROM cuentas_cuenta c WHERE c.id = %(c)s AND k.id = %(k)s
        """, {"c": cuenta.pk, "k": contra.pk})
        cur.execute("ANALYZE cuentas_movimiento; ANALYZE cuentas_transferencia")


def bench_movimientos(admin, empresa) -> None:
    from django.test import Client

    from cuentas import ledger
    from tests.factories import crear_producto, login_portal

    producto = crear_producto(empresa, "CAHOGrande", "555000111")
    cuenta = ledger.cuenta_de_producto(producto)
    inicio = dt.datetime.now(dt.UTC) - dt.timedelta(days=365)
    t = time.perf_counter()
    _cargar_movimientos(cuenta, ledger.cuenta_banco("banco:caja"), N_GRANDE, inicio, 365 * 86400 / (N_GRANDE + 10))
    print(f"2. {N_GRANDE:,} movimientos cargados con generate_series en {time.perf_counter() - t:.0f} s")
    client = Client()
    login_portal(client, admin)
    desde = (inicio + dt.timedelta(days=1)).date() - dt.timedelta(days=2)
    base = f"/consultas/movimientos/?producto={producto.pk}&desde={desde.isoformat()}&ver=50"
    ultima = -(-N_GRANDE // 50)
    rutas = {"vacía": "/bench/vacia/", "página 1": base, "última página": f"{base}&pagina={ultima}"}
    assert "REF-1<" in client.get(rutas["última página"]).content.decode()
    p = medir.p95_de_rutas(client, rutas, REPETICIONES)
    print(f"   p95 vista vacía autenticada: {p['vacía'] * 1000:.1f} ms")
    for nombre in ("página 1", "última página"):
        print(f"   p95 Movimientos {nombre:<14} {p[nombre] * 1000:6.1f} ms  ratio {p[nombre] / p['vacía']:.2f}"
              "  (objetivo ≤ 3)")


def bench_extracto(empresa) -> None:
    from openpyxl import Workbook

    from cuentas import ledger, selectors
    from cuentas.exports import Extracto, escribir_excel
    from cuentas.selectors import Fila
    from tests.factories import crear_producto

    producto = crear_producto(empresa, "CAHOExtracto", "555000222")
    cuenta = ledger.cuenta_de_producto(producto)
    inicio = dt.datetime.now(dt.UTC) - dt.timedelta(days=30)
    _cargar_movimientos(cuenta, ledger.cuenta_banco("banco:nomina"), N_EXTRACTO, inicio, 20 * 86400 / N_EXTRACTO)
    desde, hasta = (inicio - dt.timedelta(days=1)).date(), dt.date.today() + dt.timedelta(days=1)
    cuenta.refresh_from_db()

    def nuestro() -> None:
        resumen = selectors.resumen(cuenta, desde, hasta)
        escribir_excel(Extracto(empresa=empresa, producto=producto, cuenta=cuenta, desde=desde, hasta=hasta,
                                resumen=resumen), io.BytesIO())

    filas = [Fila.de(v) for v in selectors.filas_extracto(cuenta, 1, N_EXTRACTO)]
    assert len(filas) == N_EXTRACTO

    def base() -> None:
        libro = Workbook(write_only=True)
        hoja = libro.create_sheet("Extracto")
        hoja.append(["Fecha", "Descripción", "Referencia", "Débito", "Crédito", "Saldo"])
        for f in filas:
            hoja.append([f.fecha.replace(tzinfo=None), f.descripcion, f.referencia, f.debito or None,
                         f.credito or None, f.saldo])
        libro.save(io.BytesIO())

    def tomar(fn) -> tuple[float, int]:
        # Time without tracemalloc (it slows Python several times over), memory in a run of its own.
        tiempos = []
        for _ in range(3):
            t = time.perf_counter()
            fn()
            tiempos.append(time.perf_counter() - t)
        tracemalloc.start()
        fn()
        pico = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return statistics.median(tiempos), pico

    t_base, m_base = tomar(base)
    t_nuestro, m_nuestro = tomar(nuestro)
    print(f"3. Extracto Excel de {N_EXTRACTO:,} movimientos: {t_nuestro:.2f} s, pico {m_nuestro / 2**20:.1f} MiB; "
          f"openpyxl write-only {t_base:.2f} s, pico {m_base / 2**20:.1f} MiB")
    print(f"   ratio tiempo {t_nuestro / t_base:.2f} (objetivo ≤ 1.3), ratio memoria {m_nuestro / m_base:.2f} "
          "(objetivo ≤ 1.5)")


def main() -> None:
    with medir.base_de_prueba("cuentas.py"):
        from tests.factories import crear_admin, crear_empresa

        if "1" in PARTES:
            bench_transferencias()
        empresa = crear_empresa()
        admin = crear_admin(empresa)
        if "2" in PARTES:
            bench_movimientos(admin, empresa)
        if "3" in PARTES:
            bench_extracto(empresa)


if __name__ == "__main__":
    main()
