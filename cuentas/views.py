"""Consultas: Saldos, Movimientos and Extractos of the products a user may see.

Thin views: option gate → access helper → form → selector → template/export.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from comun.acceso import opcion_requerida, tiene_opcion
from comun.entradas import entero
from cuentas import exports, selectors
from cuentas.access import (
    CONSULTA_MOVIMIENTOS,
    CONSULTA_SALDOS,
    EXTRACTOS,
    cuenta_entre,
    get_cuenta_for,
    productos_de,
)
from cuentas.forms import TAMANOS_PAGINA, Filtro, MovimientosForm

LIMITE_PDF = 5000  # movements; a longer period is offered as Excel (a PDF that size helps nobody)


@require_GET
@opcion_requerida(CONSULTA_SALDOS, administrador=True)
def saldos(request: HttpRequest) -> HttpResponse:
    return render(request, "cuentas/saldos.html", {
        "saldos": selectors.saldos_de(request.user),
        "con_movimientos": tiene_opcion(request.user, CONSULTA_MOVIMIENTOS, administrador=True),
    })


def _filtro(request: HttpRequest) -> tuple[MovimientosForm, Filtro]:
    form = MovimientosForm(request.GET or None, productos=list(productos_de(request.user)))
    return form, form.filtro()


def _consulta(filtro: Filtro, **extra) -> str:
    return urlencode({"producto": filtro.producto_id or "", "desde": filtro.desde.isoformat(),
                      "hasta": filtro.hasta.isoformat(), **({"q": filtro.texto} if filtro.texto else {}), **extra})


@require_GET
@opcion_requerida(CONSULTA_MOVIMIENTOS, administrador=True)
def movimientos(request: HttpRequest) -> HttpResponse:
    form, filtro = _filtro(request)
    contexto: dict = {"form": form, "filtro": filtro, "tamanos": TAMANOS_PAGINA, "tamano": filtro.tamano,
                      "con_extractos": tiene_opcion(request.user, EXTRACTOS, administrador=True)}
    if filtro.producto_id is not None:
        cuenta = cuenta_entre(form.productos, filtro.producto_id)
        numero = request.GET.get("pagina")
        lista = selectors.movimientos(cuenta, filtro.desde, filtro.hasta, filtro.texto, tamano=filtro.tamano,
                                      pagina=entero(numero, minimo=1) or 1)
        contexto.update(
            cuenta=cuenta, producto=cuenta.producto,
            pagina=Paginator(lista, filtro.tamano).get_page(numero),
            consulta=_consulta(filtro, ver=filtro.tamano), consulta_sin_tamano=_consulta(filtro),
            consulta_extracto=_consulta(filtro),
        )
    return render(request, "cuentas/movimientos.html", contexto)


@require_GET
@opcion_requerida(EXTRACTOS, administrador=True)
def extractos(request: HttpRequest) -> HttpResponse:
    """Consultas → Extractos: choose product and period, download Excel or PDF."""
    form, filtro = _filtro(request)
    return render(request, "cuentas/extractos.html", {"form": form, "filtro": filtro})


@require_GET
@opcion_requerida(EXTRACTOS, administrador=True)
def extracto(request: HttpRequest, formato: str) -> HttpResponse:
    """The whole period of one product as a bank statement (Excel or PDF)."""
    if formato not in ("excel", "pdf"):
        raise Http404
    _form, filtro = _filtro(request)
    if filtro.producto_id is None:
        raise Http404
    cuenta = get_cuenta_for(request.user, filtro.producto_id)
    resumen = selectors.resumen(cuenta, filtro.desde, filtro.hasta)
    if formato == "pdf" and resumen.hi - resumen.lo + 1 > LIMITE_PDF:
        messages.error(request, _("El periodo tiene más de %(n)s movimientos: descargue el extracto en Excel.")
                       % {"n": f"{LIMITE_PDF:,}".replace(",", ".")})
        return redirect(f"{reverse('cuentas:extractos')}?{_consulta(filtro)}")
    extracto = exports.Extracto(empresa=request.user.empresa, producto=cuenta.producto, cuenta=cuenta,
                                desde=filtro.desde, hasta=filtro.hasta, resumen=resumen)
    if formato == "excel":
        return exports.excel(extracto)
    return exports.pdf(extracto, request)
