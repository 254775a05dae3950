"""Servicio al Cliente: Certificados y Referencias and Solicitud de Chequera.

Thin views: option gate → access helper → form → (token) → action → redirect / PDF.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from comun.acceso import opcion_requerida
from comun.errores import en_formulario
from comun.stepup import StepUpForm
from servicio import exports
from servicio.access import (
    CERTIFICADOS,
    SOLICITUD_CHEQUERA,
    cuentas_corrientes,
    get_cuenta_corriente_for,
    get_producto_certificable_for,
    get_solicitud_for,
    productos_certificables,
    solicitudes_de,
)
from servicio.actions.certificados import do_emitir_certificado
from servicio.actions.chequeras import do_solicitar_chequera
from servicio.eventos import Eventos
from servicio.forms import CertificadoForm, ChequeraForm

POR_PAGINA = 20


@require_http_methods(["GET", "POST"])
@opcion_requerida(CERTIFICADOS, administrador=True)
def certificados(request: HttpRequest) -> HttpResponse:
    """Certificados y Referencias: choose a product → its bank certificate as PDF."""
    productos = list(productos_certificables(request.user))
    form = CertificadoForm(request.POST or None, productos=productos)
    if request.method == "POST" and form.is_valid():
        producto = get_producto_certificable_for(request.user, form.cleaned_data["producto"])
        certificado = do_emitir_certificado(producto, incluir_saldo=form.cleaned_data["incluir_saldo"],
                                            actor=request.user, request=request)
        return exports.certificado_pdf(certificado, request)
    return render(request, "servicio/certificados.html", {"form": form, "productos": productos})


@require_http_methods(["GET", "POST"])
@opcion_requerida(SOLICITUD_CHEQUERA)
def chequeras(request: HttpRequest) -> HttpResponse:
    """Solicitud de Chequera: the form (with the user's token code) and the requests made."""
    productos = list(cuentas_corrientes(request.user))
    form = ChequeraForm(request.POST or None, productos=productos)
    stepup = StepUpForm(actor=request.user, accion=Eventos.CHEQUERA_SOLICITADA, request=request)
    if request.method == "POST" and form.is_valid():
        # Any other product (another company's, unassigned, not a current account) is a 404.
        producto = get_cuenta_corriente_for(request.user, form.cleaned_data["producto"])
        # Bound only now: validating consumes the token code.
        stepup = StepUpForm(actor=request.user, accion=Eventos.CHEQUERA_SOLICITADA, request=request,
                            data=request.POST)
        solicitud = None
        with transaction.atomic():
            if stepup.is_valid():
                with en_formulario(form):
                    solicitud = do_solicitar_chequera(producto, chequeras=form.cleaned_data["chequeras"],
                                                      oficina=form.cleaned_data["oficina"],
                                                      actor=request.user, request=request)
        if solicitud is not None:
            messages.success(request, _("Solicitud %(n)s registrada: %(c)d chequera(s) para recoger en %(o)s.")
                             % {"n": solicitud.pk, "c": solicitud.chequeras, "o": solicitud.get_oficina_display()})
            return redirect("servicio:chequera", pk=solicitud.pk)
    pagina = Paginator(solicitudes_de(request.user), POR_PAGINA).get_page(request.GET.get("pagina"))
    return render(request, "servicio/chequeras.html", {
        "form": form, "stepup": stepup, "productos": productos, "pagina": pagina,
    })


@require_GET
@opcion_requerida(SOLICITUD_CHEQUERA)
def chequera(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "servicio/chequera.html", {"s": get_solicitud_for(request.user, pk)})
