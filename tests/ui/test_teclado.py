"""Enter does each form's primary action; print keeps what the screen says (Chromium)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.factories import codigo_fresco
from tests.navegador import CAPTURAS, ingresar_admin
from topes.models import TopeUsuario

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_enter_in_the_password_field_logs_in_not_cancels(pagina, secundario):
    page = pagina
    page.goto(page.base_url + "/")
    page.get_by_label("Usuario:").fill(secundario.username)
    page.get_by_label("He leído las").check()
    page.get_by_role("button", name="Continuar").click()
    page.get_by_label("Clave:").fill(secundario.clave)
    page.get_by_label("Clave:").press("Enter")
    page.get_by_text("Bienvenido a la Banca Electrónica del Banco de Occidente").wait_for()
    assert page.url.endswith("/inicio/")


def _topes(page, secundario) -> None:
    page.goto(f"{page.base_url}/administracion/topes/usuario/{secundario.pk}/")
    page.get_by_text("Servicios Monetarios").wait_for()


@pytest.mark.parametrize("campo", ["Mensual CAHOAndres Pagos - A Terceros", "Clave Dinámica Token"],
                         ids=["celda", "token"])
def test_enter_in_a_cell_or_the_token_field_saves_the_cells_typed_not_the_replicate_values(
        pagina, admin, secundario, asignaciones, servicios, techos, campo):
    page = pagina
    ingresar_admin(page, admin)
    _topes(page, secundario)
    replica = page.get_by_role("group", name="Ingrese los valores a replicar en todos los servicios")
    replica.get_by_label("Transacción").fill("9.000.000")
    replica.get_by_label("Diario").fill("9.000.000")
    replica.get_by_label("Mensual").fill("9.000.000")
    page.get_by_label("Transacción CAHOAndres Pagos - A Terceros").fill("1.000.000")
    page.get_by_label("Diario CAHOAndres Pagos - A Terceros").fill("2.000.000")
    page.get_by_label("Mensual CAHOAndres Pagos - A Terceros").fill("3.000.000")
    page.get_by_label("Clave Dinámica Token").fill(codigo_fresco(admin.device))
    page.get_by_label(campo).press("Enter")
    page.get_by_text("Topes guardados").wait_for()
    tope = TopeUsuario.objects.get(asignacion__producto__nombre="CAHOAndres", servicio__codigo="pagos-terceros")
    assert (tope.transaccion, tope.diario, tope.mensual) == (Decimal(1_000_000), Decimal(2_000_000), Decimal(3_000_000))
    assert not TopeUsuario.objects.filter(mensual=Decimal(9_000_000)).exists()


def test_enter_in_a_replicate_field_replicates(pagina, admin, secundario, asignaciones, servicios, techos):
    page = pagina
    ingresar_admin(page, admin)
    _topes(page, secundario)
    replica = page.get_by_role("group", name="Ingrese los valores a replicar en todos los servicios")
    replica.get_by_label("Mensual").fill("7.000.000")
    replica.get_by_label("Mensual").press("Enter")
    assert page.get_by_label("Mensual CAHOFelipe Pagos de Nómina").input_value() == "7.000.000"
    assert not TopeUsuario.objects.exists()  # copied on screen, nothing saved


def test_printed_limits_show_the_service_names(pagina, admin, secundario, asignaciones, servicios, techos):
    page = pagina
    ingresar_admin(page, admin)
    _topes(page, secundario)
    page.get_by_role("button", name="Contraer Todos").click()  # collapsed on screen, whole on paper
    page.emulate_media(media="print")
    CAPTURAS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(CAPTURAS / "ui_topes_impresion.png"), full_page=True)
    for nombre in ("Pagos - A Terceros", "Pagos - Impuestos", "Pagos de Nómina", "Pagos a Proveedores"):
        assert page.get_by_text(nombre, exact=True).first.is_visible(), nombre
    assert page.get_by_label("Mensual CAHOFelipe Pagos de Nómina").is_visible()
    titulo = page.locator(".occi-panel-titulo").first
    assert titulo.evaluate("e => getComputedStyle(e).color") == "rgb(0, 0, 0)"
