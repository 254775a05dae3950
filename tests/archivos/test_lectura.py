"""Reading uploads: CSV encodings and separators, Excel, limits, duplicates and bad files."""

from __future__ import annotations

from decimal import Decimal

import pytest

from archivos.models import Archivo, Fila
from comun.errores import AccionRechazada
from tests.archivos.conftest import csv_bytes, fila, subir, xlsx_bytes

pytestmark = pytest.mark.django_db(transaction=True)
NOMBRE_TILDES = "José Ñuñez Ángel"


def _con_tildes():
    f = fila(1)
    f[2] = NOMBRE_TILDES
    return [f, fila(2)]


@pytest.mark.parametrize(("codificacion", "separador", "bom"), [
    ("utf-8", ";", False), ("utf-8", ",", False), ("utf-8", ";", True), ("latin-1", ";", False), ("latin-1", ",", False),
])
def test_csv_encodings_and_separators(operador, origen, codificacion, separador, bom):
    filas = _con_tildes()
    if separador == ",":
        for f in filas:
            f[6] = "1500000.50"  # a comma inside an unquoted field would split it
    contenido = csv_bytes(filas, separador=separador, codificacion=codificacion)
    if bom:
        contenido = b"\xef\xbb\xbf" + contenido
    a = subir(operador, origen, contenido)
    assert (a.estado, a.total, a.validadas) == (Archivo.Estado.VALIDADO, 2, 2)
    assert a.separador == separador and a.codificacion == ("latin-1" if codificacion == "latin-1" else "utf-8-sig")
    assert a.filas.get(numero=2).nombre == NOMBRE_TILDES
    assert a.monto_valido == Decimal("3000001.00")


def test_excel_rows_with_numbers_and_text(operador, origen):
    filas = [fila(1), fila(2)]
    filas[0][5] = 20000000001  # a number cell
    filas[0][6] = 1500000.5
    a = subir(operador, origen, xlsx_bytes(filas), nombre="nomina.xlsx")
    assert (a.estado, a.formato, a.total, a.validadas) == (Archivo.Estado.VALIDADO, "xlsx", 2, 2)
    assert a.filas.get(numero=2).numero_cuenta == "20000000001"
    assert a.monto_valido == Decimal("1500000.50") * 2


def test_duplicate_rows_are_refused_after_the_first(operador, origen):
    a = subir(operador, origen, csv_bytes([fila(1), fila(2), fila(1), fila(1, referencia="OTRA")]))
    assert (a.validadas, a.erroneas) == (3, 1)
    dup = a.filas.get(estado=Fila.Estado.ERRONEA)
    assert dup.numero == 4 and "duplicada" in dup.motivo


def test_each_bad_row_has_its_reason(operador, origen):
    filas = [fila(1, banco="Banco Inventado"), fila(2, cuenta="123"), fila(3, tipo_id="NIT", num_id="900123456-7"),
             fila(4, valor="1.500,505"), fila(5, valor=""), fila(6)]
    a = subir(operador, origen, csv_bytes(filas))
    assert (a.estado, a.validadas, a.erroneas) == (Archivo.Estado.CON_ERRORES, 1, 5)
    motivos = dict(a.filas.filter(estado=Fila.Estado.ERRONEA).values_list("numero", "motivo"))
    assert "Banco desconocido" in motivos[2]
    assert "Número de cuenta inválido" in motivos[3]
    assert "NIT inválido" in motivos[4]
    assert "Valor inválido" in motivos[5]
    assert motivos[6] == "Valor: Campo vacío."


def test_row_limit(operador, origen, settings):
    settings.OCCIRED_ARCHIVOS_MAX_FILAS = 3
    with pytest.raises(AccionRechazada) as exc:
        subir(operador, origen, csv_bytes([fila(i) for i in range(4)]))
    assert exc.value.campo == "archivo" and "más de 3 filas" in exc.value.mensaje
    assert subir(operador, origen, csv_bytes([fila(i) for i in range(3)])).total == 3


def test_size_limit(operador, origen, settings):
    settings.OCCIRED_ARCHIVOS_MAX_BYTES = 200
    with pytest.raises(AccionRechazada) as exc:
        subir(operador, origen, csv_bytes([fila(i) for i in range(10)]))
    assert exc.value.campo == "archivo" and "MB" in exc.value.mensaje
    assert not Archivo.objects.exists()


@pytest.mark.parametrize(("nombre", "contenido", "mensaje"), [
    ("nomina.csv", b"", "vacío"),
    ("nomina.csv", b"Nombre;Cuenta;Valor\r\nAna;123;100\r\n", "encabezado"),
    ("nomina.csv", csv_bytes([]), "solo el encabezado"),
    ("nomina.xlsx", b"PK\x03\x04 not really a zip", "Excel"),
    ("nomina.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "CSV"),
    ("nomina.pdf", b"%PDF-1.4", ".csv o .xlsx"),
])
def test_bad_files_are_refused_with_a_message_and_not_stored(operador, origen, settings, nombre, contenido, mensaje):
    with pytest.raises(AccionRechazada) as exc:
        subir(operador, origen, contenido, nombre=nombre)
    assert mensaje in exc.value.mensaje and exc.value.campo == "archivo"
    assert not Archivo.objects.exists()
    assert not any(p.is_file() for p in settings.OCCIRED_ARCHIVOS_DIR.rglob("*"))
