"""The whole virtual-token journey in Chromium, driven by the visible labels.

The test plays the secondary user's authenticator app: it reads the secret the
enrolment page showed and computes the codes from it with pyotp.
"""

from __future__ import annotations

import time

import pyotp
import pytest
from playwright.sync_api import expect

from tests.factories import codigo_fresco
from tests.navegador import captura
from tests.navegador import ingresar as _ingresar
from tokens.models import TokenVirtual

pytestmark = pytest.mark.django_db(transaction=True)


def _captura(page, nombre: str) -> None:
    captura(page, nombre, telefono=True)




def _salir(page) -> None:
    page.get_by_role("button", name="Salida Segura").click()
    page.get_by_text("Su sesión ha finalizado de forma segura").wait_for()


def _menu(page, seccion: str, opcion: str) -> None:
    menu = page.get_by_role("navigation", name="Menú principal")
    menu.get_by_role("button", name=seccion, exact=True).click()
    menu.get_by_role("link", name=opcion, exact=True).click()


def _confirmar(page, admin) -> None:
    page.get_by_label("Clave Dinámica Token").fill(codigo_fresco(admin.device))
    page.get_by_role("button", name="Confirmar").click()


def _estado_de(page, serial: str):
    return page.get_by_role("row").filter(has_text=serial).get_by_role("cell").nth(3)


def test_whole_virtual_token_journey(pagina, admin, secundario, inventario):
    page = pagina
    # The administrator assigns a token to mguerrero.
    _ingresar(page, "adelgado", admin.clave, codigo_fresco(admin.device))
    _menu(page, "Administración", "Token Virtual")
    page.get_by_text("Cantidad Tokens Virtuales Empresa: 6").wait_for()
    expect(page.get_by_text("Cantidad Tokens Virtuales Disponibles: 5")).to_be_visible()
    expect(page.get_by_text("Mostrando registros 1 al 1 de un total de 1")).to_be_visible()
    page.get_by_role("link", name="Asignar Token Virtual").click()
    page.get_by_label("mguerrero").check()
    _captura(page, "tokens_asignar")
    page.get_by_role("button", name="Continuar").click()
    _captura(page, "tokens_asignar_confirmar")
    _confirmar(page, admin)
    page.get_by_text("La asignación fue exitosa").wait_for()
    expect(_estado_de(page, "FEF4900031")).to_have_text("Asignado")
    expect(page.get_by_text("Cantidad Tokens Virtuales Disponibles: 4")).to_be_visible()
    expect(page.get_by_text("Mostrando registros 1 al 2 de un total de 2")).to_be_visible()
    _salir(page)

    # The user logs in with the password only, enrols, and proves one code.
    _ingresar(page, "mguerrero", secundario.clave)
    _menu(page, "Servicio al Cliente", "Enrolar Token Virtual")
    expect(page.get_by_text("RFC 6238")).to_be_visible()
    page.get_by_role("button", name="Mostrar código QR").click()
    assert page.get_by_role("img", name="Código QR para su aplicación autenticadora").is_visible()
    secreto = page.locator("#secreto").inner_text().replace(" ", "")
    _captura(page, "tokens_enrolar")
    app = pyotp.TOTP(secreto)
    paso_enrolamiento = int(time.time() // 30)
    codigo_enrolamiento = app.at(paso_enrolamiento * 30)
    page.get_by_label("Código de su aplicación").fill(codigo_enrolamiento)
    page.get_by_role("button", name="Confirmar").click()
    page.get_by_text("Pendiente Activación", exact=False).first.wait_for()
    _salir(page)

    # The administrator sees Pendiente Activación and activates it.
    _ingresar(page, "adelgado", admin.clave, codigo_fresco(admin.device))
    page.goto(page.base_url + "/administracion/tokens/")
    expect(_estado_de(page, "FEF4900031")).to_have_text("Pendiente Activación")
    page.get_by_label("Seleccionar FEF4900031").check()
    page.get_by_role("button", name="Activar", exact=True).click()
    _captura(page, "tokens_activar_confirmar")
    _confirmar(page, admin)
    page.get_by_text("operación exitosa").wait_for()
    expect(_estado_de(page, "FEF4900031")).to_have_text("Activo")
    _captura(page, "tokens_lista")
    _salir(page)

    # From now on the user's login requires the token; the enrolment code is spent.
    _ingresar(page, "mguerrero", secundario.clave, codigo_enrolamiento)
    page.get_by_text("No fue posible ingresar").wait_for()
    time.sleep(1.1)  # django-otp throttles the next try after a failure
    siguiente = max(paso_enrolamiento + 1, int(time.time() // 30))  # a step not yet used
    _ingresar(page, "mguerrero", secundario.clave, app.at(siguiente * 30))
    page.get_by_text("Bienvenido a la Banca Electrónica del Banco de Occidente").wait_for()
    _salir(page)

    # Inactivar: refused at once; reactivate; then Liberar returns the serial to the pool.
    _ingresar(page, "adelgado", admin.clave, codigo_fresco(admin.device))
    page.goto(page.base_url + "/administracion/tokens/")
    for boton, esperado in (("Inactivar", "Inactivo"), ("Activar", "Activo")):
        page.get_by_label("Seleccionar FEF4900031").check()
        page.get_by_role("button", name=boton, exact=True).click()
        _confirmar(page, admin)
        page.get_by_text("operación exitosa").wait_for()
        expect(_estado_de(page, "FEF4900031")).to_have_text(esperado)
    page.get_by_label("Seleccionar FEF4900031").check()
    page.get_by_role("button", name="Liberar", exact=True).click()
    _confirmar(page, admin)
    page.get_by_text("operación exitosa").wait_for()
    expect(page.get_by_text("Cantidad Tokens Virtuales Disponibles: 5")).to_be_visible()
    assert page.get_by_role("row").filter(has_text="FEF4900031").count() == 0
    token = TokenVirtual.objects.get(serial="FEF4900031")
    assert token.estado == "DISPONIBLE" and token.dispositivo is None
