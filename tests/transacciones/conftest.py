"""Personas of maker-checker: an Operador, two Supervisors and an Ambos of the company
(2 approvals), with products, limits and money in the ledger."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from admin_usuarios.models import Perfil, Producto, ProductoAsignado
from cuentas import ledger
from tests.factories import crear_producto, crear_usuario, dar_token
from tests.topes.conftest import CATALOGO
from topes.models import Servicio, TopeUsuario
from transacciones.actions.operaciones import do_capturar_operacion
from transacciones.models import Beneficiario, Operacion

M = Decimal(1_000_000)
CAPTURA = ["consulta_saldos", "consulta_movimientos", "historico_transacciones", "transferencias",
           "pagos_terceros", "pagos_impuestos", "inscripcion_cuentas"]
APRUEBA = ["consulta_saldos", "consulta_movimientos", "historico_transacciones", "aprobaciones"]


def topes(usuario, producto, *, transaccion=10 * M, diario=20 * M, mensual=100 * M, servicios=None):
    asignacion, _c = ProductoAsignado.objects.get_or_create(usuario=usuario, producto=producto)
    for s in Servicio.objects.filter(codigo__in=servicios or ["transferencias", "pagos-terceros", "pagos-impuestos"]):
        TopeUsuario.objects.update_or_create(asignacion=asignacion, servicio=s, defaults={
            "transaccion": transaccion, "diario": diario, "mensual": mensual})


@pytest.fixture(autouse=True)
def servicios(db):
    # The data migration loads them; a transactional test before this one may have flushed them.
    for codigo, nombre, grupo, tipo, orden in CATALOGO:
        Servicio.objects.update_or_create(
            codigo=codigo, defaults={"nombre": nombre, "grupo": grupo, "tipo": tipo, "orden": orden, "activo": True})


@pytest.fixture
def perfiles(empresa):
    return {
        "operador": Perfil.objects.create(empresa=empresa, nombre="Operadores", tipo=Perfil.Tipo.OPERADOR,
                                          opciones=CAPTURA, aprobaciones=2),
        "supervisor": Perfil.objects.create(empresa=empresa, nombre="Supervisores", tipo=Perfil.Tipo.SUPERVISOR,
                                            opciones=APRUEBA, aprobaciones=2),
        "ambos": Perfil.objects.create(empresa=empresa, nombre="Ambos", tipo=Perfil.Tipo.AMBOS,
                                       opciones=CAPTURA + ["aprobaciones"], aprobaciones=2),
    }


@pytest.fixture
def origen(empresa):
    return crear_producto(empresa, "CAHOAndres", "015829393")


@pytest.fixture
def corriente(empresa):
    return crear_producto(empresa, "CCTEAndina", "098765432", tipo=Producto.Tipo.CUENTA_CORRIENTE)


@pytest.fixture
def fondos(origen):
    cuenta = ledger.cuenta_de_producto(origen)
    ledger.crear_transferencia("fondos-iniciales", debito=ledger.cuenta_banco("banco:caja"), credito=cuenta,
                               monto=50 * M)
    return cuenta


def persona(empresa, username, perfil, origen, **montos):
    """A company user with a token and topes on `origen` (`montos`: see `topes`)."""
    # Alerts allowed (bandeja): the operation emails go, as in the demo company.
    u = crear_usuario(empresa, username, perfil=perfil, permitir_alertas=True)
    dar_token(u)
    topes(u, origen, **montos)
    return u


@pytest.fixture
def operador(empresa, perfiles, origen):
    return persona(empresa, "oprojas", perfiles["operador"], origen)


@pytest.fixture
def sup1(empresa, perfiles, origen):
    return persona(empresa, "suplopez", perfiles["supervisor"], origen)


@pytest.fixture
def sup2(empresa, perfiles, origen):
    return persona(empresa, "supdiaz", perfiles["supervisor"], origen)


@pytest.fixture
def ambos(empresa, perfiles, origen):
    return persona(empresa, "ambgomez", perfiles["ambos"], origen)


@pytest.fixture
def beneficiario(empresa, operador, sup1):
    return Beneficiario.objects.create(
        empresa=empresa, titular="Proveedora del Cauca S.A.S.", tipo_identificacion="NIT",
        numero_identificacion="900123456-8", banco="bancolombia", tipo_cuenta="CAHO", numero_cuenta="12345678901",
        alias="ProvCauca", estado=Beneficiario.Estado.ACTIVO, inscrito_por=operador, activado_por=sup1)


def capturar(actor, origen, destino=None, monto=Decimal(1_500_000), *, tipo=Operacion.Tipo.INTERNA, fecha=None,
             clave=None, **campos) -> Operacion:
    from transacciones.actions.operaciones import hoy

    if actor.perfil_id:
        actor.perfil.refresh_from_db()  # as a request would load it
    op, _creada = do_capturar_operacion(tipo=tipo, origen=origen, destino=destino, monto=Decimal(monto),
                                        fecha=fecha or hoy(), clave=clave or uuid.uuid4(), actor=actor, **campos)
    return op
