"""Helpers of the Seguridad screens' tests."""

from __future__ import annotations

import pytest
from django.test import Client

from admin_usuarios.models import Usuario
from tests.factories import codigo_fresco, crear_secundario, login_portal


def con_codigo(admin: Usuario, **data) -> dict:
    """POST data plus a fresh, valid step-up code of the administrator's own token."""
    return {**data, "codigo_token": codigo_fresco(admin.device)}


def cliente_de(usuario: Usuario) -> Client:
    c = Client()
    login_portal(c, usuario)
    return c


@pytest.fixture
def cliente_secundario(secundario) -> Client:
    return cliente_de(secundario)


@pytest.fixture
def otro_secundario(empresa) -> Usuario:
    return crear_secundario(empresa, username="jperez")
