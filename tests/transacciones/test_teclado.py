"""Capture and approve by keyboard alone (Chromium): Tab moves through each form in reading
order and Enter in the token field does the form's primary action, never a secondary one
(Rechazar, Cancelar operación)."""

from __future__ import annotations

import pytest

from tests.factories import codigo_fresco
from tests.navegador import ingresar
from transacciones.models import Operacion

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def _entrar(page, usuario) -> None:
    ingresar(page, usuario.username, usuario.clave, codigo_fresco(usuario.device))
    page.get_by_text("Bienvenido a la Banca Electrónica del Banco de Occidente").wait_for()


def _foco(page) -> str:
    """The id of the focused element."""
    return page.evaluate("document.activeElement.id")


def test_capture_then_approve_from_the_detail_and_the_list_by_keyboard(pagina, operador, sup1, sup2, origen,
                                                                         corriente, fondos):
    page = pagina
    _entrar(page, operador)
    page.goto(page.base_url + "/transacciones/transferencias/internas/")
    page.get_by_label("Producto origen").focus()
    # Reading order: origin, destination, amount, date, reference, then the token code.
    orden = [_foco(page)]
    for _ in range(5):
        page.keyboard.press("Tab")
        orden.append(_foco(page))
    assert orden == ["id_origen", "id_destino", "id_monto", "id_fecha", "id_referencia", "id_codigo_token"]
    page.get_by_label("Producto origen").select_option(label="Cuenta Ahorros CAHOAndres - 015829393")
    page.get_by_label("Producto destino").select_option(label="Cuenta Corriente CCTEAndina - 098765432")
    page.get_by_label("Monto").fill("1.500.000")
    page.get_by_label("Clave Dinámica Token").fill(codigo_fresco(operador.device))
    page.get_by_label("Clave Dinámica Token").press("Enter")
    page.get_by_text("queda Por Aprobar (2 aprobación(es))").wait_for()
    op = Operacion.objects.get()
    page.get_by_role("button", name="Salida Segura").click()

    # The detail has the approval (token) and the rejection (reason) forms: Enter in the
    # approval's token field approves.
    _entrar(page, sup1)
    page.goto(f"{page.base_url}/transacciones/operaciones/{op.pk}/")
    page.locator("#id_codigo_token").fill(codigo_fresco(sup1.device))
    page.locator("#id_codigo_token").press("Enter")
    page.get_by_text(f"Operación {op.numero} aprobada: Por Aprobar").wait_for()
    op.refresh_from_db()
    assert (op.estado, op.aprobaciones_recibidas) == (Operacion.Estado.POR_APROBAR, 1)
    page.get_by_role("button", name="Salida Segura").click()

    # The list: Space selects the operation, Enter in the token field approves the selection.
    _entrar(page, sup2)
    page.goto(page.base_url + "/transacciones/aprobaciones/")
    page.get_by_label(f"Seleccionar la operación {op.numero}").focus()
    page.keyboard.press("Space")
    page.get_by_label("Clave Dinámica Token").fill(codigo_fresco(sup2.device))
    page.get_by_label("Clave Dinámica Token").press("Enter")
    page.get_by_text(f"1 operación(es) aprobada(s): {op.numero} (Ejecutada)").wait_for()
    op.refresh_from_db()
    assert op.estado == Operacion.Estado.EJECUTADA
