"""Defect 5 of issue 14 (Crear Nuevo): "that username exists" answers about the whole
bank, so they are limited and audited per administrator."""

from __future__ import annotations

import pytest
from django.test import Client

from admin_usuarios.models import Perfil, Usuario
from auditoria.models import Evento
from tests.admin_usuarios.conftest import datos_usuario
from tests.factories import crear_admin, crear_usuario, login_portal

pytestmark = pytest.mark.django_db
URL = "/administracion/usuarios/nuevo/"


@pytest.fixture
def perfil(empresa):
    return Perfil.objects.get_or_create(empresa=empresa, nombre="Pruebas_PRD")[0]


def _errores(r) -> str:
    return " ".join(r.context["form"].errors.get("username", []))


def test_exists_answers_are_audited_and_limited_per_administrator(cliente_admin, admin, perfil, otra_empresa,
                                                                   settings):
    settings.OCCIRED_NOMBRES_EXISTENTES_MAX = 3
    for n in range(3):
        crear_usuario(otra_empresa, f"ajeno{n}")
    crear_usuario(otra_empresa, "ajeno9")
    for n in range(3):
        r = cliente_admin.post(URL, datos_usuario(perfil=perfil.pk, username=f"ajeno{n}"))
        assert "Ya existe un usuario" in _errores(r)
    eventos = Evento.objects.filter(accion="NOMBRE_EXISTENTE", actor=admin)
    assert sorted(e.detalles["username"] for e in eventos) == ["ajeno0", "ajeno1", "ajeno2"]
    assert eventos.first().empresa_id == admin.empresa_id and eventos.first().ip == "127.0.0.1"
    # Past the limit an existing and a free username get the same answer.
    existente = cliente_admin.post(URL, datos_usuario(perfil=perfil.pk, username="ajeno9"))
    libre = cliente_admin.post(URL, datos_usuario(perfil=perfil.pk, username="libre123"))
    assert "Ya existe" not in _errores(existente)
    assert _errores(existente) == _errores(libre) and "no es posible verificar" in _errores(libre)
    assert not Usuario.objects.filter(username="libre123").exists()


def test_the_limit_is_per_administrator(cliente_admin, perfil, empresa, otra_empresa, settings):
    settings.OCCIRED_NOMBRES_EXISTENTES_MAX = 1
    crear_usuario(otra_empresa, "ajeno0")
    cliente_admin.post(URL, datos_usuario(perfil=perfil.pk, username="ajeno0"))
    otro_admin = crear_admin(empresa, username="segundoadm")
    c = Client()
    login_portal(c, otro_admin)
    r = c.post(URL, datos_usuario(perfil=perfil.pk, username="ajeno0"))
    assert "Ya existe un usuario" in _errores(r)


def test_creating_with_a_free_name_still_works_and_counts_nothing(cliente_admin, perfil):
    r = cliente_admin.post(URL, datos_usuario(perfil=perfil.pk, username="Nuevo2024"))
    assert r.status_code == 302
    assert not Evento.objects.filter(accion="NOMBRE_EXISTENTE").exists()
