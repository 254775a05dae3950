"""The administrator's consult of the company's audit trail, and its Excel export."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from auditoria import selectors
from auditoria.exports import excel_auditoria
from auditoria.forms import FiltroAuditoriaForm
from comun.acceso import administrador_requerido

POR_PAGINA = 25


def _form(request: HttpRequest) -> FiltroAuditoriaForm:
    return FiltroAuditoriaForm(request.GET or None, acciones=selectors.acciones_de_empresa(request.user.empresa_id))


DETALLES_VISIBLES = 3


@administrador_requerido
def consulta(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    eventos = selectors.eventos_de_empresa(request.user.empresa_id, **form.filtros()).only(
        "creado", "accion", "actor_nombre", "objetivo_descripcion", "ip", "detalles")
    pagina = Paginator(eventos, POR_PAGINA).get_page(request.GET.get("pagina"))
    etiquetas = selectors.etiquetas_acciones()
    filas = []
    for e in pagina:
        partes = selectors.partes_detalles(e.detalles)
        # A limits save lists every cell it changed: the first few show, the rest fold.
        filas.append({"evento": e, "accion": etiquetas.get(e.accion, e.accion),
                      "detalles": partes[:DETALLES_VISIBLES], "mas_detalles": partes[DETALLES_VISIBLES:]})
    consulta_actual = request.GET.copy()
    consulta_actual.pop("pagina", None)
    return render(request, "auditoria/consulta.html", {
        "form": form, "pagina": pagina, "filas": filas, "consulta": consulta_actual.urlencode(),
    })


@administrador_requerido
def exportar_excel(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    empresa = request.user.empresa
    eventos = selectors.eventos_de_empresa(empresa.pk, **form.filtros())
    contenido = excel_auditoria(eventos, empresa=empresa, filtros=form.descripcion())
    nombre = f"auditoria_{empresa.nit}_{timezone.localtime():%Y%m%d_%H%M}.xlsx"
    respuesta = HttpResponse(
        contenido, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    respuesta["Content-Disposition"] = f'attachment; filename="{nombre}"'
    return respuesta
