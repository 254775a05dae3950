"""Excel and PDF of the filtered token list (the whole result, not one page)."""

from __future__ import annotations

import io

from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from comun.excel import texto_seguro
from tokens.models import TokenVirtual


def _columnas() -> list[str]:
    return [_("Nombre Usuario"), _("Usuario"), _("Número de Serie"), _("Última Actualización"), _("Estado")]


def _fila(t: TokenVirtual) -> list[str]:
    return [
        t.usuario.nombre_completo if t.usuario else "",
        t.usuario.username if t.usuario else "",
        t.serial,
        timezone.localtime(t.actualizado).strftime("%Y/%m/%d"),
        str(t.get_estado_display()),
    ]


def excel(tokens: QuerySet[TokenVirtual], resumen) -> bytes:
    from openpyxl import Workbook

    libro = Workbook(write_only=True)
    hoja = libro.create_sheet(_("Token Virtual")[:31])
    hoja.append([_("Cantidad Tokens Virtuales Empresa"), resumen.cupo])
    hoja.append([_("Cantidad Tokens Virtuales Disponibles"), resumen.disponibles])
    hoja.append([])
    hoja.append(_columnas())
    for t in tokens.iterator(chunk_size=500):
        hoja.append([texto_seguro(v) for v in _fila(t)])
    salida = io.BytesIO()
    libro.save(salida)
    return salida.getvalue()


def pdf(tokens: QuerySet[TokenVirtual], resumen, *, empresa, request) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "tokens/export_pdf.html",
        {"filas": [_fila(t) for t in tokens], "columnas": _columnas(), "resumen": resumen,
         "empresa": empresa, "generado": timezone.localtime()},
        request=request,
    )
    return HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
