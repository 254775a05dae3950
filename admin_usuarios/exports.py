"""Exports of the Consultar result: Excel (openpyxl write-only) and PDF (WeasyPrint).

Both stream the whole filtered result from `selectors.filas_exportacion` (one
query, server-side chunks) and neutralise cells that a spreadsheet would run as a
formula. The PDF is laid out as one preformatted line per row in a monospaced
font. Page 1 opens with the title and the report facts, then the column header;
later pages repeat the column header as a running page header: WeasyPrint renders that
about as fast as plain text, where a 10,000-row <table> is several times slower
and larger (see bench/usuarios.py).
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable
from html import escape
from typing import BinaryIO

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill

from admin_usuarios.models import Usuario
from admin_usuarios.selectors import filas_exportacion
from comun.excel import texto_seguro

ANCHOS_EXCEL = (22, 45, 24, 14)
ANCHOS_PDF = (20, 44, 22, 10)  # characters of the monospaced PDF columns
Progreso = Callable[[int], None]


def neutralizar(valor) -> str:
    """A value as text a spreadsheet (or the PDF) shows as typed (comun.excel.texto_seguro)."""
    return texto_seguro(str(valor))


def encabezados() -> list[str]:
    return [_("Usuario"), _("Nombre Usuario"), _("Perfil"), _("Estado")]


def contexto_reporte(actor: Usuario, descripcion_filtros: list[tuple[str, str]]) -> dict:
    empresa = actor.empresa
    return {
        "titulo": _("Configuración de Usuarios"),
        "empresa": neutralizar(f"{empresa.razon_social} - NIT {empresa.nit}"),
        "fecha": timezone.localtime().strftime("%Y/%m/%d %H:%M"),
        "filtros": [(neutralizar(k), neutralizar(v)) for k, v in descripcion_filtros],
        "sin_filtros": _("Sin filtros: todos los usuarios"),
    }


def _cada(filas: Iterable, progreso: Progreso | None, cada: int = 500):
    n = 0
    for n, fila in enumerate(filas, 1):
        if progreso and n % cada == 0:
            progreso(n)
        yield fila
    if progreso:
        progreso(n)


def escribir_excel(destino: str | BinaryIO, *, actor: Usuario, filtros: dict,
                   descripcion_filtros: list[tuple[str, str]], progreso: Progreso | None = None) -> None:
    ctx = contexto_reporte(actor, descripcion_filtros)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=_("Usuarios")[:31])
    for letra, ancho in zip("ABCD", ANCHOS_EXCEL, strict=True):
        ws.column_dimensions[letra].width = ancho
    negrita = Font(bold=True)

    def celda(valor, **estilo):
        c = WriteOnlyCell(ws, value=valor)
        for k, v in estilo.items():
            setattr(c, k, v)
        return c

    ws.append([celda(ctx["titulo"], font=Font(bold=True, size=13))])
    ws.append([celda(_("Empresa"), font=negrita), ctx["empresa"]])
    ws.append([celda(_("Fecha"), font=negrita), ctx["fecha"]])
    ws.append([celda(_("Filtros"), font=negrita), "; ".join(f"{k}: {v}" for k, v in ctx["filtros"])
               or ctx["sin_filtros"]])
    ws.append([])
    relleno = PatternFill("solid", fgColor="003F8A")
    ws.append([celda(t, font=Font(bold=True, color="FFFFFF"), fill=relleno) for t in encabezados()])
    for fila in _cada(filas_exportacion(actor, filtros), progreso):
        ws.append([neutralizar(v) for v in fila])
    wb.save(destino)


def _linea(valores: Iterable[str]) -> str:
    """One row as fixed-width text; long values wrap inside their column."""
    columnas = [textwrap.wrap(v, ancho) or [""] for v, ancho in zip(valores, ANCHOS_PDF, strict=True)]
    alto = max(len(c) for c in columnas)
    return "\n".join(
        " ".join((c[i] if i < len(c) else "").ljust(ancho) for c, ancho in zip(columnas, ANCHOS_PDF, strict=True))
        .rstrip()
        for i in range(alto)
    )


def html_pdf(actor: Usuario, filtros: dict, descripcion_filtros: list[tuple[str, str]],
             progreso: Progreso | None = None) -> str:
    ctx = contexto_reporte(actor, descripcion_filtros)
    ctx["cabecera"] = _linea(encabezados())
    ctx["idioma"] = get_language() or "es"
    ctx["razon_social"], ctx["nit"] = actor.empresa.razon_social, actor.empresa.nit
    partes = render_to_string("admin_usuarios/exportar_pdf.html", ctx).split("<!--FILAS-->")
    filas = "".join(
        f'<div class="f">{escape(_linea([neutralizar(v) for v in fila]))}</div>'
        for fila in _cada(filas_exportacion(actor, filtros), progreso)
    )
    return partes[0] + filas + partes[1]


def escribir_pdf(destino: str | BinaryIO, *, actor: Usuario, filtros: dict,
                 descripcion_filtros: list[tuple[str, str]], progreso: Progreso | None = None) -> None:
    from weasyprint import HTML

    HTML(string=html_pdf(actor, filtros, descripcion_filtros, progreso)).write_pdf(destino)
