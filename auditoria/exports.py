"""Excel export of the company's audit trail (openpyxl write-only, streamed from the database)."""

from __future__ import annotations

import io

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from auditoria.selectors import etiquetas_acciones, texto_detalles
from comun.excel import texto_seguro


def excel_auditoria(eventos: QuerySet, *, empresa, filtros: list[tuple[str, str]]) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Auditoría"))
    anchos = [18, 34, 18, 22, 16, 80]
    for i, ancho in enumerate(anchos):
        ws.column_dimensions[chr(ord("A") + i)].width = ancho
    negrita = Font(bold=True)

    def fila_negrita(valores: list[str]) -> list[WriteOnlyCell]:
        celdas = []
        for v in valores:
            c = WriteOnlyCell(ws, value=texto_seguro(v))
            c.font = negrita
            celdas.append(c)
        return celdas

    ahora = timezone.localtime()
    ws.append(fila_negrita([_("Registro de auditoría")]))
    ws.append([_("Empresa"), texto_seguro(f"{empresa.razon_social} - {empresa.nit}")])
    ws.append([_("Fecha"), ahora.strftime("%Y/%m/%d %H:%M")])
    for etiqueta, valor in filtros:
        ws.append([texto_seguro(str(etiqueta)), texto_seguro(str(valor))])
    ws.append([])
    ws.append(fila_negrita([_("Fecha"), _("Acción"), _("Usuario"), _("Objetivo"), _("IP"), _("Detalles")]))
    etiquetas = etiquetas_acciones()
    filas = eventos.values_list("creado", "accion", "actor_nombre", "objetivo_descripcion", "ip", "detalles")
    for creado, accion, actor, objetivo, ip, detalles in filas.iterator(chunk_size=2000):
        ws.append([
            timezone.localtime(creado).strftime("%Y/%m/%d %H:%M:%S"),
            texto_seguro(etiquetas.get(accion, accion)),
            texto_seguro(actor),
            texto_seguro(objetivo),
            ip or "",
            texto_seguro(texto_detalles(detalles)),
        ])
    salida = io.BytesIO()
    wb.save(salida)
    return salida.getvalue()
