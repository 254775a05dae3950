"""Servicio al Cliente in Chromium: a checkbook request confirmed with the token, by keyboard,
and the certificate form; screenshots at 1366 and 390 px and axe-core on each screen."""

from __future__ import annotations

import pytest

from servicio.models import SolicitudChequera
from tests.factories import codigo_fresco
from tests.navegador import ingresar
from tests.ui.pantallas import revisar_pantalla

pytestmark = pytest.mark.django_db(transaction=True)


def test_checkbook_request_and_certificate(pagina_axe, tesorero):
    page = pagina_axe
    ingresar(page, tesorero.username, tesorero.clave, codigo_fresco(tesorero.device))
    page.get_by_text("Bienvenido a la Banca Electrónica del Banco de Occidente").wait_for()
    page.goto(page.base_url + "/servicio/chequeras/")
    page.get_by_label("Cuenta Corriente").select_option(label="CCTEAndina - 098765432")
    page.get_by_label("Número de chequeras").select_option("3")
    page.get_by_label("Oficina de entrega").select_option(label="Bogotá - El Chicó")
    revisar_pantalla(page, "chequeras")
    page.get_by_label("Clave Dinámica Token").fill(codigo_fresco(tesorero.device))
    page.get_by_label("Clave Dinámica Token").press("Enter")
    page.get_by_text("chequera(s) para recoger en Bogotá - El Chicó").wait_for()
    s = SolicitudChequera.objects.get()
    assert s.chequeras == 3 and s.oficina == "BOG"
    revisar_pantalla(page, "chequera")

    page.goto(page.base_url + "/servicio/certificados/")
    page.get_by_label("Producto").select_option(label="Cuenta Ahorros CAHOAndres - 015829393")
    page.get_by_label("Incluir el saldo actual").check()
    revisar_pantalla(page, "certificados")
    with page.expect_download() as descarga:
        page.get_by_role("button", name="Generar certificado (PDF)").click()
    assert descarga.value.suggested_filename.startswith("certificado_015829393_")
