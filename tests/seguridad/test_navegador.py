"""The Seguridad screens in Chromium, driven by visible labels: menu → activate a user with the
token code, a profile, an IP, the parameters and the audit consult."""

from __future__ import annotations

import pytest
from django.utils import timezone

from admin_usuarios.models import ReglaIP, Usuario
from tests.factories import codigo_fresco
from tests.navegador import captura
from tests.navegador import ingresar_admin as _ingresar

pytestmark = pytest.mark.django_db(transaction=True)


def _captura(page, nombre: str) -> None:
    captura(page, f"seguridad_{nombre}", telefono=True)




def _menu(page, etiqueta: str) -> None:
    page.get_by_role("button", name="Administración", exact=True).click()
    page.locator(".occi-megamenu").get_by_role("link", name=etiqueta, exact=True).click()


def test_admin_activates_pending_user_with_token_and_sees_it_audited(pagina, admin, secundario):
    Usuario.objects.filter(pk=secundario.pk).update(estado=Usuario.Estado.PENDIENTE, clave_generada=timezone.now())
    page = pagina
    _ingresar(page, admin)
    _menu(page, "Activación/Inactivación")
    page.get_by_role("heading", name="Activación/Inactivación").wait_for()
    _captura(page, "activacion_lista")
    page.get_by_role("link", name="Cambiar Estado").click()
    page.get_by_label("Activo").check()
    page.get_by_label("Clave Dinámica Token").fill(codigo_fresco(admin.device))
    _captura(page, "activacion_estado")
    page.get_by_role("button", name="Aceptar").click()
    page.get_by_text("El estado del usuario mguerrero ahora es Activo.").wait_for()
    secundario.refresh_from_db()
    assert secundario.estado == Usuario.Estado.ACTIVO

    _menu(page, "Perfiles")
    page.get_by_role("link", name="Crear Perfil").click()
    page.get_by_label("Nombre").fill("Tesorería")
    page.get_by_label("Supervisor").check()
    page.get_by_label("Consulta de Saldos").check()
    page.get_by_label("Número de aprobaciones").fill("2")
    _captura(page, "perfil_form")
    page.get_by_role("button", name="Guardar").click()
    page.get_by_text("El perfil Tesorería fue creado.").wait_for()
    _captura(page, "perfiles")

    _menu(page, "Administración de IP's")
    page.get_by_label("IP o red (CIDR)").fill("300.1.1.1")
    page.get_by_label("Clave Dinámica Token").fill(codigo_fresco(admin.device))
    page.get_by_role("button", name="Agregar").click()
    page.get_by_text("Ingrese una dirección IPv4 o IPv6").wait_for()
    assert page.get_by_label("IP o red (CIDR)").input_value() == "300.1.1.1"
    page.get_by_label("IP o red (CIDR)").fill("127.0.0.0/8")
    page.get_by_label("Descripción").fill("Oficina principal")
    page.get_by_label("Clave Dinámica Token").fill(codigo_fresco(admin.device))
    page.get_by_role("button", name="Agregar").click()
    page.get_by_text("Se agregó la IP o red 127.0.0.0/8.").wait_for()
    _captura(page, "ips")
    assert ReglaIP.objects.filter(red="127.0.0.0/8", usuario=None).exists()

    _menu(page, "Parámetros Generales y de Seguridad")
    page.get_by_label("Intentos fallidos antes de bloqueo").fill("9")
    page.get_by_label("Clave Dinámica Token").fill(codigo_fresco(admin.device))
    page.get_by_role("button", name="Guardar").click()
    page.get_by_text("No puede superar el máximo permitido por el banco").wait_for()
    _captura(page, "parametros_error")
    page.get_by_label("Intentos fallidos antes de bloqueo").fill("4")
    page.get_by_label("Clave Dinámica Token").fill(codigo_fresco(admin.device))
    page.get_by_role("button", name="Guardar").click()
    page.get_by_text("Los parámetros generales y de seguridad fueron guardados.").wait_for()

    _menu(page, "Consulta de Auditoría")
    page.get_by_label("Acción").select_option(label="Cambio de estado de usuario")
    page.get_by_role("button", name="Consultar").click()
    page.get_by_text("estado: PENDIENTE → ACTIVO").wait_for()
    _captura(page, "auditoria")
    with page.expect_download() as descarga:
        page.get_by_role("link", name="Exportar a Excel").click()
    assert descarga.value.suggested_filename.endswith(".xlsx")
