"""One walk over every screen per role, shared by the tests of this package.

The walk logs each role in once (one browser context per role), opens every
screen of `tests.ui.pantallas` and records what the tests check. It loads the
demo data (`cargar_demo`), the richest data set the project has, outside any
test transaction, and flushes it afterwards.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from tests.factories import codigo_fresco
from tests.navegador import ingresar
from tests.ui import pantallas


def _datos() -> dict[str, int]:
    from admin_usuarios.models import Empresa, Perfil, Producto, Usuario
    from archivos.models import Archivo
    from auditoria.models import Evento
    from tokens.models import CupoTokens
    from topes.models import Servicio, TopeBanco
    from transacciones.models import Operacion

    andina = Empresa.objects.get(nit="900123456-8")
    operaciones = Operacion.objects.filter(empresa=andina).order_by("pk")
    archivos = Archivo.objects.filter(empresa=andina).order_by("pk")
    return {
        "operacion_ejecutada": operaciones.filter(estado=Operacion.Estado.EJECUTADA).first().pk,
        "operacion_rechazada": operaciones.filter(estado=Operacion.Estado.RECHAZADA).first().pk,
        "operacion_pendiente": operaciones.filter(estado=Operacion.Estado.POR_APROBAR).first().pk,
        "producto_operador": Producto.objects.get(empresa=andina, nombre="CAHOAndres").pk,
        "archivo_con_errores": archivos.filter(nombre="nomina_diciembre.csv").first().pk,
        "archivo_ejecutado": archivos.filter(nombre="nomina_noviembre.csv").first().pk,
        "usuario": Usuario.objects.get(username="mguerrero").pk,
        "perfil": Perfil.objects.filter(empresa=andina).order_by("pk").first().pk,
        "empresa": andina.pk,
        "producto": Producto.objects.filter(empresa=andina).order_by("pk").first().pk,
        "servicio": Servicio.objects.order_by("orden").first().pk,
        "evento": Evento.objects.order_by("pk").first().pk,
        "cupo": CupoTokens.objects.get(empresa=andina).pk,
        "topebanco": TopeBanco.objects.filter(empresa=andina).order_by("pk").first().pk,
    }


def _ingresar_portal(page, base_url: str, username: str, clave: str, codigo: str = "") -> None:
    ingresar(page, username, clave, codigo, base_url=base_url)
    page.get_by_text("Bienvenido a la Banca Electrónica del Banco de Occidente").wait_for()


def _ingresar_banco(page, base_url: str, username: str, clave: str, codigo: str) -> None:
    page.goto(base_url + "/banco/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", clave)
    page.fill("#id_otp_token", codigo)
    page.locator("input[type=submit]").click()
    page.wait_for_url("**/banco/")


@pytest.fixture(scope="module")
def recorrido(navegador, live_server, django_db_setup, django_db_blocker):
    """{(rol, pantalla): Resultado} for every screen of `pantallas.TODAS`."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from demo.management.commands.cargar_demo import DEMO_CLAVES
    from occired.celery import app
    from tests.topes.conftest import CATALOGO
    from topes.models import Servicio
    from transacciones.demo import EQUIPO as OPERADORES

    app.conf.task_always_eager = True
    base = live_server.url
    resultados: dict[tuple[str, str], pantallas.Resultado] = {}
    with django_db_blocker.unblock():
        # A transactional test may have flushed the catalogue its data migration loads.
        for codigo, nombre, grupo, tipo, orden in CATALOGO:
            Servicio.objects.update_or_create(
                codigo=codigo, defaults={"nombre": nombre, "grupo": grupo, "tipo": tipo, "orden": orden, "activo": True}
            )
        call_command("cargar_demo", "--force", stdout=io.StringIO())
        rutas = pantallas.rutas(_datos())

        def token(username: str) -> str:
            return codigo_fresco(TOTPDevice.objects.filter(user__username=username).first())

        for rol in pantallas.ROLES:
            context = navegador.new_context(
                locale="es-CO", viewport={"width": 1366, "height": 900},
                # axe-core is injected as an inline script, which the portal's CSP forbids.
                bypass_csp=True,
            )
            page = context.new_page()
            page.set_default_timeout(15000)
            try:
                if rol == "admin":
                    _ingresar_portal(page, base, "adelgado", DEMO_CLAVES["adelgado"], token("adelgado"))
                elif rol == "secundario":
                    _ingresar_portal(page, base, "mguerrero", DEMO_CLAVES["mguerrero"])
                elif rol in ("operador", "supervisor"):
                    username = "oprojas" if rol == "operador" else "suplopez"
                    _ingresar_portal(page, base, username, OPERADORES[username][4], token(username))
                elif rol == "banco":
                    # The login screen first, while nobody is logged in.
                    resultados.update({(rol, "login"): pantallas.recorrer(page, base, {"login": rutas[(rol, "login")]})["login"]})
                    _ingresar_banco(page, base, "banco", DEMO_CLAVES["banco"], token("banco"))
                propias = {n: rutas[(rol, n)] for r, n in pantallas.TODAS if r == rol and (r, n) not in resultados}
                for nombre, r in pantallas.recorrer(page, base, propias).items():
                    resultados[(rol, nombre)] = r
            finally:
                context.close()
        yield resultados
        call_command("flush", "--no-input", verbosity=0)


# The limits fixtures (service catalogue, products assigned to the secondary user, caps).
from tests.topes.conftest import asignaciones, productos, servicios, techos  # noqa: E402, F401
