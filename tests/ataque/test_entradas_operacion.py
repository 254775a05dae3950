"""No request of any shape gives a server error, in the operating screens too.

`test_entradas` visits every URL as personas whose profile opens no operating screen, so
Consultas, Transacciones and Pagos por Archivo answered them at the option's gate. Here
an Ambos with every operating option, products, topes, a token and money visits them,
each with ids that exist: an operation another user captured (so it may approve, reject
or read its comprobante), a beneficiary waiting for its second person and an uploaded
payment file; then every field its page shows gets the same hostile values as there, by
GET and by POST, and Hypothesis adds random text.
"""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from admin_usuarios.models import Perfil, Producto
from archivos.actions.carga import do_subir_archivo
from cuentas import ledger
from tests.ataque.test_entradas import MUY_GRANDE, RUTAS, _pedir, barrer
from tests.factories import crear_empresa, crear_producto, login_portal
from tests.transacciones.conftest import APRUEBA, CAPTURA, M, capturar, persona, servicios  # noqa: F401
from transacciones.models import Beneficiario

pytestmark = pytest.mark.django_db

OPERATIVAS = [r for r in RUTAS if r.startswith(("consultas/", "transacciones/"))]
SERVICIOS = ["transferencias", "pagos-terceros", "pagos-impuestos", "pagos-nomina", "pagos-proveedores"]


@pytest.fixture
def ambos(settings, tmp_path):
    """The Ambos logged in, and the id each kind of route takes."""
    settings.OCCIRED_ARCHIVOS_DIR = tmp_path / "archivos"
    empresa = crear_empresa()
    origen = crear_producto(empresa, "CAHOAndres", "015829393")
    corriente = crear_producto(empresa, "CCTEAndina", "098765432", tipo=Producto.Tipo.CUENTA_CORRIENTE)
    ledger.crear_transferencia("fondos", debito=ledger.cuenta_banco("banco:caja"),
                               credito=ledger.cuenta_de_producto(origen), monto=50 * M)
    todas = CAPTURA + ["aprobaciones", "archivos"]
    operador = persona(empresa, "oprojas", Perfil.objects.create(
        empresa=empresa, nombre="Operadores", tipo=Perfil.Tipo.OPERADOR, opciones=todas, aprobaciones=2),
        origen, servicios=SERVICIOS)
    yo = persona(empresa, "ambgomez", Perfil.objects.create(
        empresa=empresa, nombre="Ambos", tipo=Perfil.Tipo.AMBOS, opciones=todas, aprobaciones=2),
        origen, servicios=SERVICIOS)
    op = capturar(operador, origen, corriente)
    beneficiario = Beneficiario.objects.create(
        empresa=empresa, titular="Proveedora del Cauca S.A.S.", tipo_identificacion="NIT",
        numero_identificacion="900123456-8", banco="bancolombia", tipo_cuenta="CAHO", numero_cuenta="12345678901",
        alias="ProvCauca", inscrito_por=operador)
    contenido = ("Tipo Identificación;Número Identificación;Nombre;Banco;Tipo de Cuenta;Número de Cuenta;Valor;"
                 "Referencia\r\nCC;10000001;Empleado 1;Bancolombia;Ahorros;20000000001;1500000,50;NOM-1\r\n")
    archivo, _c = do_subir_archivo(subido=SimpleUploadedFile("nomina.csv", contenido.encode()), tipo="NOMINA",
                                   origen=origen, clave="5d1c4a43-94a5-4c43-9c3b-3c8c2f1a0e11", actor=yo)
    c = Client()
    login_portal(c, yo)
    ids = {"inscripcion-cuentas/": beneficiario.pk, "pagos-por-archivo/operacion/": op.pk,
           "pagos-por-archivo/": archivo.pk, "operaciones/": op.pk}
    return c, ids


def _concreta(ruta: str, ids: dict[str, int], otro: str | None = None) -> str:
    """The route with its id: `otro`, or the one `ids` gives the first key found in the route."""
    if "<" not in ruta:
        return "/" + ruta
    pk = otro or str(next(v for k, v in ids.items() if k in ruta))
    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: pk if m.group(1) == "int" else "excel", ruta)


def test_the_ambos_reaches_the_operating_screens(ambos):
    """The sweep below is worth something only if these pages open their forms to this persona."""
    c, ids = ambos
    for ruta in ("transacciones/transferencias/internas/", "transacciones/pagos/impuestos/",
                 "transacciones/aprobaciones/", "transacciones/inscripcion-cuentas/", "transacciones/pagos-por-archivo/",
                 "transacciones/operaciones/<int:pk>/", "consultas/movimientos/"):
        r = c.get(_concreta(ruta, ids))
        assert r.status_code == 200, ruta
    assert 'name="codigo_token"' in c.get("/transacciones/transferencias/internas/").content.decode()


@pytest.mark.parametrize("ruta", OPERATIVAS)
def test_no_request_to_an_operating_screen_gives_a_server_error(ambos, ruta):
    c, ids = ambos
    if "<" in ruta:
        _pedir(c, "get", _concreta(ruta, ids, MUY_GRANDE), {})
        _pedir(c, "post", _concreta(ruta, ids, MUY_GRANDE), {})
    barrer(c, _concreta(ruta, ids))
