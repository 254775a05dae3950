"""¿Olvidó su clave? end to end in Chromium: the form, the link read from the sent email, the new
password, the login with it; screenshots at 1366 and 390 px and axe-core on every page."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from comun.models import CorreoSaliente
from tests.factories import codigo_fresco, crear_secundario, dar_token
from tests.navegador import captura
from tests.ui.pantallas import ancho_documento, correr_axe

pytestmark = pytest.mark.django_db(transaction=True)
NUEVA = "Renova2025"


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


def test_forgot_password_from_the_login_to_the_new_password(pagina, empresa):
    usuario = crear_secundario(empresa, "mguerrero", numero_identificacion="52123456")
    dar_token(usuario)
    page = pagina
    page.goto(page.base_url + "/")
    page.get_by_label("Usuario:").fill("mguerrero")
    page.get_by_label("He leído las").check()
    page.get_by_role("button", name="Continuar").click()
    page.get_by_role("link", name="¿Olvidó su clave?").click()
    page.get_by_text("Si usted no tiene token asignado, solicite a su administrador el cambio de clave").wait_for()
    _revisar(page, "olvido_clave")

    page.get_by_label("Usuario:").fill("mguerrero")
    page.get_by_label("Clave Dinámica Token:").fill(codigo_fresco(usuario.device))
    page.get_by_label("No. Identificación:").fill("52.123.456")
    page.get_by_label("No. Identificación:").press("Enter")  # Enter sends the form
    page.get_by_text("Si los datos son correctos, recibirá un correo").wait_for()
    assert page.get_by_label("Usuario:").input_value() == ""  # nothing echoed back
    _revisar(page, "olvido_clave_enviado")

    correo = CorreoSaliente.objects.get(plantilla="olvido_clave")
    assert correo.estado == CorreoSaliente.Estado.ENVIADO and correo.para == usuario.email
    enviado = next(m for m in mail.outbox if m.to == [usuario.email])
    enlace = re.search(r"https?://\S+/ayudas/olvido-clave/\S+/", enviado.body).group(0)
    page.goto(enlace)
    page.get_by_text("Asignar una nueva clave").first.wait_for()
    assert "/nueva/" in page.url and enlace.rstrip("/").rsplit("/", 1)[1] not in page.url
    _revisar(page, "olvido_clave_nueva")

    page.get_by_label("Clave nueva").fill("Prueba2024")  # the current one: the history refuses it
    page.get_by_label("Confirmación").fill("Prueba2024")
    page.get_by_role("button", name="Guardar").click()
    page.get_by_text("La clave no puede ser igual a ninguna de sus últimas 5 claves").wait_for()
    page.get_by_label("Clave nueva").fill(NUEVA)
    page.get_by_label("Confirmación").fill(NUEVA)
    page.get_by_role("button", name="Guardar").click()
    page.get_by_text("Su clave fue modificada exitosamente").wait_for()
    _revisar(page, "olvido_clave_listo")

    page.goto(enlace)  # a second use
    page.get_by_text("El enlace no es válido o ya fue usado").wait_for()
    _revisar(page, "olvido_clave_invalido")

    page.get_by_role("link", name="Solicitar un enlace nuevo").click()
    page.goto(page.base_url + "/")
    page.get_by_label("Usuario:").fill("mguerrero")
    page.get_by_label("Clave Dinámica Token:").fill(codigo_fresco(usuario.device))
    page.get_by_label("He leído las").check()
    page.get_by_role("button", name="Continuar").click()
    page.get_by_label("Clave:").fill(NUEVA)
    page.get_by_role("button", name="Continuar").click()
    page.get_by_text("Bienvenido a la Banca Electrónica del Banco de Occidente").wait_for()
