"""Saldos → Movimientos → Extracto in Chromium, as mguerrero, at desktop and phone width."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from cuentas import ledger
from tests.cuentas.conftest import M, consignar
from tests.navegador import CAPTURAS, ingresar

pytestmark = pytest.mark.django_db(transaction=True)


def _sin_scroll_horizontal(page) -> None:
    ancho = page.evaluate("document.documentElement.scrollWidth")
    assert ancho <= page.viewport_size["width"], f"page scrolls sideways: {ancho}px"


def _capturas(page, nombre: str) -> None:
    CAPTURAS.mkdir(parents=True, exist_ok=True)
    for ancho, sufijo in ((1366, ""), (390, "_telefono")):
        page.set_viewport_size({"width": ancho, "height": 900 if ancho > 400 else 844})
        _sin_scroll_horizontal(page)
        page.screenshot(path=str(CAPTURAS / f"{nombre}{sufijo}.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})


def test_saldos_movimientos_extracto_in_the_browser(pagina, con_opciones, asignados, cuentas, caja):
    page = pagina
    ahora = timezone.now()
    consignar(cuentas[0], Decimal("185000000"), "ini", descripcion="Saldo inicial", referencia="APERTURA-015829393",
              fecha=ahora - dt.timedelta(days=40))
    for i in range(30):
        cuando = ahora - dt.timedelta(days=25) + dt.timedelta(hours=18 * i)
        if i % 2:
            ledger.crear_transferencia(f"p{i}", debito=cuentas[0], credito=ledger.cuenta_banco("banco:nomina"),
                                       monto=Decimal(1_250_000 + i * 1000), fecha=cuando,
                                       descripcion="Pago de nómina", referencia=f"NOM-{i:03d}")
        else:
            consignar(cuentas[0], Decimal(2_400_000 + i * 1000) + Decimal("0.50"), f"c{i}", fecha=cuando,
                      descripcion="Recaudo de cliente", referencia=f"FAC-{i:03d}")
    ledger.crear_transferencia("hold", debito=cuentas[0], credito=caja, monto=Decimal(3_000_000), pendiente=True)
    ledger.cuenta_de_producto(asignados[1], cupo=50 * M)
    ledger.crear_transferencia("compra", debito=cuentas[2], credito=caja, monto=Decimal("12345678.90"))

    ingresar(page, con_opciones.username, con_opciones.clave)
    page.get_by_text("Sus saldos").wait_for()  # the home page shows the balances at a glance
    page.get_by_role("button", name="Consultas").click()
    page.get_by_role("link", name="Saldos", exact=True).click()
    page.get_by_role("heading", name="Consulta de Saldos").wait_for()
    assert page.get_by_text("$3.000.000,00").first.is_visible()  # saldo retenido
    assert page.get_by_text("$37.654.321,10").is_visible()  # card: disponible
    _capturas(page, "cuentas_saldos")

    page.get_by_role("link", name="Cuenta Ahorros CAHOAndres - 015829393").click()
    page.get_by_role("heading", name="Consulta de Movimientos").wait_for()
    desde = (timezone.localdate() - dt.timedelta(days=45)).isoformat()
    page.get_by_label("Fecha inicial").fill(desde)
    page.get_by_role("button", name="Consultar").click()
    page.get_by_text("de un total de 31").wait_for()
    page.get_by_label("Ver").select_option("25")  # the select submits itself
    page.get_by_text("Mostrando registros 1 al 25 de un total de 31").wait_for()
    _capturas(page, "cuentas_movimientos")
    page.get_by_role("link", name="Último").click()
    page.get_by_text("APERTURA-015829393").wait_for()

    page.get_by_label("Referencia o monto").fill("NOM-013")
    page.get_by_role("button", name="Consultar").click()
    page.get_by_text("de un total de 1").wait_for()
    page.get_by_label("Referencia o monto").fill("")
    page.get_by_role("button", name="Consultar").click()

    with page.expect_download() as descarga:
        page.get_by_role("link", name="Exportar a Excel").click()
    assert descarga.value.suggested_filename.startswith("extracto_015829393_")
    with page.expect_download() as descarga:
        page.get_by_role("link", name="Exportar a PDF").click()
    ruta = CAPTURAS / "cuentas_extracto.pdf"
    descarga.value.save_as(ruta)
    assert ruta.read_bytes().startswith(b"%PDF")
    # The statement, rendered as an image to be looked at.
    page.goto(f"{page.base_url}/consultas/extractos/")
    page.get_by_role("heading", name="Extractos").wait_for()
    _capturas(page, "cuentas_extractos")
