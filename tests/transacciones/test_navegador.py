"""Capture → approve → execute in Chromium: an Operador captures an internal transfer with
the token, one Supervisor approves it from its detail, the other from the list (one code
for the selection); it executes. Screenshots at 1366 and 390 px."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cuentas.models import Cuenta, Transferencia
from tests.factories import codigo_fresco
from tests.navegador import CAPTURAS, ingresar
from transacciones.models import Operacion

pytestmark = pytest.mark.django_db(transaction=True)


def _capturas(page, nombre: str) -> None:
    CAPTURAS.mkdir(parents=True, exist_ok=True)
    for ancho, sufijo in ((1366, ""), (390, "_telefono")):
        page.set_viewport_size({"width": ancho, "height": 900 if ancho > 400 else 844})
        ancho_pagina = page.evaluate("document.documentElement.scrollWidth")
        assert ancho_pagina <= ancho, f"{nombre}: the page scrolls sideways at {ancho}px ({ancho_pagina}px)"
        page.screenshot(path=str(CAPTURAS / f"{nombre}{sufijo}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def _cabe(page, tabla: str) -> None:
    """Every column in view at 1366 px: the table does not scroll sideways inside its box."""
    ancho, caja = page.evaluate("""(sel) => { const t = document.querySelector(sel);
        return [t.scrollWidth, t.parentElement.clientWidth]; }""", tabla)
    assert ancho <= caja, f"{tabla} scrolls sideways at 1366 px ({ancho} > {caja})"


def _entrar(page, usuario) -> None:
    ingresar(page, usuario.username, usuario.clave, codigo_fresco(usuario.device))
    page.get_by_text("Bienvenido a la Banca Electrónica del Banco de Occidente").wait_for()


def _salir(page) -> None:
    page.get_by_role("button", name="Salida Segura").click()


def test_capture_approve_execute_in_the_browser(pagina, operador, sup1, sup2, origen, corriente, fondos):
    page = pagina
    _entrar(page, operador)
    page.get_by_role("button", name="Transacciones").click()
    page.get_by_role("link", name="Internas").click()
    page.get_by_role("heading", name="Transferencias - Internas").wait_for()
    page.get_by_label("Producto origen").select_option(label="Cuenta Ahorros CAHOAndres - 015829393")
    page.get_by_label("Producto destino").select_option(label="Cuenta Corriente CCTEAndina - 098765432")
    page.get_by_label("Monto").fill("1.500.000")
    page.get_by_label("Referencia").fill("FAC-1020")
    page.get_by_label("Clave Dinámica Token").fill(codigo_fresco(operador.device))
    _capturas(page, "transacciones_captura")
    page.get_by_role("button", name="Confirmar").click()
    page.get_by_text("queda Por Aprobar (2 aprobación(es))").wait_for()
    assert page.locator("#estado-operacion").inner_text() == "Por Aprobar"
    _capturas(page, "transacciones_capturada")
    op = Operacion.objects.get()
    _salir(page)

    # The first supervisor: the home page says what awaits them; approve from the detail.
    _entrar(page, sup1)
    page.get_by_role("link", name="Usted tiene 1 Autorización(es)").click()
    page.get_by_role("heading", name="Aprobación de Operaciones").wait_for()
    _capturas(page, "transacciones_aprobaciones")
    _cabe(page, "table.trans-aprobaciones")
    page.get_by_role("link", name=op.numero).click()
    page.locator("#id_codigo_token").fill(codigo_fresco(sup1.device))  # the approval form's
    _capturas(page, "transacciones_detalle")
    page.get_by_role("button", name="Aprobar", exact=True).click()
    page.get_by_text(f"Operación {op.numero} aprobada: Por Aprobar").wait_for()
    _salir(page)

    # The second one selects it in the list and approves the selection with one code: it executes.
    _entrar(page, sup2)
    page.get_by_role("link", name="Usted tiene 1 Autorización(es)").click()
    page.get_by_label(f"Seleccionar la operación {op.numero}").check()
    page.get_by_label("Clave Dinámica Token").fill(codigo_fresco(sup2.device))
    page.get_by_role("button", name="Aprobar seleccionadas").click()
    page.get_by_text(f"1 operación(es) aprobada(s): {op.numero} (Ejecutada)").wait_for()
    page.get_by_text("No tiene operaciones pendientes de aprobación.").wait_for()
    _salir(page)

    assert Transferencia.objects.filter(pk=f"operacion:{op.pk}").count() == 1
    assert Cuenta.objects.get(producto=corriente).saldo == Decimal(1_500_000)

    # The captor sees it Ejecutada in the Histórico and downloads the comprobante.
    _entrar(page, operador)
    page.get_by_role("button", name="Consultas").click()
    page.get_by_role("link", name="Histórico de Transacciones").click()
    page.get_by_role("heading", name="Histórico de Transacciones").wait_for()
    _capturas(page, "transacciones_historico")
    _cabe(page, "table.trans-historico")
    page.get_by_role("link", name=op.numero).click()
    assert page.locator("#estado-operacion").inner_text() == "Ejecutada"
    _capturas(page, "transacciones_ejecutada")
    with page.expect_download() as descarga:
        page.get_by_role("link", name="Descargar comprobante (PDF)").click()
    assert descarga.value.suggested_filename == f"comprobante_{op.numero}.pdf"
