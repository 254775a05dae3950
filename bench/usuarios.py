"""Benchmark of Configuración de Usuarios (issue 3). Run by hand, never as a test:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379/13 \
        .venv/bin/python bench/usuarios.py

It creates its own database (`occired_bench_usuarios` on the server of
DATABASE_URL), seeds 50,000 secondary users in one company, prints every figure
as a ratio against a baseline measured in the same run, and drops the database.

The pages are measured twice, each time with the two baselines of
bench/bench_urls.py (a bare authenticated view, and one that renders only the
base layout) requested in turn with Consultar: through gunicorn over HTTP (the
production server, one sync worker, persistent database connections) and in
process with Django's test client (no server around the view: the stricter
figure). REDIS_URL, when set, is the cache as in production (the cached totals
of text searches live there); the search is measured as repeated (its total
cached) and right after a change to a user (counted again). BENCH_PARTES=http
skips the exports; =perfil profiles page 1;
BENCH_CONSERVAR=1 keeps the database.
"""

from __future__ import annotations

import http.client
import io
import os
import socket
import statistics
import subprocess
import sys
import time
import tracemalloc
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
sys.path[:0] = [str(BASE), str(BENCH)]

N_USUARIOS = 50_000
N_PDF = 10_000
REPETICIONES = int(os.environ.get("BENCH_REPETICIONES", "400"))
BD_BENCH = "occired_bench_usuarios"


def _url_bd(url: str, nombre: str) -> str:
    partes = urlsplit(url)
    return urlunsplit(partes._replace(path="/" + nombre))


def _admin_sql(url: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(_url_bd(url, "postgres"), autocommit=True) as conn:
        conn.execute(sql)


def main() -> None:
    origen = os.environ.get("DATABASE_URL", "")
    if not origen.startswith("postgres"):
        sys.exit("DATABASE_URL must point to a PostgreSQL server (its own database is created and dropped).")
    _admin_sql(origen, f"DROP DATABASE IF EXISTS {BD_BENCH}")
    _admin_sql(origen, f"CREATE DATABASE {BD_BENCH}")
    os.environ["DATABASE_URL"] = _url_bd(origen, BD_BENCH)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"  # the portal's settings + the baseline pages
    os.environ.setdefault("DJANGO_DEBUG", "0")
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    # REDIS_URL, when set, is the cache (as in production); Celery stays eager (bench_settings).
    os.environ["BENCH_PREFIJO_CACHE"] = f"bench-{time.time_ns()}"
    try:
        correr()
    finally:
        from django.db import connections

        connections.close_all()
        if os.environ.get("BENCH_CONSERVAR") != "1":
            _admin_sql(origen, f"DROP DATABASE IF EXISTS {BD_BENCH}")


@contextmanager
def servidor_gunicorn():
    """The production web server (gunicorn, one sync worker) on the bench database."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        puerto = s.getsockname()[1]
    entorno = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench_settings",
               "DB_CONN_MAX_AGE": "60"}  # persistent connections, as in production
    proceso = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "occired.wsgi:application", "--bind", f"127.0.0.1:{puerto}",
         "--workers", "1", "--pythonpath", f"{BASE},{BENCH}"],
        env=entorno, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", puerto), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not start")
        yield puerto
    finally:
        proceso.terminate()
        proceso.wait(timeout=30)


def p95(valores: list[float]) -> float:
    return statistics.quantiles(valores, n=20)[18]


def correr() -> None:
    import django

    django.setup()
    import logging

    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
    partes = set(os.environ.get("BENCH_PARTES", "http,excel,pdf").split(","))
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from admin_usuarios.models import Empresa, Horario, Perfil, Usuario

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    print(f"Migrating {BD_BENCH}…", flush=True)
    call_command("migrate", verbosity=0)
    empresa = Empresa.objects.create(nit="900123456-8", razon_social="Comercializadora Andina S.A.S.",
                                     identificador_interno="015829393")
    Horario.objects.create(empresa=empresa)
    perfiles = [Perfil.objects.create(empresa=empresa, nombre=n) for n in ("Pruebas_PRD", "Aprobadores", "Consulta")]
    nombres = ["Andres", "Maria", "Carlos", "Luisa", "Felipe", "Diana", "Jorge", "Paula", "Camilo", "Sofia",
               "Mateo", "Valentina", "Santiago", "Daniela", "Juan", "Laura", "David", "Natalia", "Sebastian", "Carolina"]
    apellidos = ["Gomez", "Rodriguez", "Martinez", "Lopez", "Garcia", "Perez", "Sanchez", "Ramirez", "Torres",
                 "Diaz", "Vargas", "Moreno", "Rojas", "Castro", "Ortiz", "Rubio", "Suarez", "Prieto", "Zapata",
                 "Quintero", "Delgado", "Guerrero", "Herrera", "Medina", "Aguilar", "Cardenas", "Mejia", "Ospina",
                 "Restrepo", "Jaramillo", "Velez", "Arango", "Salazar", "Montoya", "Giraldo", "Escobar", "Henao",
                 "Correa", "Cano", "Villegas"]
    print(f"Seeding {N_USUARIOS} users…", flush=True)
    t = time.perf_counter()
    lote = []
    for i in range(N_USUARIOS):
        lote.append(Usuario(
            username=f"usr{i:06d}", nombres=nombres[i % len(nombres)], primer_apellido=apellidos[(i * 7) % 40],
            segundo_apellido=apellidos[(i * 13 + 5) % 40], empresa=empresa, perfil=perfiles[i % 3], password="!",
            estado=Usuario.Estado.INACTIVO if i < N_PDF else Usuario.Estado.ACTIVO,
            tipo_identificacion="CC", numero_identificacion=str(10_000_000 + i)))
        if len(lote) == 5000:
            Usuario.objects.bulk_create(lote)
            lote = []
    admin = Usuario.objects.create_user("adelgado", "Occire2024", empresa=empresa, es_administrador=True,
                                        nombres="Andres", primer_apellido="Delgado", estado=Usuario.Estado.ACTIVO,
                                        imagen_seguridad="sol")
    with connection.cursor() as c:
        c.execute("VACUUM ANALYZE admin_usuarios_usuario")
        # The seeding updated the few ConteoUsuarios rows 50,000 times; autovacuum
        # would clean their dead versions within seconds, as it does in service.
        c.execute("VACUUM ANALYZE admin_usuarios_conteousuarios")
    print(f"  seeded in {time.perf_counter() - t:.1f} s", flush=True)

    client = Client()
    client.force_login(admin)
    Usuario.objects.filter(pk=admin.pk).update(sesion_actual=client.session.session_key)

    consultar = "/administracion/usuarios/"
    termino = "zapat"
    rutas = {
        "vacia": "/bench/vacia/",
        "layout": "/bench/layout/",
        "pagina1": consultar,
        "ultima": consultar + "?ultima=1",
        "busqueda": f"{consultar}?nombre={termino}",
        # The same search right after a change to a user (its total not counted yet).
        "busqueda_nueva": f"{consultar}?nombre={termino}",
    }

    cambiante = Usuario.objects.filter(empresa=empresa, username="usr000001").values_list("pk", flat=True).get()

    def medir_todas(pedir) -> dict[str, float]:
        """p95 of every page, requested in turn (round robin), so that whatever else
        the machine does falls on the baselines and on Consultar alike."""
        for ruta in rutas.values():
            for _ in range(10):
                assert pedir(ruta) == 200, ruta
        tiempos: dict[str, list[float]] = {k: [] for k in rutas}
        for i in range(REPETICIONES):
            for k, ruta in rutas.items():
                if k == "busqueda_nueva":  # a change moves the data's version: the next search counts
                    Usuario.objects.filter(pk=cambiante).update(numero_identificacion=str(90_000_000 + i))
                t0 = time.perf_counter()
                estado = pedir(ruta)
                tiempos[k].append(time.perf_counter() - t0)
                assert estado == 200, ruta
        return {k: p95(v) for k, v in tiempos.items()}

    if "perfil" in partes:  # BENCH_PARTES=perfil: where page 1's time goes
        import cProfile
        import pstats

        from django.db import reset_queries

        settings.DEBUG = True
        for _ in range(10):
            client.get(consultar)
        reset_queries()
        client.get(consultar)
        for q in connection.queries:
            print(f"{q['time']:>7} s  {q['sql'][:150]}")
        perfil = cProfile.Profile()
        perfil.enable()
        for _ in range(50):
            client.get(consultar)
        perfil.disable()
        pstats.Stats(perfil).sort_stats(os.environ.get("BENCH_ORDEN", "cumulative")).print_stats(int(os.environ.get("BENCH_LINEAS", "35")))
        return
    r = client.get(consultar + "?ultima=1").content.decode()
    assert "usr049999" in r, "last page does not end with the last user"

    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    print(f"Measuring through gunicorn ({REPETICIONES} rounds of {len(rutas)} pages)…", flush=True)
    with servidor_gunicorn() as puerto:
        def pedir_http(ruta: str) -> int:
            conexion = http.client.HTTPConnection("127.0.0.1", puerto, timeout=30)
            try:
                conexion.request("GET", ruta, headers={"Cookie": cookie})
                respuesta = conexion.getresponse()
                respuesta.read()
                return respuesta.status
            finally:
                conexion.close()

        por_http = medir_todas(pedir_http)
    print(f"Measuring in process with Django's test client ({REPETICIONES} rounds)…", flush=True)
    en_proceso = medir_todas(lambda ruta: client.get(ruta).status_code)

    from admin_usuarios.selectors import usuarios_filtrados

    plan_qs = usuarios_filtrados(admin, {"nombre": termino})
    coincidencias = plan_qs.count()
    plan = plan_qs.order_by().values("pk").explain()  # the count of the matches (the rows come by username)
    ultima_plan = Usuario.objects.filter(empresa=empresa, username__lt="usr049990").order_by("-username")[:10].explain()

    print()
    print(f"p95 over {REPETICIONES} requests each, PostgreSQL:   gunicorn (1 sync worker) over HTTP | in process")
    for k in rutas:
        print(f"  {k:<10} {por_http[k] * 1000:7.2f} ms | {en_proceso[k] * 1000:7.2f} ms")
    print(f"  name search '%{termino}%' matches {coincidencias} rows; trigram index used to count them: "
          f"{'usuario_nombre_busqueda_trgm_idx' in plan}")
    print(f"  last-page key scan uses an index range scan: {'Index' in ultima_plan and 'Seq Scan' not in ultima_plan}")

    print("\n=== Ratios of Consultar (aim) ===")
    for titulo, crudo in (("under gunicorn, over HTTP", por_http), ("in process, Django test client", en_proceso)):
        print(f"-- {titulo}")
        print(f"Consultar page 1 p95 / bare authenticated view p95 ........ {crudo['pagina1'] / crudo['vacia']:.2f}  (≤ 3)")
        print(f"   (page 1 / bare view rendering the same base.html layout  {crudo['pagina1'] / crudo['layout']:.2f})")
        print(f"Last page p95 / page 1 p95 ................................ {crudo['ultima'] / crudo['pagina1']:.2f}  (≤ 1.2)")
        print(f"Name search '%{termino}%' p95 / unfiltered page 1 p95 ...... {crudo['busqueda'] / crudo['pagina1']:.2f}  (≤ 1.5)")
        print(f"   (the same search right after a change, counted again ... {crudo['busqueda_nueva'] / crudo['pagina1']:.2f})")
    if not partes & {"excel", "pdf"}:
        return

    # --- Excel: 50,000 rows, query included, vs openpyxl write-only from a list in memory.
    from openpyxl import Workbook

    from admin_usuarios.exports import escribir_excel, escribir_pdf
    from admin_usuarios.selectors import filas_exportacion

    filas = list(filas_exportacion(admin, {}))
    assert len(filas) == N_USUARIOS

    def excel_base(destino) -> None:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet()
        for f in filas:
            ws.append(f)
        wb.save(destino)

    def excel_nuestro(destino) -> None:
        escribir_excel(destino, actor=admin, filtros={}, descripcion_filtros=[])

    def medir_funcion(fn, veces: int = 3) -> tuple[float, float]:
        tiempos = []
        for _ in range(veces):
            salida = io.BytesIO()
            t0 = time.perf_counter()
            fn(salida)
            tiempos.append(time.perf_counter() - t0)
        tracemalloc.start()
        fn(io.BytesIO())
        pico = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return min(tiempos), pico

    print("\nExcel (50,000 rows)…", flush=True)
    xb_t, xb_m = medir_funcion(excel_base)
    xn_t, xn_m = medir_funcion(excel_nuestro)

    # --- PDF: 10,000 rows vs one plain <div> per row with the same fonts.
    filtros_pdf = {"estado": Usuario.Estado.INACTIVO}
    filas_pdf = list(filas_exportacion(admin, filtros_pdf))
    assert len(filas_pdf) == N_PDF
    from html import escape

    from weasyprint import HTML

    html_base = (
        "<html><head><style>@page{size:A4;margin:2.6cm 1.4cm 1.6cm 1.4cm} body{font:8pt 'DejaVu Sans Mono'}"
        "</style></head><body>"
        + "".join(f"<div>{escape(' '.join(f))}</div>" for f in filas_pdf) + "</body></html>"
    )

    def pdf_base(destino) -> None:
        HTML(string=html_base).write_pdf(destino)

    def pdf_nuestro(destino) -> None:
        escribir_pdf(destino, actor=admin, filtros=filtros_pdf, descripcion_filtros=[("Estado", "Inactivo")])

    print("PDF (10,000 rows; memory measured under tracemalloc, slow)…", flush=True)
    pb_t, pb_m = medir_funcion(pdf_base, veces=2)
    pn_t, pn_m = medir_funcion(pdf_nuestro, veces=2)

    print("\n=== Ratios of the exports (aim) ===")
    print(f"Excel 50,000 rows time / openpyxl from a list ............. {xn_t / xb_t:.2f}  (≤ 1.3)"
          f"   [{xn_t:.2f} s vs {xb_t:.2f} s]")
    print(f"Excel 50,000 rows peak memory / openpyxl from a list ...... {xn_m / xb_m:.2f}  (≤ 1.5)"
          f"   [{xn_m / 1e6:.1f} MB vs {xb_m / 1e6:.1f} MB]")
    print(f"PDF 10,000 rows time / plain <div> per row ................ {pn_t / pb_t:.2f}  (≤ 2)"
          f"   [{pn_t:.2f} s vs {pb_t:.2f} s]")
    print(f"PDF 10,000 rows peak memory / plain <div> per row ......... {pn_m / pb_m:.2f}  (≤ 2)"
          f"   [{pn_m / 1e6:.1f} MB vs {pb_m / 1e6:.1f} MB]")


if __name__ == "__main__":
    main()
