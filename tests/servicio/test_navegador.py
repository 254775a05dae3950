"""Servicio al Cliente in Chromium: a checkbook request confirmed with the token, by keyboard,
and the certificate form; screenshots at 1366 and 390 px and axe-core on each screen."""

from __future__ import annotations

import pytest

from servicio.models import SolicitudChequera
from tests.factories import codigo_fresco
from tests.navegador import captura, ingresar
from tests.ui.pantallas import ancho_documento, correr_axe

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def pagina(navegador, live_server):
    """Like the suite's `pagina`, in a context where axe-core may be injected past the CSP."""
    context = navegador.new_context(locale="es-CO", viewport={"width": 1366, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base_url = live_server.url  # type: ignore[attr-defined]
    yield page
    context.close()


def _revisar(page, nombre: str) -> None:
    page.set_viewport_size({"width": 1366, "height": 900})
    assert correr_axe(page) == [], nombre
    captura(page, nombre, telefono=True)
    page.set_viewport_size({"width": 390, "height": 844})
    assert ancho_documento(page) <= 390, nombre
    page.set_viewport_size({"width": 1366, "height": 900})


def test_checkbook_request_and_certificate(pagina, tesorero):
    page = pagina
    ingresar(page, tesorero.username, tesorero.clave, codigo_fresco(tesorero.device))
    page.get_by_text("Bienvenido a la Banca Electrónica del Banco de Occidente").wait_for()
    page.goto(page.base_url + "/servicio/chequeras/")
    page.get_by_label("Cuenta Corriente").select_option(label="CCTEAndina - 098765432")
    page.get_by_label("Número de chequeras").select_option("3")
    page.get_by_label("Oficina de entrega").select_option(label="Bogotá - El Chicó")
    _revisar(page, "chequeras")
    page.get_by_label("Clave Dinámica Token").fill(codigo_fresco(tesorero.device))
    page.get_by_label("Clave Dinámica Token").press("Enter")
    page.get_by_text("chequera(s) para recoger en Bogotá - El Chicó").wait_for()
    s = SolicitudChequera.objects.get()
    assert s.chequeras == 3 and s.oficina == "BOG"
    _revisar(page, "chequera")

    page.goto(page.base_url + "/servicio/certificados/")
    page.get_by_label("Producto").select_option(label="Cuenta Ahorros CAHOAndres - 015829393")
    page.get_by_label("Incluir el saldo actual").check()
    _revisar(page, "certificados")
    with page.expect_download() as descarga:
        page.get_by_role("button", name="Generar certificado (PDF)").click()
    assert descarga.value.suggested_filename.startswith("certificado_015829393_")
