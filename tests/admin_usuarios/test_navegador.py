"""The whole journey of Configuración de Usuarios in Chromium, driven by visible labels."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from admin_usuarios.models import ProductoAsignado, Usuario
from tests.admin_usuarios.conftest import muchos_usuarios
from tests.factories import codigo_fresco
from tests.navegador import captura
from tests.navegador import ingresar as _ingresar

pytestmark = pytest.mark.django_db(transaction=True)


def _captura(page, nombre: str) -> None:
    captura(page, f"usuarios_{nombre}")




def test_admin_creates_configures_and_new_user_logs_in(pagina, admin, empresa, perfil, productos):
    page = pagina
    muchos_usuarios(empresa, 23, perfil)
    _ingresar(page, admin.username, admin.clave, codigo_fresco(admin.device))
    page.get_by_text("Bienvenido a la Banca Electrónica del Banco de Occidente").wait_for()

    # Administración → Usuarios → Configuración de Usuarios.
    menu = page.get_by_role("navigation", name="Menú principal")
    menu.get_by_role("button", name="Administración", exact=True).click()
    menu.get_by_role("link", name="Configuración de Usuarios").click()
    page.get_by_text("Resultado de consulta").wait_for()
    assert "Mostrando registros 1 al 10 de un total de 23" in page.content()
    page.get_by_role("link", name="2", exact=True).click()
    page.get_by_text("Mostrando registros 11 al 20 de un total de 23").wait_for()
    page.get_by_role("link", name="Último").click()
    page.get_by_text("Mostrando registros 21 al 23 de un total de 23").wait_for()
    page.get_by_label("Usuario", exact=True).fill("u0001")
    page.get_by_role("button", name="Consultar").click()
    page.get_by_text("Mostrando registros 1 al 10 de un total de 10").wait_for()
    _captura(page, "consultar")

    # Crear Nuevo: a wrong mobile gets a message next to it and nothing typed is lost.
    page.get_by_role("link", name="Crear Nuevo").click()
    page.get_by_label("Usuario").fill("Felipe20")
    page.get_by_label("Nombres").fill("David Felipe")
    page.get_by_label("Primer Apellido").fill("Prieto")
    page.get_by_label("Perfil").select_option(label="Pruebas_PRD")
    page.get_by_label("Tipo Identificación").select_option("CC")
    page.get_by_label("No. Identificación").fill("79123456")
    page.get_by_label("Correo Electrónico").fill("dprieto@empresa.example")
    page.get_by_label("Celular").fill("2104567890")
    page.get_by_label("Departamento").select_option(label="Valle del Cauca")
    page.get_by_label("Ciudad").select_option("Cali")
    page.get_by_role("button", name="Crear Usuario").click()
    page.get_by_text("El celular debe tener 10 dígitos y empezar por 3").wait_for()
    assert page.get_by_label("Nombres").input_value() == "David Felipe"
    assert page.get_by_label("Ciudad").input_value() == "Cali"
    _captura(page, "crear_error")
    page.get_by_label("Celular").fill("3104567890")
    page.get_by_role("button", name="Crear Usuario").click()
    page.get_by_text("en estado Pendiente").wait_for()
    nuevo = Usuario.objects.get(username="Felipe20")
    assert nuevo.estado == Usuario.Estado.PENDIENTE

    # The tabs, in order, with Continuar.
    assert page.get_by_role("navigation", name="Secciones del usuario").get_by_role("link", name="Información Principal").get_attribute("aria-current") == "page"
    page.get_by_role("link", name="Continuar").click()
    assert page.get_by_role("navigation", name="Secciones del usuario").get_by_role("link", name="Información Usuario").get_attribute("aria-current") == "page"
    page.get_by_role("button", name="Continuar").click()
    assert page.get_by_role("navigation", name="Secciones del usuario").get_by_role("link", name="Asignar Productos").get_attribute("aria-current") == "page"
    page.get_by_role("link", name="Contraer Todos").click()
    page.get_by_label("CAHOAndres - 015829393").wait_for(state="hidden")
    page.get_by_role("link", name="Expandir Todos").click()
    page.get_by_label("CAHOAndres - 015829393").check()
    _captura(page, "productos")
    page.get_by_role("button", name="Continuar").click()
    page.wait_for_load_state()
    assert ProductoAsignado.objects.filter(usuario=nuevo, producto=productos["ahorros"]).exists()
    page.get_by_role("navigation", name="Secciones del usuario").get_by_role("link", name="Días y Horarios").click()
    page.get_by_text("Días y Horario de Acceso").wait_for()
    _captura(page, "horarios")
    page.get_by_role("button", name="Continuar").click()
    assert page.get_by_role("navigation", name="Secciones del usuario").get_by_role("link", name="Contraseña").get_attribute("aria-current") == "page"
    page.get_by_text("dprieto@empresa.example").first.wait_for()

    # Generar Contraseña, confirmed with the administrator's own token code.
    page.get_by_label("Clave Dinámica Token").fill(codigo_fresco(admin.device))
    page.get_by_role("button", name="Generar Contraseña").click()
    page.get_by_text("Se generó la contraseña").wait_for()
    _captura(page, "contrasena")
    assert len(mail.outbox) == 1
    clave = re.search(r"Contraseña temporal: (\S+)", mail.outbox[0].body).group(1)
    assert clave not in page.content()
    page.get_by_role("button", name="Salida Segura").click()

    # Activation is another screen: done on the model here.
    Usuario.objects.filter(pk=nuevo.pk).update(estado=Usuario.Estado.ACTIVO)

    # The new user: emailed password → forced change → security image → home.
    _ingresar(page, "Felipe20", clave)
    page.get_by_text("Antes de continuar debe cambiar la clave").wait_for()
    page.get_by_label("Clave actual").fill(clave)
    page.get_by_label("Clave nueva").fill("Felipe2468")
    page.get_by_label("Confirmación").fill("Felipe2468")
    page.get_by_role("button", name="Guardar").click()
    page.get_by_text("Seleccione su imagen de seguridad").wait_for()
    page.locator("label[for='imagen-pez']").click()
    page.get_by_role("button", name="Guardar").click()
    page.get_by_text("Bienvenido a la Banca Electrónica del Banco de Occidente").wait_for()
    nuevo.refresh_from_db()
    assert nuevo.check_password("Felipe2468") and nuevo.imagen_seguridad == "pez" and not nuevo.debe_cambiar_clave


def test_screens_on_a_phone(navegador, live_server, admin, secundario, perfil):
    contexto = navegador.new_context(locale="es-CO", viewport={"width": 390, "height": 844})
    page = contexto.new_page()
    page.base_url = live_server.url
    _ingresar(page, admin.username, admin.clave, codigo_fresco(admin.device))
    page.get_by_text("Bienvenido a la Banca Electrónica del Banco de Occidente").wait_for()
    for nombre, url in (("consultar_movil", "/administracion/usuarios/"),
                        ("crear_movil", "/administracion/usuarios/nuevo/"),
                        ("horarios_movil", f"/administracion/usuarios/{secundario.pk}/horarios/")):
        page.goto(live_server.url + url)
        _captura(page, nombre)
        ancho = page.evaluate("document.documentElement.scrollWidth")
        assert ancho <= 390, f"{nombre} se desborda: {ancho}px"
    contexto.close()
