"""Every view: another company's admin gets 404, a secondary user 403, anonymous goes to login."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import crear_secundario, login_portal

pytestmark = pytest.mark.django_db

POR_USUARIO = ["principal", "editar", "productos", "horarios", "contrasena"]
SIN_OBJETO = ["consultar", "crear", "imprimir"]


@pytest.fixture
def victima(empresa):
    return crear_secundario(empresa, username="victima1")


@pytest.mark.parametrize("nombre", POR_USUARIO)
def test_outsider_gets_404_on_every_user_tab(client, admin_otra, victima, nombre):
    login_portal(client, admin_otra)
    assert client.get(reverse(f"admin_usuarios:{nombre}", args=[victima.pk])).status_code == 404
    assert client.post(reverse(f"admin_usuarios:{nombre}", args=[victima.pk]), {}).status_code == 404


def test_outsider_gets_404_on_generar_contrasena(client, admin_otra, victima):
    login_portal(client, admin_otra)
    r = client.post(reverse("admin_usuarios:generar_contrasena", args=[victima.pk]), {"codigo_token": "123456"})
    assert r.status_code == 404
    victima.refresh_from_db()
    assert victima.clave_generada is None


def test_admin_cannot_manage_another_administrator(client, admin, empresa):
    from tests.factories import crear_admin

    otro = crear_admin(empresa, username="otroadmin")
    login_portal(client, admin)
    assert client.get(reverse("admin_usuarios:principal", args=[otro.pk])).status_code == 404


@pytest.mark.parametrize("nombre", POR_USUARIO + ["generar_contrasena"])
def test_secondary_user_gets_403(client, secundario, victima, nombre):
    login_portal(client, secundario)
    assert client.post(reverse(f"admin_usuarios:{nombre}", args=[victima.pk]), {}).status_code == 403


@pytest.mark.parametrize("nombre", SIN_OBJETO)
def test_secondary_user_gets_403_on_lists(client, secundario, nombre):
    login_portal(client, secundario)
    assert client.get(reverse(f"admin_usuarios:{nombre}")).status_code == 403


@pytest.mark.parametrize("formato", ["excel", "pdf"])
def test_secondary_and_anonymous_cannot_export(client, secundario, formato):
    url = reverse("admin_usuarios:exportar", args=[formato])
    r = client.get(url)
    assert r.status_code == 302 and r.url.startswith("/?next=")
    login_portal(client, secundario)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("nombre", POR_USUARIO + ["generar_contrasena"])
def test_anonymous_redirected_to_login(client, victima, nombre):
    url = reverse(f"admin_usuarios:{nombre}", args=[victima.pk])
    r = client.post(url)
    assert r.status_code == 302 and r.url == f"/?next={url}"


@pytest.mark.parametrize("nombre", SIN_OBJETO)
def test_anonymous_redirected_to_login_on_lists(client, db, nombre):
    url = reverse(f"admin_usuarios:{nombre}")
    r = client.get(url)
    assert r.status_code == 302 and r.url == f"/?next={url}"


def test_menu_entry_only_for_administrators(client, admin, secundario):
    login_portal(client, admin)
    assert reverse("admin_usuarios:consultar") in client.get("/inicio/").content.decode()
    client.logout()
    login_portal(client, secundario)
    assert reverse("admin_usuarios:consultar") not in client.get("/inicio/").content.decode()
