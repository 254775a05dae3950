"""Fixtures of Configuración de Usuarios."""

from __future__ import annotations

import pytest

from admin_usuarios.models import Perfil, Producto, Usuario
from tests.factories import crear_producto, login_portal


@pytest.fixture
def perfil(empresa):
    return Perfil.objects.get_or_create(empresa=empresa, nombre="Pruebas_PRD")[0]


@pytest.fixture
def productos(empresa):
    """Enabled products of two types plus one the bank has not enabled."""
    return {
        "ahorros": crear_producto(empresa, "CAHOAndres", "015829393"),
        "ahorros2": crear_producto(empresa, "CAHOCarlos", "278823810"),
        "corriente": crear_producto(empresa, "CCTEAndina", "098765432", tipo=Producto.Tipo.CUENTA_CORRIENTE),
        "deshabilitado": crear_producto(empresa, "TCBloqueada", "4567890123", tipo=Producto.Tipo.TARJETA_CREDITO,
                                        habilitado=False),
    }


@pytest.fixture
def cliente_secundario(client, secundario):
    login_portal(client, secundario)
    return client


def datos_usuario(**cambios) -> dict:
    """A valid Crear Nuevo POST (the profile id must be added)."""
    datos = {
        "username": "Felipe20",
        "nombres": "David Felipe",
        "primer_apellido": "Prieto",
        "segundo_apellido": "",
        "tipo_identificacion": "CC",
        "numero_identificacion": "79123456",
        "direccion": "Calle 10 # 5-20",
        "email": "dprieto@empresa.example",
        "telefono_oficina": "6012345678",
        "extension": "123",
        "celular": "3104567890",
        "departamento": "VAC",
        "ciudad": "Cali",
        "permitir_alertas": "on",
    }
    datos.update(cambios)
    return {k: v for k, v in datos.items() if v is not None}


def muchos_usuarios(empresa, n: int, perfil=None, prefijo: str = "u") -> None:
    Usuario.objects.bulk_create(
        [Usuario(username=f"{prefijo}{i:05d}", nombres=f"Nombre{i}", primer_apellido="Apellido", empresa=empresa,
                 perfil=perfil, password="!", estado=Usuario.Estado.ACTIVO) for i in range(n)],
        batch_size=2000,
    )
