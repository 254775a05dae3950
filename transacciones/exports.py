"""Histórico de Transacciones (Excel with openpyxl write-only, PDF with WeasyPrint) and
the comprobante (receipt) of an executed operation."""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from comun.excel import texto_seguro
from transacciones.models import Operacion

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATO_MONTO = '"$"#,##0.00;-"$"#,##0.00'


def encabezados() -> list[str]:
    return [_("No. Operación"), _("Fecha de captura"), _("Tipo de operación"), _("Producto origen"), _("Destino"),
            _("Monto"), _("Fecha de aplicación"), _("Estado"), _("Capturada por"), _("Aprobaciones"), _("Motivo")]


def _fila(op: Operacion) -> list:
    return [op.numero, timezone.localtime(op.creada).replace(tzinfo=None), op.get_tipo_display(), str(op.origen),
            op.destino_texto, op.monto, op.fecha_programada, op.get_estado_display(), op.captor.username,
            f"{op.aprobaciones_recibidas}/{op.aprobaciones_requeridas}", op.motivo]


def excel(operaciones: Iterable[Operacion], nombre: str) -> HttpResponse:
    libro = Workbook(write_only=True)
    hoja = libro.create_sheet(_("Histórico")[:31])
    for ancho, col in zip((12, 18, 32, 30, 40, 18, 14, 14, 14, 12, 30), "ABCDEFGHIJK", strict=True):
        hoja.column_dimensions[col].width = ancho
    negrita = Font(bold=True)
    titulos = []
    for h in encabezados():
        celda = WriteOnlyCell(hoja, value=h)
        celda.font = negrita
        titulos.append(celda)
    hoja.append(titulos)
    for op in operaciones:
        fila = [texto_seguro(v) for v in _fila(op)]
        monto = WriteOnlyCell(hoja, value=fila[5])
        monto.number_format = FORMATO_MONTO
        fila[5] = monto
        hoja.append(fila)
    salida = io.BytesIO()
    libro.save(salida)
    respuesta = HttpResponse(salida.getvalue(), content_type=XLSX)
    respuesta["Content-Disposition"] = f'attachment; filename="{nombre}.xlsx"'
    return respuesta


def _pdf(html: str, nombre: str) -> HttpResponse:
    from weasyprint import HTML

    respuesta = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    respuesta["Content-Disposition"] = f'attachment; filename="{nombre}.pdf"'
    return respuesta


def pdf(operaciones: Iterable[Operacion], nombre: str, request: HttpRequest) -> HttpResponse:
    html = render_to_string("transacciones/historico_pdf.html", {
        "operaciones": operaciones, "encabezados": encabezados(), "generado": timezone.localtime(),
    }, request=request)
    return _pdf(html, nombre)


def comprobante(op: Operacion, aprobaciones: list, request: HttpRequest) -> HttpResponse:
    html = render_to_string("transacciones/comprobante_pdf.html", {
        "op": op, "aprobaciones": aprobaciones, "generado": timezone.localtime(),
    }, request=request)
    return _pdf(html, f"comprobante_{op.numero}")
