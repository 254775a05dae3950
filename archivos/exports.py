"""Files a person downloads: the template (Excel, CSV), the error file (CSV) and the result
file (Excel). Rows are streamed from the database (`iterator`), never loaded at once.

The error and result files are in the language of the person downloading them (the
request's, active when the view calls these): headers, states and each row's reason
(archivos.motivos). The template's column names stay Spanish: they are the file's format."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from archivos.lectura import ENCABEZADO_ES
from archivos.models import Archivo, Fila
from comun.excel import texto_seguro

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EJEMPLO = [
    ["CC", "1012345678", "Ana María Pérez", "Bancolombia", "Ahorros", "20834567812", "2.350.000,00", "NOMINA NOV"],
    ["NIT", "900123456-8", "Proveedora del Cauca S.A.S.", "Davivienda", "Corriente", "45670001234", "1500000.50",
     "FACT 1234"],
]


def _xlsx(filas: Iterator[list], nombre: str) -> HttpResponse:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    for f in filas:
        ws.append([texto_seguro(v) for v in f])  # the rows carry what the uploaded file said
    buf = io.BytesIO()
    wb.save(buf)
    r = HttpResponse(buf.getvalue(), content_type=XLSX)
    r["Content-Disposition"] = f'attachment; filename="{nombre}.xlsx"'
    return r


def plantilla(formato: str) -> HttpResponse:
    if formato == "xlsx":
        return _xlsx(iter([ENCABEZADO_ES, *EJEMPLO]), "plantilla_pagos")
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";")
    w.writerow(ENCABEZADO_ES)
    w.writerows(EJEMPLO)
    r = HttpResponse("\ufeff" + buf.getvalue(), content_type="text/csv; charset=utf-8")
    r["Content-Disposition"] = 'attachment; filename="plantilla_pagos.csv"'
    return r


class _Eco:
    def write(self, valor: str) -> str:
        return valor


def _campos(f: Fila) -> list:
    return [f.tipo_identificacion, f.numero_identificacion, f.nombre, f.banco, f.tipo_cuenta, f.numero_cuenta,
            f.valor_texto if f.valor is None else f"{f.valor}".replace(".", ","), f.referencia]


def errores(archivo: Archivo) -> StreamingHttpResponse:
    """The bad rows as the person sent them, with the line and the reason: fix and upload again.
    Text that starts like a formula gets the spreadsheets' apostrophe (comun.excel.texto_seguro),
    so opening the file runs nothing; reading it back removes it (archivos.lectura)."""
    w = csv.writer(_Eco(), delimiter=";")
    idioma = get_language()

    def lineas() -> Iterator[str]:
        # Streamed after the view returned: the request's language is set again here.
        with override(idioma):
            yield "\ufeff" + w.writerow([_("Fila"), *ENCABEZADO_ES, _("Motivo")])
            for f in archivo.filas.filter(estado=Fila.Estado.ERRONEA).order_by("numero").iterator(chunk_size=2000):
                yield w.writerow([f.numero, *(texto_seguro(c) for c in _campos(f)), texto_seguro(f.motivo_texto)])

    r = StreamingHttpResponse(lineas(), content_type="text/csv; charset=utf-8")
    r["Content-Disposition"] = f'attachment; filename="errores_archivo_{archivo.pk}.csv"'
    return r


def resultado(archivo: Archivo) -> HttpResponse:
    """Each row's outcome (Excel): paid, failed (and why), or refused at validation."""
    def filas() -> Iterator[list]:
        yield [_("Fila"), *ENCABEZADO_ES, _("Estado"), _("Motivo"), _("Id transferencia")]
        for f in archivo.filas.order_by("numero").iterator(chunk_size=2000):
            transferencia = f"operacion:{archivo.operacion_id}-{f.numero}" if f.estado == Fila.Estado.PAGADA else ""
            yield [f.numero, *_campos(f)[:6], f.valor if f.valor is not None else f.valor_texto, f.referencia,
                   str(f.get_estado_display()), f.motivo_texto, transferencia]

    return _xlsx(filas(), f"resultado_archivo_{archivo.pk}")
