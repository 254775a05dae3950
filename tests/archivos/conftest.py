"""Personas of Pagos por Archivo: the Transacciones ones with the option `archivos` and
topes for Pagos de Nómina / Proveedores, money in the ledger, and files made on the fly."""

from __future__ import annotations

import io
import uuid
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from admin_usuarios.models import Perfil
from archivos.actions.carga import do_subir_archivo
from archivos.lectura import ENCABEZADO_ES
from cuentas import ledger
from tests.factories import crear_producto
from tests.transacciones.conftest import APRUEBA, CAPTURA, persona, servicios, topes  # noqa: F401

M = Decimal(1_000_000)
SERVICIOS = ["pagos-nomina", "pagos-proveedores"]


@pytest.fixture(autouse=True)
def _directorio(settings, tmp_path):
    settings.OCCIRED_ARCHIVOS_DIR = tmp_path / "archivos"


@pytest.fixture
def origen(empresa):
    return crear_producto(empresa, "CAHOAndres", "015829393")


@pytest.fixture
def fondos(origen):
    cuenta = ledger.cuenta_de_producto(origen)
    ledger.crear_transferencia("fondos-iniciales", debito=ledger.cuenta_banco("banco:caja"), credito=cuenta,
                               monto=5000 * M)
    return cuenta


@pytest.fixture
def perfiles(empresa):
    return {
        "operador": Perfil.objects.create(empresa=empresa, nombre="Operadores", tipo=Perfil.Tipo.OPERADOR,
                                          opciones=CAPTURA + ["archivos"], aprobaciones=2),
        "supervisor": Perfil.objects.create(empresa=empresa, nombre="Supervisores", tipo=Perfil.Tipo.SUPERVISOR,
                                            opciones=APRUEBA + ["archivos"], aprobaciones=2),
        "sin_opcion": Perfil.objects.create(empresa=empresa, nombre="Sin archivos", tipo=Perfil.Tipo.OPERADOR,
                                            opciones=CAPTURA, aprobaciones=2),
    }


def _persona(empresa, username, perfil, origen):
    return persona(empresa, username, perfil, origen, transaccion=2000 * M, diario=4000 * M, mensual=9000 * M,
                   servicios=SERVICIOS)


@pytest.fixture
def operador(empresa, perfiles, origen):
    return _persona(empresa, "oprojas", perfiles["operador"], origen)


@pytest.fixture
def sup1(empresa, perfiles, origen):
    return _persona(empresa, "suplopez", perfiles["supervisor"], origen)


@pytest.fixture
def sup2(empresa, perfiles, origen):
    return _persona(empresa, "supdiaz", perfiles["supervisor"], origen)


def fila(i: int, *, valor: str = "1500000,50", cuenta: str | None = None, banco: str = "Bancolombia",
         tipo_id: str = "CC", num_id: str | None = None, referencia: str | None = None) -> list[str]:
    return [tipo_id, num_id or str(10_000_000 + i), f"Empleado {i}", banco, "Ahorros",
            cuenta or f"{20_000_000_000 + i}", valor, referencia if referencia is not None else f"NOM-{i}"]


def csv_bytes(filas: list[list[str]], *, separador: str = ";", codificacion: str = "utf-8",
              encabezado: list[str] | None = None) -> bytes:
    lineas = [separador.join(encabezado or ENCABEZADO_ES)] + [separador.join(f) for f in filas]
    return ("\r\n".join(lineas) + "\r\n").encode(codificacion)


def xlsx_bytes(filas: list[list], encabezado: list[str] | None = None) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(encabezado or ENCABEZADO_ES)
    for f in filas:
        ws.append(f)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def subir(actor, origen, contenido: bytes, *, nombre: str = "nomina.csv", tipo: str = "NOMINA"):
    archivo, _c = do_subir_archivo(subido=SimpleUploadedFile(nombre, contenido), tipo=tipo, origen=origen,
                                   clave=uuid.uuid4(), actor=actor)
    archivo.refresh_from_db()
    return archivo
