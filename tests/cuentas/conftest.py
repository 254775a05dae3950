"""Fixtures of the ledger and Consultas tests: products of the company, their
accounts, and money loaded through the ledger itself."""

from __future__ import annotations

from decimal import Decimal

import pytest

from admin_usuarios.models import Perfil, Producto, ProductoAsignado
from cuentas import ledger
from tests.factories import crear_producto

M = Decimal(1_000_000)
OPCIONES_CONSULTA = ["consulta_saldos", "consulta_movimientos", "extractos"]


def consignar(cuenta, monto, id: str, **campos):
    return ledger.crear_transferencia(id, debito=ledger.cuenta_banco("banco:caja"), credito=cuenta,
                                      monto=Decimal(monto), **campos)


@pytest.fixture
def caja(db):
    return ledger.cuenta_banco("banco:caja")


@pytest.fixture
def productos(empresa):
    return [
        crear_producto(empresa, "CAHOAndres", "015829393"),
        crear_producto(empresa, "CAHOFelipe", "251830758"),
        crear_producto(empresa, "TCEmpresarial", "4567890123", tipo=Producto.Tipo.TARJETA_CREDITO),
    ]


@pytest.fixture
def cuentas(productos):
    return [ledger.cuenta_de_producto(p) for p in productos]


@pytest.fixture
def con_opciones(secundario):
    """The secondary user's profile allows the three Consultas options."""
    Perfil.objects.filter(pk=secundario.perfil_id).update(opciones=OPCIONES_CONSULTA)
    secundario.perfil.refresh_from_db()
    return secundario


@pytest.fixture
def asignados(con_opciones, productos):
    """CAHOAndres and the card assigned to the secondary user; CAHOFelipe is not."""
    for p in (productos[0], productos[2]):
        ProductoAsignado.objects.create(usuario=con_opciones, producto=p)
    return [productos[0], productos[2]]
