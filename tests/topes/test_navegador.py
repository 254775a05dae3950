"""The Asignar Topes tab in Chromium, driven by the visible labels."""

from __future__ import annotations

import pytest

from tests.factories import codigo_fresco
from tests.navegador import captura
from tests.navegador import ingresar_admin as _ingresar
from topes.models import TopeUsuario

pytestmark = pytest.mark.django_db(transaction=True)


def _captura(page, nombre: str) -> None:
    captura(page, nombre)




def test_assign_limits_tab_replicate_fix_and_save(pagina, admin, secundario, asignaciones, servicios, techos):
    page = pagina
    _ingresar(page, admin)
    page.goto(f"{page.base_url}/administracion/topes/usuario/{secundario.pk}/")
    page.get_by_text("Servicios Monetarios").wait_for()
    assert page.get_by_role("link", name="Asignar Topes").get_attribute("aria-current") == "page"

    # Replicate to every service (JavaScript fills the cells without a round trip).
    replica = page.get_by_role("group", name="Ingrese los valores a replicar en todos los servicios")
    replica.get_by_label("Transacción").fill("1.000.000")
    replica.get_by_label("Diario").fill("2.000.000")
    replica.get_by_label("Mensual").fill("3.000.000,50")
    page.get_by_role("button", name="Asignar").click()
    nomina_felipe = page.get_by_label("Mensual CAHOFelipe Pagos de Nómina")
    assert nomina_felipe.input_value() == "3.000.000,50"
    assert page.get_by_label("Transacción CAHOAndres Pagos - A Terceros").input_value() == "1.000.000"

    # Contraer Todos hides the tables; Expandir Todos shows them again.
    page.get_by_role("button", name="Contraer Todos").click()
    nomina_felipe.wait_for(state="hidden")
    page.get_by_role("button", name="Expandir Todos").click()
    nomina_felipe.wait_for(state="visible")

    # A wrong cell is marked with its reason and nothing typed is lost.
    celda = page.get_by_label("Diario CAHOAndres Pagos - Impuestos")
    celda.fill("500.000.000")
    page.get_by_label("Mensual CAHOAndres Pagos - Impuestos").fill("doce")
    page.get_by_role("button", name="Guardar").click()
    page.get_by_text("Supera el monto de la empresa: $100.000.000,00.").wait_for()
    assert page.get_by_text("Ingrese solo números").first.is_visible()
    assert page.get_by_label("Diario CAHOAndres Pagos - Impuestos").input_value() == "500.000.000"
    assert page.get_by_label("Mensual CAHOFelipe Pagos de Nómina").input_value() == "3.000.000,50"
    _captura(page, "topes_asignar_errores")
    assert not TopeUsuario.objects.exists()

    # Fix, confirm with the token code, save.
    page.get_by_label("Diario CAHOAndres Pagos - Impuestos").fill("2.000.000")
    page.get_by_label("Mensual CAHOAndres Pagos - Impuestos").fill("3.000.000")
    page.get_by_label("Clave Dinámica Token").fill(codigo_fresco(admin.device))
    page.get_by_role("button", name="Guardar").click()
    page.get_by_text("Topes guardados").wait_for()
    assert TopeUsuario.objects.filter(asignacion__usuario=secundario).count() == len(asignaciones) * len(servicios)
    assert page.get_by_label("Mensual CAHOFelipe Pagos de Nómina").input_value() == "$3.000.000,50"
    _captura(page, "topes_asignar")
    page.set_viewport_size({"width": 390, "height": 844})
    _captura(page, "topes_asignar_telefono")


def test_company_amounts_and_queries_render(pagina, admin, secundario, asignaciones, servicios, techos):
    from tests.topes.conftest import M, poner_tope

    poner_tope(asignaciones[0], servicios["pagos-terceros"], 1 * M, 2 * M, 3 * M)
    page = pagina
    _ingresar(page, admin)
    page.get_by_role("button", name="Administración").click()
    page.get_by_role("navigation", name="Menú principal").get_by_role("link", name="Configuración de Montos por Servicio").click()
    page.get_by_role("heading", name="Configuración de Montos por Servicio").wait_for()
    assert page.get_by_label("Transacción Pagos - A Terceros").input_value() == "$20.000.000,00"
    page.get_by_label("Transacción Pagos - A Terceros").fill("500.000")
    page.get_by_role("button", name="Guardar").click()
    page.get_by_text("los siguientes usuarios tienen topes superiores").wait_for()
    assert page.get_by_label("Transacción Pagos - A Terceros").input_value() == "500.000"
    _captura(page, "topes_montos_empresa")
    page.set_viewport_size({"width": 390, "height": 844})
    _captura(page, "topes_montos_empresa_telefono")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{page.base_url}/administracion/topes/consulta/usuario/{secundario.pk}/")
    page.get_by_role("link", name="Exportar a Excel").wait_for()
    _captura(page, "topes_consulta_usuario")
    page.goto(f"{page.base_url}/administracion/topes/acumulados/")
    page.get_by_role("columnheader", name="Disponible").wait_for()
    _captura(page, "topes_acumulados")
