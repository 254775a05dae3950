"""The extracto (bank statement) of one product and period: Excel (openpyxl
write-only, streamed from the database) and PDF (WeasyPrint)."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import BinaryIO

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from admin_usuarios.models import Empresa, Producto
from comun.dinero import formato_cop
from comun.excel import texto_seguro
from cuentas.models import Cuenta
from cuentas.selectors import Fila, Resumen, filas_excel, filas_extracto

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATO_MONTO = '"$"#,##0.00;-"$"#,##0.00'


@dataclass(frozen=True)
class Extracto:
    empresa: Empresa
    producto: Producto
    cuenta: Cuenta
    desde: dt.date
    hasta: dt.date
    resumen: Resumen

    @property
    def nombre_archivo(self) -> str:
        return f"extracto_{self.producto.numero}_{self.desde:%Y%m%d}_{self.hasta:%Y%m%d}"

    @property
    def producto_texto(self) -> str:
        return f"{self.producto.get_tipo_display()} {self.producto.nombre} - {self.producto.numero}"

    def filas(self):
        return filas_extracto(self.cuenta, self.resumen.lo, self.resumen.hi)


def _encabezados() -> list[str]:
    return [_("Fecha"), _("Descripción"), _("Referencia"), _("Débito"), _("Crédito"), _("Saldo")]


def escribir_excel(extracto: Extracto, salida: BinaryIO) -> None:
    libro = Workbook(write_only=True)
    hoja = libro.create_sheet(_("Extracto")[:31])
    for ancho, col in zip((18, 40, 20, 18, 18, 18), "ABCDEF", strict=True):
        hoja.column_dimensions[col].width = ancho
    r = extracto.resumen
    negrita = Font(bold=True)

    def rotulo(texto: str) -> WriteOnlyCell:
        celda = WriteOnlyCell(hoja, value=texto)
        celda.font = negrita
        return celda

    def monto(valor) -> WriteOnlyCell:
        celda = WriteOnlyCell(hoja, value=valor)
        celda.number_format = FORMATO_MONTO
        return celda

    hoja.append([rotulo(_("Extracto de %(p)s") % {"p": extracto.producto_texto})])
    hoja.append([_("Empresa"), texto_seguro(extracto.empresa.razon_social)])
    hoja.append([_("NIT"), texto_seguro(extracto.empresa.nit)])
    hoja.append([_("Periodo"), f"{extracto.desde:%Y/%m/%d} - {extracto.hasta:%Y/%m/%d}"])
    hoja.append([_("Saldo inicial"), monto(r.saldo_inicial)])
    hoja.append([])
    hoja.append([rotulo(h) for h in _encabezados()])
    # Amounts stay numbers (Decimal) so the spreadsheet can add them up; dates are
    # Bogotá wall-clock times (Excel has no time zones). Plain values per row, ready
    # from the selector: a styled cell per amount would double the time of a
    # 100,000-row statement.
    # The description and the reference carry typed text (a beneficiary's alias, a reference).
    for fecha, descripcion, referencia, *montos in filas_excel(extracto.cuenta, r.lo, r.hi):
        hoja.append((fecha, texto_seguro(descripcion), texto_seguro(referencia), *montos))
    hoja.append([])
    hoja.append([rotulo(_("Total débitos")), r.numero_debitos, None, monto(r.total_debitos)])
    hoja.append([rotulo(_("Total créditos")), r.numero_creditos, None, None, monto(r.total_creditos)])
    hoja.append([rotulo(_("Saldo final")), None, None, None, None, monto(r.saldo_final)])
    hoja.append([_("Generado"), timezone.localtime().strftime("%Y/%m/%d %H:%M")])
    libro.save(salida)


def excel(extracto: Extracto) -> HttpResponse:
    salida = io.BytesIO()
    escribir_excel(extracto, salida)
    respuesta = HttpResponse(salida.getvalue(), content_type=XLSX)
    respuesta["Content-Disposition"] = f'attachment; filename="{extracto.nombre_archivo}.xlsx"'
    return respuesta


def pdf(extracto: Extracto, request: HttpRequest) -> HttpResponse:
    from weasyprint import HTML

    zona = timezone.get_current_timezone()
    filas = [
        (f.fecha.astimezone(zona), f.descripcion, f.referencia,
         formato_cop(f.debito) if f.debito else "", formato_cop(f.credito) if f.credito else "",
         formato_cop(f.saldo))
        for f in map(Fila.de, extracto.filas())
    ]
    html = render_to_string("cuentas/extracto_pdf.html", {
        "e": extracto, "r": extracto.resumen, "filas": filas, "encabezados": _encabezados(),
        "generado": timezone.localtime(),
    }, request=request)
    respuesta = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
    respuesta["Content-Disposition"] = f'attachment; filename="{extracto.nombre_archivo}.pdf"'
    return respuesta
