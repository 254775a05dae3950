"""Personas of the inbox: a secondary user whose profile gives Mensajes, another user of the same
company, the administrator of another company; the maker-checker personas for the operation events."""

from __future__ import annotations

import pytest

from admin_usuarios.models import Perfil
from tests.factories import crear_usuario
from tests.tokens.conftest import inventario  # noqa: F401 - fixture
from tests.transacciones.conftest import (  # noqa: F401 - fixtures
    ambos,
    corriente,
    fondos,
    operador,
    origen,
    perfiles,
    servicios,
    sup1,
    sup2,
)


@pytest.fixture
def perfil_mensajes(empresa):
    return Perfil.objects.create(empresa=empresa, nombre="Lectores", opciones=["consulta_saldos", "mensajes"])


@pytest.fixture
def lector(empresa, perfil_mensajes):
    return crear_usuario(empresa, "lector", perfil=perfil_mensajes, permitir_alertas=True)


@pytest.fixture
def colega(empresa, perfil_mensajes):
    return crear_usuario(empresa, "colega", perfil=perfil_mensajes)


@pytest.fixture
def cliente_lector(client, lector):
    from tests.factories import login_portal

    login_portal(client, lector)
    return client
