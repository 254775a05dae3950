"""Personas of Servicio al Cliente and of the profile-option gates: the maker-checker ones
(tests/transacciones/conftest.py), with the Servicio al Cliente options."""

from __future__ import annotations

import pytest

from admin_usuarios.actions.perfiles import CODIGOS_OPCIONES
from admin_usuarios.models import Perfil
from tests.factories import crear_usuario, dar_token
from tests.transacciones.conftest import corriente, origen, perfiles, servicios, topes  # noqa: F401


@pytest.fixture
def todo(empresa):
    """A profile of type Ambos with every menu option."""
    return Perfil.objects.create(empresa=empresa, nombre="Todo", tipo=Perfil.Tipo.AMBOS,
                                 opciones=list(CODIGOS_OPCIONES), aprobaciones=1)


@pytest.fixture
def tesorero(empresa, todo, origen, corriente):  # noqa: F811
    """An operating user with every option, a token, and a savings and a current account."""
    u = crear_usuario(empresa, "oprojas", perfil=todo, numero_identificacion="79100766")
    dar_token(u)
    topes(u, origen)
    topes(u, corriente)
    return u
