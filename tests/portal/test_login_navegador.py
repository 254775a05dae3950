"""The login journey in Chromium, driven by the visible labels."""

from __future__ import annotations

import pytest

from tests.factories import codigo_fresco
from tests.navegador import captura

pytestmark = pytest.mark.django_db(transaction=True)


def test_admin_logs_in_with_token_and_password_then_logs_out(pagina, admin):
    page = pagina
    page.goto(page.base_url + "/")
    continuar = page.get_by_role("button", name="Continuar")
    assert continuar.is_disabled()  # until the conditions are accepted
    page.get_by_label("Usuario:").fill("adelgado")
    page.get_by_label("Clave Dinámica Token:").fill(codigo_fresco(admin.device))
    page.get_by_label("He leído las").check()
    assert continuar.is_enabled()
    captura(page, "login_paso1")
    continuar.click()
    page.get_by_text("Ingresar su Clave").wait_for()
    assert page.get_by_alt_text("Imagen de Seguridad").get_attribute("src").endswith("sol.svg")
    page.get_by_label("Clave:").fill(admin.clave)
    captura(page, "login_paso2")
    page.get_by_role("button", name="Continuar").click()
    page.get_by_text("Bienvenido a la Banca Electrónica del Banco de Occidente").wait_for()
    assert page.get_by_text("Comercializadora Andina S.A.S. - 900123456-8").is_visible()
    assert page.get_by_text("Fecha Actual").is_visible() and page.get_by_text("Hora Ingreso").is_visible()
    assert page.get_by_text("127.0.0.1").is_visible()  # the client IP in the header
    # Imprimir Pantalla opens the browser's print dialog (stubbed here to observe it).
    page.evaluate("window.print = () => { window.__impreso = true; }")
    page.get_by_role("button", name="Imprimir Pantalla").click()
    assert page.evaluate("window.__impreso === true")
    captura(page, "inicio")
    page.set_viewport_size({"width": 390, "height": 844})
    captura(page, "inicio_telefono")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Salida Segura").click()
    page.get_by_text("Su sesión ha finalizado de forma segura").wait_for()
    page.goto(page.base_url + "/inicio/")
    assert page.get_by_text("Por favor ingrese datos de su Usuario").is_visible()


def test_wrong_password_shows_the_generic_error(pagina, secundario):
    page = pagina
    page.goto(page.base_url + "/")
    page.get_by_label("Usuario:").fill("mguerrero")
    page.get_by_label("He leído las").check()
    page.get_by_role("button", name="Continuar").click()
    page.get_by_label("Clave:").fill("Equivocada1")
    page.get_by_role("button", name="Continuar").click()
    assert page.get_by_text("No fue posible ingresar").is_visible()


def test_language_switch_in_browser(pagina, db):
    page = pagina
    page.goto(page.base_url + "/")
    page.get_by_role("button", name="In English").click()
    page.get_by_text("Please enter your User details").wait_for()
    page.get_by_role("button", name="En Español").click()
    page.get_by_text("Por favor ingrese datos de su Usuario").wait_for()


def test_change_own_image_in_browser(pagina, admin):
    page = pagina
    page.goto(page.base_url + "/")
    page.get_by_label("Usuario:").fill("adelgado")
    page.get_by_label("Clave Dinámica Token:").fill(codigo_fresco(admin.device))
    page.get_by_label("He leído las").check()
    page.get_by_role("button", name="Continuar").click()
    page.get_by_label("Clave:").fill(admin.clave)
    page.get_by_role("button", name="Continuar").click()
    page.get_by_role("link", name="Imagen de Seguridad").click()
    page.get_by_text("Pez").click()
    captura(page, "imagen_seguridad")
    page.get_by_role("button", name="Guardar").click()
    page.get_by_text("Su imagen de seguridad fue guardada.").wait_for()
    admin.refresh_from_db()
    assert admin.imagen_seguridad == "pez"
