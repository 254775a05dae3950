"""Menu entries of the limits screens (Administración → Usuarios / Seguridad)."""

import pytest

from comun.menu import menu_para

pytestmark = pytest.mark.django_db


def _entradas(user) -> dict[str, list[str]]:
    resultado: dict[str, list[str]] = {}
    for seccion in menu_para(user):
        for grupo in seccion["grupos"]:
            for e in grupo.entradas:
                resultado.setdefault(str(grupo.titulo), []).append(str(e["etiqueta"]))
    return resultado


def test_admin_menu_has_limits_entries(admin):
    entradas = _entradas(admin)
    assert "Configuración de Montos por Servicio" in entradas["Seguridad"]
    assert "Consulta Montos Acumulados" in entradas["Usuarios"]
    assert "Consulta de Topes" in entradas["Usuarios"]


def test_secondary_user_does_not_see_them(secundario):
    todas = [e for lista in _entradas(secundario).values() for e in lista]
    assert "Configuración de Montos por Servicio" not in todas and "Consulta Montos Acumulados" not in todas


def test_home_links_to_the_screens(cliente_admin):
    html = cliente_admin.get("/inicio/").content.decode()
    assert 'href="/administracion/topes/montos/"' in html
    assert 'href="/administracion/topes/acumulados/"' in html
