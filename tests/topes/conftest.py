"""Fixtures of the limits tests: the service catalogue, products assigned to the
secondary user, bank caps and company amounts."""

from __future__ import annotations

from decimal import Decimal

import pytest

from admin_usuarios.models import ProductoAsignado
from tests.factories import crear_producto
from topes.models import MontoEmpresa, Servicio, TopeBanco, TopeUsuario
from topes.rules import Montos

M = Decimal(1_000_000)
CATALOGO = [
    ("pagos-terceros", "Pagos - A Terceros", "MONETARIOS", "MONETARIO", 10),
    ("pagos-impuestos", "Pagos - Impuestos", "MONETARIOS", "MONETARIO", 20),
    ("transferencias", "Transferencias - Internas, Aval y otros Bancos", "MONETARIOS", "MONETARIO", 30),
    ("pagos-nomina", "Pagos de Nómina", "ARCHIVOS", "ARCHIVO", 110),
    ("pagos-proveedores", "Pagos a Proveedores", "ARCHIVOS", "ARCHIVO", 120),
]


@pytest.fixture
def servicios(db) -> dict[str, Servicio]:
    # The data migration loads them; a transactional test before this one may have flushed them.
    for codigo, nombre, grupo, tipo, orden in CATALOGO:
        Servicio.objects.update_or_create(
            codigo=codigo, defaults={"nombre": nombre, "grupo": grupo, "tipo": tipo, "orden": orden, "activo": True}
        )
    return {s.codigo: s for s in Servicio.objects.all()}


@pytest.fixture
def productos(empresa):
    return [
        crear_producto(empresa, "CAHOAndres", "015829393"),
        crear_producto(empresa, "CAHOFelipe", "251830758"),
    ]


@pytest.fixture
def asignaciones(secundario, productos):
    return [ProductoAsignado.objects.create(usuario=secundario, producto=p) for p in productos]


def fijar_techos(empresa, servicios, cap: Montos, monto: Montos) -> None:
    for s in servicios.values():
        TopeBanco.objects.update_or_create(empresa=empresa, servicio=s, defaults=cap.como_dict())
        MontoEmpresa.objects.update_or_create(empresa=empresa, servicio=s, defaults=monto.como_dict())


@pytest.fixture
def techos(empresa, servicios):
    """Bank cap 50/200/2000 M and company amount 20/100/1000 M for every service."""
    fijar_techos(empresa, servicios, Montos(50 * M, 200 * M, 2000 * M), Montos(20 * M, 100 * M, 1000 * M))


def poner_tope(asignacion, servicio, t, d, m) -> TopeUsuario:
    tope, _ = TopeUsuario.objects.update_or_create(
        asignacion=asignacion, servicio=servicio,
        defaults={"transaccion": Decimal(t), "diario": Decimal(d), "mensual": Decimal(m)},
    )
    return tope
