"""¿Olvidó su clave? end to end in Chromium: the form, the link read from the sent email, the new
password, the login with it; screenshots at 1366 and 390 px and axe-core on every page."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from comun.models import CorreoSaliente
from tests.factories import codigo_fresco, crear_secundario, dar_token
from tests.ui.pantallas import revisar_pantalla

pytestmark = pytest.mark.django_db(transaction=True)
NUEVA = "Renova2025"


def test_forgot_password_from_the_login_to_the_new_password(pagina_axe, empresa):
    usuario = crear_secundario(empresa, "mguerrero", numero_identificacion="52123456")
    dar_token(usuario)
    page = pagina_axe
    page.goto(page.base_url + "/")
    page.get_by_label("Usuario:").fill("mguerrero")
    page.get_by_label("He leído las").check()
    page.get_by_role("button", name="Continuar").click()
    page.get_by_role("link", name="¿Olvidó su clave?").click()
    page.get_by_text("Si usted no tiene token asignado, solicite a su administrador el cambio de clave").wait_for()
    revisar_pantalla(page, "olvido_clave")

    page.get_by_label("Usuario:").fill("mguerrero")
    page.get_by_label("Clave Dinámica Token:").fill(codigo_fresco(usuario.device))
    page.get_by_label("No. Identificación:").fill("52.123.456")
    page.get_by_label("No. Identificación:").press("Enter")  # Enter sends the form
    page.get_by_text("Si los datos son correctos, recibirá un correo").wait_for()
    assert page.get_by_label("Usuario:").input_value() == ""  # nothing echoed back
    revisar_pantalla(page, "olvido_clave_enviado")

    correo = CorreoSaliente.objects.get(plantilla="olvido_clave")
    assert correo.estado == CorreoSaliente.Estado.ENVIADO and correo.para == usuario.email
    enviado = next(m for m in mail.outbox if m.to == [usuario.email])
    enlace = re.search(r"https?://\S+/ayudas/olvido-clave/\S+/", enviado.body).group(0)
    page.goto(enlace)
    page.get_by_text("Asignar una nueva clave").first.wait_for()
    assert "/nueva/" in page.url and enlace.rstrip("/").rsplit("/", 1)[1] not in page.url
    revisar_pantalla(page, "olvido_clave_nueva")

    page.get_by_label("Clave nueva").fill("Prueba2024")  # the current one: the history refuses it
    page.get_by_label("Confirmación").fill("Prueba2024")
    page.get_by_role("button", name="Guardar").click()
    page.get_by_text("La clave no puede ser igual a ninguna de sus últimas 5 claves").wait_for()
    page.get_by_label("Clave nueva").fill(NUEVA)
    page.get_by_label("Confirmación").fill(NUEVA)
    page.get_by_role("button", name="Guardar").click()
    page.get_by_text("Su clave fue modificada exitosamente").wait_for()
    revisar_pantalla(page, "olvido_clave_listo")

    page.goto(enlace)  # a second use
    page.get_by_text("El enlace no es válido o ya fue usado").wait_for()
    revisar_pantalla(page, "olvido_clave_invalido")

    page.get_by_role("link", name="Solicitar un enlace nuevo").click()
    page.goto(page.base_url + "/")
    page.get_by_label("Usuario:").fill("mguerrero")
    page.get_by_label("Clave Dinámica Token:").fill(codigo_fresco(usuario.device))
    page.get_by_label("He leído las").check()
    page.get_by_role("button", name="Continuar").click()
    page.get_by_label("Clave:").fill(NUEVA)
    page.get_by_role("button", name="Continuar").click()
    page.get_by_text("Bienvenido a la Banca Electrónica del Banco de Occidente").wait_for()
