"""Home: only working menu entries, the welcome panel, Imprimir Pantalla."""

import pytest
from django.test import Client
from django.utils import timezone

from comun.menu import menu_para
from tests.factories import login_portal

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["admin", "secundario"])
def test_every_menu_entry_opens(request, persona):
    usuario = request.getfixturevalue(persona)
    client = Client()
    login_portal(client, usuario)
    enlaces = [e["url"] for s in menu_para(usuario) for g in s["grupos"] for e in g.entradas]
    assert enlaces
    for url in enlaces:
        assert client.get(url).status_code == 200, url
    body = client.get("/inicio/").content.decode()
    for url in enlaces:
        assert f'href="{url}"' in body


def test_secondary_user_sees_no_administration_menu(client, secundario):
    login_portal(client, secundario)
    body = client.get("/inicio/").content.decode()
    assert "Configuración de Usuarios" not in body
    assert 'href="/administracion/tokens/"' not in body and 'href="/administracion/usuarios/"' not in body


def test_welcome_panel_shows_the_previous_login(client, secundario):
    login_portal(client, secundario)
    assert "Primer ingreso" in client.get("/inicio/").content.decode()
    secundario.refresh_from_db()
    primero = timezone.localtime(secundario.last_login).strftime("%Y/%m/%d %H:%M")
    client.post("/salida/")
    login_portal(client, secundario)
    body = client.get("/inicio/").content.decode()
    assert f"<strong>{primero}</strong>" in body
    assert "Bienvenido a la Banca Electrónica del Banco de Occidente" in body
    assert "Identificador Interno: 015829393" in body


def _menu_superior(body: str) -> str:
    return body.split('<ul class="navbar-nav me-auto">', 1)[1].split("</ul>", 1)[0]


def test_top_menu_follows_the_role_and_the_language(client, admin, secundario):
    # The menu's HTML is rendered once per role and language: neither may leak into the other.
    login_portal(client, admin)
    menu = _menu_superior(client.get("/inicio/").content.decode())
    assert "Administración" in menu and "Configuración de Usuarios" in menu
    client.post("/i18n/idioma/", {"language": "en", "next": "/inicio/"})
    menu = _menu_superior(client.get("/inicio/").content.decode())
    assert "Administration" in menu and "Configuración de Usuarios" not in menu
    client.post("/salida/")
    login_portal(client, secundario)
    client.post("/i18n/idioma/", {"language": "es", "next": "/inicio/"})
    menu = _menu_superior(client.get("/inicio/").content.decode())
    assert "Ayudas" in menu and "Administración" not in menu and "Configuración de Usuarios" not in menu
