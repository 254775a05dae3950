"""Reading a payment file as a stream of rows: CSV (UTF-8 with or without BOM, or Latin-1;
";" or ",") and Excel .xlsx (openpyxl read-only). Memory stays flat in the file's
size: nothing here keeps more than one row (and a 64 KiB buffer).

`inspeccionar` runs at upload (in the request) and refuses what cannot be read — not
a CSV/xlsx, empty, wrong header, more rows than allowed — with the message shown
next to the field. `filas` is what the validation task iterates.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from comun.excel import texto_leido
from transacciones.validacion import Invalido, normalizar

# (field, header label): the template's columns, in this order.
COLUMNAS = [
    ("tipo_identificacion", gettext_lazy("Tipo Identificación")),
    ("numero_identificacion", gettext_lazy("Número Identificación")),
    ("nombre", gettext_lazy("Nombre")),
    ("banco", gettext_lazy("Banco")),
    ("tipo_cuenta", gettext_lazy("Tipo de Cuenta")),
    ("numero_cuenta", gettext_lazy("Número de Cuenta")),
    ("valor", gettext_lazy("Valor")),
    ("referencia", gettext_lazy("Referencia")),
]
ENCABEZADO_ES = ["Tipo Identificación", "Número Identificación", "Nombre", "Banco", "Tipo de Cuenta",
                 "Número de Cuenta", "Valor", "Referencia"]
# Accepted spellings of each header (compared without accents, case or punctuation).
_ALIAS = [
    {"tipoidentificacion", "tipoid", "tipodocumento", "identificationtype", "idtype"},
    {"numeroidentificacion", "noidentificacion", "identificacion", "numerodocumento", "nit", "identificationnumber",
     "idnumber"},
    {"nombre", "nombrebeneficiario", "beneficiario", "name"},
    {"banco", "bank"},
    {"tipodecuenta", "tipocuenta", "accounttype"},
    {"numerodecuenta", "numerocuenta", "nocuenta", "cuenta", "accountnumber"},
    {"valor", "monto", "amount", "value"},
    {"referencia", "reference"},
]
BLOQUE = 64 * 1024


@dataclass(frozen=True)
class Inspeccion:
    formato: str
    codificacion: str
    separador: str
    filas: int


def _max_filas() -> int:
    return settings.OCCIRED_ARCHIVOS_MAX_FILAS


def _verificar_encabezado(celdas: list) -> None:
    valores = [normalizar(c) for c in celdas]
    while valores and not valores[-1]:
        valores.pop()
    if len(valores) != len(_ALIAS) or any(v not in alias for v, alias in zip(valores, _ALIAS, strict=True)):
        raise Invalido(_("El encabezado del archivo no corresponde a la plantilla: %(c)s.")
                       % {"c": ", ".join(ENCABEZADO_ES)})


def _codificacion(ruta: Path) -> str:
    """UTF-8 (with or without BOM) if the whole file decodes as UTF-8, else Latin-1. Streams."""
    decodificador = codecs.getincrementaldecoder("utf-8")()
    with ruta.open("rb") as f:
        primero = True
        while bloque := f.read(BLOQUE):
            if primero and b"\x00" in bloque[:4096]:
                raise Invalido(_("El archivo no es un CSV ni un Excel (.xlsx) válido."))
            primero = False
            try:
                decodificador.decode(bloque)
            except UnicodeDecodeError:
                return "latin-1"
        try:
            decodificador.decode(b"", final=True)
        except UnicodeDecodeError:
            return "latin-1"
    return "utf-8-sig"


def _separador(linea: str) -> str:
    return ";" if linea.count(";") >= linea.count(",") and ";" in linea else ","


def _vacia(celdas) -> bool:
    return all(c is None or str(c).strip() == "" for c in celdas)


def _inspeccionar_csv(ruta: Path) -> Inspeccion:
    codificacion = _codificacion(ruta)
    with ruta.open(encoding=codificacion, newline="") as f:
        primera = f.readline()
        if not primera.strip():
            raise Invalido(_("El archivo está vacío."))
        separador = _separador(primera)
        f.seek(0)
        lector = csv.reader(f, delimiter=separador)
        try:
            _verificar_encabezado(next(lector))
            filas = _contar(lector)
        except csv.Error:
            raise Invalido(_("El archivo no es un CSV válido.")) from None
    return Inspeccion("csv", codificacion, separador, filas)


def _contar(filas) -> int:
    n, maximo = 0, _max_filas()
    for celdas in filas:
        if _vacia(celdas):
            continue
        n += 1
        if n > maximo:
            raise Invalido(_("El archivo tiene más de %(n)s filas: divídalo en varios archivos.")
                           % {"n": f"{maximo:,}".replace(",", ".")})
    if n == 0:
        raise Invalido(_("El archivo no tiene filas de pago: solo el encabezado."))
    return n


def _abrir_excel(ruta: Path):
    from openpyxl import load_workbook

    try:
        return load_workbook(ruta, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - a damaged or foreign file raises anything from zipfile to lxml
        raise Invalido(_("El archivo no es un Excel (.xlsx) válido.")) from None


def _inspeccionar_xlsx(ruta: Path) -> Inspeccion:
    libro = _abrir_excel(ruta)
    try:
        hoja = libro.worksheets[0]
        filas = hoja.iter_rows(values_only=True)
        encabezado = next(filas, None)
        if encabezado is None:
            raise Invalido(_("El archivo está vacío."))
        _verificar_encabezado(list(encabezado))
        n = _contar(filas)
    except Invalido:
        raise
    except Exception:  # noqa: BLE001
        raise Invalido(_("El archivo no es un Excel (.xlsx) válido.")) from None
    finally:
        libro.close()
    return Inspeccion("xlsx", "", "", n)


def inspeccionar(ruta: Path, formato: str) -> Inspeccion:
    if ruta.stat().st_size == 0:
        raise Invalido(_("El archivo está vacío."))
    if formato == "xlsx":
        return _inspeccionar_xlsx(ruta)
    return _inspeccionar_csv(ruta)


def filas(ruta: Path, formato: str, codificacion: str = "utf-8-sig", separador: str = ",") -> Iterator[tuple[int, list]]:
    """(line number, the 8 cells) of each non-empty data row, in order; the header is line 1.
    A cell our own errors or result file marked with an apostrophe reads as it was sent
    (comun.excel.texto_leido)."""
    n = len(COLUMNAS)
    if formato == "xlsx":
        libro = _abrir_excel(ruta)
        try:
            for numero, celdas in enumerate(libro.worksheets[0].iter_rows(values_only=True), start=1):
                if numero == 1 or _vacia(celdas):
                    continue
                yield numero, [texto_leido(c) for c in (list(celdas) + [None] * n)[:n]]
        finally:
            libro.close()
        return
    with ruta.open(encoding=codificacion, newline="") as f:
        lector = csv.reader(f, delimiter=separador)
        for celdas in lector:
            numero = lector.line_num
            if numero == 1 or _vacia(celdas):
                continue
            yield numero, [texto_leido(c) for c in (celdas + [""] * n)[:n]]
