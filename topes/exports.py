"""Excel (openpyxl write-only) and PDF (WeasyPrint) of Consulta de topes."""

from __future__ import annotations

import io

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from comun.dinero import formato_cop
from comun.excel import texto_seguro
from topes.rules import CAMPOS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _encabezados() -> list[str]:
    return [_("Usuario"), _("Nombre Usuario"), _("Servicio"), _("Tipo Producto"), _("No. Producto"),
            _("Nombre Producto"), _("Transacción"), _("Diario"), _("Mensual")]


def _celdas(fila: dict) -> list:
    a = fila["asignacion"]
    return [fila["usuario"].username, fila["usuario"].nombre_completo, str(fila["servicio"]),
            a.producto.get_tipo_display(), a.producto.numero, a.producto.nombre,
            *(getattr(fila["montos"], c) for c in CAMPOS)]


def excel(titulo: str, filas: list[dict], nombre: str) -> HttpResponse:
    libro = Workbook(write_only=True)
    hoja = libro.create_sheet(_("Topes")[:31])
    hoja.append([titulo])
    hoja.append([_("Generado"), timezone.localtime().strftime("%Y/%m/%d %H:%M")])
    hoja.append([])
    hoja.append(_encabezados())
    for fila in filas:
        # Amounts stay numbers (Decimal) so the spreadsheet can add them up.
        hoja.append([texto_seguro(v) for v in _celdas(fila)])
    salida = io.BytesIO()
    libro.save(salida)
    respuesta = HttpResponse(salida.getvalue(), content_type=XLSX)
    respuesta["Content-Disposition"] = f'attachment; filename="{nombre}.xlsx"'
    return respuesta


def pdf(request: HttpRequest, titulo: str, filas: list[dict], nombre: str) -> HttpResponse:
    from weasyprint import HTML

    html = render_to_string("topes/pdf_topes.html", {
        "titulo": titulo,
        "encabezados": _encabezados(),
        "filas": [[*_celdas(f)[:6], *(formato_cop(getattr(f["montos"], c)) for c in CAMPOS)] for f in filas],
        "empresa": request.user.empresa,
        "generado": timezone.localtime(),
    }, request=request)
    documento = HTML(string=html).write_pdf()
    respuesta = HttpResponse(documento, content_type="application/pdf")
    respuesta["Content-Disposition"] = f'attachment; filename="{nombre}.pdf"'
    return respuesta
