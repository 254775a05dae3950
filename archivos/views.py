"""Transacciones → Pagos por Archivo: upload, a file's progress and errors, accepting its
valid rows (token code), the progress endpoint and the downloads.

Every view: the profile option `archivos` (comun.acceso.opcion_requerida) → the file
through archivos.access (another company's file is a 404) → form → action.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from archivos import exports
from archivos.access import archivos_de, get_archivo_de_operacion, get_archivo_for
from archivos.actions.carga import do_aceptar_archivo, do_subir_archivo
from archivos.forms import CargaForm
from archivos.models import Archivo, Fila
from comun.acceso import opcion_requerida
from comun.errores import AccionRechazada, en_formulario
from comun.paginas import tamano_pagina
from comun.stepup import StepUpForm
from transacciones import reglas
from transacciones.eventos import Eventos as EventosTransacciones

A = Archivo.Estado
OPCION = reglas.ARCHIVOS


def _stepup(request: HttpRequest, confirmar: bool = False) -> StepUpForm:
    return StepUpForm(actor=request.user, accion=EventosTransacciones.OPERACION_CAPTURADA, request=request,
                      data=request.POST if confirmar else None)


def _puede_cargar(user) -> bool:
    return reglas.puede_capturar(user, OPCION)


@require_http_methods(["GET", "POST"])
@opcion_requerida(OPCION)
def cargar(request: HttpRequest) -> HttpResponse:
    """The upload form and the user's recent files."""
    puede = _puede_cargar(request.user)
    form = CargaForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST":
        if not puede:
            raise PermissionDenied
        if form.is_valid():
            archivo = None
            with en_formulario(form):
                archivo, _creado = do_subir_archivo(**form.datos_accion(), actor=request.user, request=request)
            if archivo is not None:
                messages.success(request, _("Archivo %(n)s cargado: se está validando.") % {"n": archivo.nombre})
                return redirect("archivos:archivo", pk=archivo.pk)
    recientes = archivos_de(request.user).select_related("operacion", "origen")[:20]
    return render(request, "archivos/cargar.html", {"form": form, "puede_cargar": puede, "recientes": recientes})


@require_GET
@opcion_requerida(OPCION)
def plantilla(request: HttpRequest, formato: str) -> HttpResponse:
    if formato not in ("csv", "xlsx"):
        raise Http404
    return exports.plantilla(formato)


def _estimado(inicio, hechas: int, total: int) -> int | None:
    """Seconds left at the rate so far; None before there is a rate."""
    if inicio is None or hechas <= 0 or total <= hechas:
        return None
    segundos = (timezone.now() - inicio).total_seconds()
    return int(segundos / hechas * (total - hechas)) + 1


def progreso_de(archivo: Archivo) -> dict:
    ejecutando = archivo.estado in (A.ACEPTADO, A.EJECUTANDO, A.TERMINADO) and archivo.operacion_id is not None and (
        archivo.ejecucion_inicio is not None or archivo.estado == A.TERMINADO)
    if ejecutando:
        fase, hechas, total = "ejecucion", archivo.procesadas, archivo.por_pagar
        estimado = _estimado(archivo.ejecucion_inicio, hechas, total) if archivo.estado == A.EJECUTANDO else None
    else:
        fase, hechas, total = "validacion", archivo.revisadas, archivo.total
        estimado = _estimado(archivo.validacion_inicio, hechas, total) if archivo.estado == A.VALIDANDO else None
    return {
        "estado": archivo.estado, "estado_texto": str(archivo.get_estado_display()), "fase": fase,
        "hechas": hechas, "total": total, "porcentaje": int(100 * hechas / total) if total else 0,
        "validadas": archivo.validadas, "erroneas": archivo.erroneas, "ejecutadas": archivo.ejecutadas,
        "fallidas": archivo.fallidas, "estimado_segundos": estimado, "en_proceso": archivo.en_proceso,
        "operacion": archivo.operacion.get_estado_display() if archivo.operacion_id else "",
    }


@require_GET
@opcion_requerida(OPCION)
def archivo(request: HttpRequest, pk: int) -> HttpResponse:
    a = get_archivo_for(request.user, pk)
    return _detalle(request, a)


def _detalle(request: HttpRequest, a: Archivo, stepup: StepUpForm | None = None) -> HttpResponse:
    tamano = tamano_pagina(request)
    errores = Paginator(a.filas.filter(estado=Fila.Estado.ERRONEA).order_by("numero"), tamano).get_page(
        request.GET.get("pagina"))
    fallidas = a.filas.filter(estado=Fila.Estado.FALLIDA).order_by("numero")[:200] if a.fallidas else []
    puede_aceptar = (a.captor_id == request.user.pk and a.operacion_id is None and a.validadas > 0
                     and a.estado in (A.VALIDADO, A.CON_ERRORES) and _puede_cargar(request.user))
    return render(request, "archivos/archivo.html", {
        "a": a, "p": progreso_de(a), "errores": errores, "tamano": tamano, "fallidas": fallidas,
        "puede_aceptar": puede_aceptar, "stepup": stepup or _stepup(request), "motivo_operacion": _motivo_operacion(a),
    })


def _motivo_operacion(a: Archivo) -> str:
    """The operation's reason in the reader's language: a partial execution's is ours (the
    failed rows, stored in Spanish by archivos.tasks), any other is the approver's own text."""
    if a.operacion_id is None:
        return ""
    if a.operacion.estado == a.operacion.Estado.PARCIAL and a.fallidas:
        return _("%(n)d fila(s) del archivo no se pudieron pagar.") % {"n": a.fallidas}
    return a.operacion.motivo


@require_GET
@opcion_requerida(OPCION)
def progreso(request: HttpRequest, pk: int) -> JsonResponse:
    return JsonResponse(progreso_de(get_archivo_for(request.user, pk)))


@require_POST
@opcion_requerida(OPCION)
def aceptar(request: HttpRequest, pk: int) -> HttpResponse:
    """Aceptar filas válidas: the captor's token code, then one operation for the valid rows."""
    a = get_archivo_for(request.user, pk)
    if a.operacion_id is not None:
        return redirect("transacciones:operacion", pk=a.operacion_id)
    stepup = _stepup(request, True)
    op = None
    with transaction.atomic():
        if stepup.is_valid():
            try:
                op = do_aceptar_archivo(a, actor=request.user, request=request)
            except AccionRechazada as exc:
                messages.error(request, exc.mensaje)
                return redirect("archivos:archivo", pk=a.pk)
    if op is None:
        return _detalle(request, a, stepup=stepup)
    if op.estado == op.Estado.POR_APROBAR:
        messages.success(request, _("Operación %(n)s capturada: queda Por Aprobar (%(r)d aprobación(es)).") % {
            "n": op.numero, "r": op.aprobaciones_requeridas})
    else:
        messages.success(request, _("Operación %(n)s: %(e)s.") % {"n": op.numero, "e": op.get_estado_display()})
    return redirect("archivos:archivo", pk=a.pk)


@require_GET
@opcion_requerida(OPCION)
def errores(request: HttpRequest, pk: int) -> HttpResponse:
    return exports.errores(get_archivo_for(request.user, pk))


@require_GET
@opcion_requerida(OPCION)
def resultado(request: HttpRequest, pk: int) -> HttpResponse:
    a = get_archivo_for(request.user, pk)
    if a.estado != A.TERMINADO:
        raise Http404
    return exports.resultado(a)


@require_GET
@opcion_requerida(OPCION)
def de_operacion(request: HttpRequest, operacion_id: int) -> HttpResponse:
    """From an operation's detail (transacciones) to its file."""
    return redirect("archivos:archivo", pk=get_archivo_de_operacion(request.user, operacion_id).pk)
