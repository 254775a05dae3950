"""Transacciones screens: capture, Aprobación de Operaciones, an operation's detail,
Inscripción de Cuentas, Histórico de Transacciones and the comprobante.

Thin views: gate → access helper → form → (token) → action → redirect.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from comun.acceso import opcion_requerida
from comun.errores import AccionRechazada, en_formulario
from comun.paginas import consulta_sin_pagina, tamano_pagina
from comun.stepup import StepUpForm
from transacciones import exports, reglas, selectors
from transacciones.access import (
    beneficiarios_de,
    gate,
    get_beneficiario_for,
    get_operacion_for,
    get_operaciones_for,
)
from transacciones.actions.beneficiarios import (
    do_activar_beneficiario,
    do_inactivar_beneficiario,
    do_inscribir_beneficiario,
)
from transacciones.actions.operaciones import (
    do_aprobar_operacion,
    do_aprobar_operaciones,
    do_cancelar_operacion,
    do_capturar_operacion,
    do_rechazar_operacion,
    hoy,
)
from transacciones.eventos import Eventos
from transacciones.forms import (
    BeneficiarioForm,
    CapturaForm,
    HistoricoForm,
    ImpuestosForm,
    InscripcionForm,
    InternaForm,
    RechazoForm,
)
from transacciones.models import Operacion

T = Operacion.Tipo
LIMITE_PDF = 2000
MAX_LOTE = 100


def _stepup(request: HttpRequest, accion: str, confirmar: bool = False) -> StepUpForm:
    # Bound only when the rest of the page is valid: validating consumes the token code.
    return StepUpForm(actor=request.user, accion=accion, request=request, data=request.POST if confirmar else None)


def _ver(op: Operacion) -> HttpResponse:
    return redirect("transacciones:operacion", pk=op.pk)


# ---------------------------------------------------------------------------- capture

def _captura(request: HttpRequest, form: CapturaForm, plantilla: str, contexto: dict) -> HttpResponse:
    """The capture screens: the form, then the captor's token code, then the action."""
    stepup = _stepup(request, Eventos.OPERACION_CAPTURADA)
    if request.method == "POST":
        # The same form again (double click, back + resubmit): show what the first one made.
        previa = Operacion.objects.filter(captor=request.user, clave_idempotencia=form.clave_enviada()).first()
        if previa is not None:
            return _ver(previa)
        if form.is_valid():
            stepup = _stepup(request, Eventos.OPERACION_CAPTURADA, True)
            op = None
            # One transaction for the code and the capture: a simultaneous twin of this request
            # waits on the token's row lock, then finds the code used and the operation made.
            with transaction.atomic():
                if stepup.is_valid():
                    with en_formulario(form):
                        op, _creada = do_capturar_operacion(**form.datos_accion(), actor=request.user,
                                                            request=request)
            if op is not None:
                messages.success(request, _mensaje_captura(op))
                return _ver(op)
            previa = Operacion.objects.filter(captor=request.user, clave_idempotencia=form.clave_enviada()).first()
            if previa is not None:
                return _ver(previa)
            if form.errors:
                stepup = _stepup(request, Eventos.OPERACION_CAPTURADA)
    return render(request, plantilla, {"form": form, "stepup": stepup, **contexto})


def _mensaje_captura(op: Operacion) -> str:
    if op.estado == Operacion.Estado.POR_APROBAR:
        return _("Operación %(n)s capturada: queda Por Aprobar (%(r)d aprobación(es)).") % {
            "n": op.numero, "r": op.aprobaciones_requeridas}
    return _("Operación %(n)s: %(e)s.") % {"n": op.numero, "e": op.get_estado_display()}


@require_GET
@opcion_requerida(reglas.TRANSFERENCIAS)
@gate(lambda u: reglas.puede_capturar(u, reglas.TRANSFERENCIAS))
def transferencias(request: HttpRequest) -> HttpResponse:
    """Transacciones → Transferencias: choose Internas or Aval y otros Bancos."""
    return redirect("transacciones:internas")


@require_http_methods(["GET", "POST"])
@opcion_requerida(reglas.TRANSFERENCIAS)
@gate(lambda u: reglas.puede_capturar(u, reglas.TRANSFERENCIAS))
def internas(request: HttpRequest) -> HttpResponse:
    form = InternaForm(request.POST or None, user=request.user, hoy=hoy())
    return _captura(request, form, "transacciones/captura.html",
                    {"titulo": _("Transferencias - Internas"), "pestanas": True, "activa": "internas"})


@require_http_methods(["GET", "POST"])
@opcion_requerida(reglas.TRANSFERENCIAS)
@gate(lambda u: reglas.puede_capturar(u, reglas.TRANSFERENCIAS))
def otros_bancos(request: HttpRequest) -> HttpResponse:
    form = BeneficiarioForm(request.POST or None, user=request.user, hoy=hoy(), tipo=T.OTROS_BANCOS)
    return _captura(request, form, "transacciones/captura.html",
                    {"titulo": _("Transferencias - Aval y otros Bancos"), "pestanas": True, "activa": "otros"})


@require_http_methods(["GET", "POST"])
@opcion_requerida(reglas.PAGOS_TERCEROS)
@gate(lambda u: reglas.puede_capturar(u, reglas.PAGOS_TERCEROS))
def terceros(request: HttpRequest) -> HttpResponse:
    form = BeneficiarioForm(request.POST or None, user=request.user, hoy=hoy(), tipo=T.TERCEROS)
    return _captura(request, form, "transacciones/captura.html", {"titulo": _("Pagos - A Terceros")})


@require_http_methods(["GET", "POST"])
@opcion_requerida(reglas.PAGOS_IMPUESTOS)
@gate(lambda u: reglas.puede_capturar(u, reglas.PAGOS_IMPUESTOS))
def impuestos(request: HttpRequest) -> HttpResponse:
    form = ImpuestosForm(request.POST or None, user=request.user, hoy=hoy())
    return _captura(request, form, "transacciones/captura.html", {"titulo": _("Pagos - Impuestos")})


# ---------------------------------------------------------------------------- approvals

@require_GET
@opcion_requerida(reglas.APROBACIONES)
@gate(reglas.puede_aprobar)
def aprobaciones(request: HttpRequest) -> HttpResponse:
    """Aprobación de Operaciones: what awaits this user; select several and approve with one code."""
    tamano = tamano_pagina(request)
    pagina = selectors.pagina_por_aprobar(request.user, request.GET.get("pagina"), tamano)
    return render(request, "transacciones/aprobaciones.html", {
        "pagina": pagina, "tamano": tamano, "consulta": consulta_sin_pagina(request),
        "stepup": _stepup(request, Eventos.OPERACION_APROBADA),
    })


@require_POST
@opcion_requerida(reglas.APROBACIONES)
@gate(reglas.puede_aprobar)
def aprobar_lote(request: HttpRequest) -> HttpResponse:
    """Bulk approval: the selected operations, one token code for all."""
    try:
        pks = sorted({int(x) for x in request.POST.getlist("operaciones")})
    except ValueError:
        raise Http404 from None
    if not pks:
        messages.error(request, _("Seleccione al menos una operación."))
        return redirect("transacciones:aprobaciones")
    if len(pks) > MAX_LOTE:
        messages.error(request, _("Apruebe hasta %(n)d operaciones a la vez.") % {"n": MAX_LOTE})
        return redirect("transacciones:aprobaciones")
    ops = get_operaciones_for(request.user, pks)
    stepup = _stepup(request, Eventos.OPERACION_APROBADA, True)
    if not stepup.is_valid():
        messages.error(request, " ".join(stepup.errors.get("codigo_token", [])))
        return redirect("transacciones:aprobaciones")
    hechas, rechazos = do_aprobar_operaciones([op.pk for op in ops], actor=request.user, request=request)
    numeros = {op.pk: op.numero for op in ops}
    if hechas:
        messages.success(request, _("%(n)d operación(es) aprobada(s): %(lista)s.") % {
            "n": len(hechas), "lista": ", ".join(f"{o.numero} ({o.get_estado_display()})" for o in hechas)})
    for pk, mensaje in rechazos:
        messages.error(request, f"{numeros[pk]}: {mensaje}")
    return redirect("transacciones:aprobaciones")


@require_GET
@opcion_requerida(reglas.OPERACION, administrador=True)
def operacion(request: HttpRequest, pk: int) -> HttpResponse:
    op = get_operacion_for(request.user, pk)
    return _detalle(request, op)


def _detalle(request: HttpRequest, op: Operacion, *, stepup: StepUpForm | None = None,
             rechazo: RechazoForm | None = None, stepup_rechazo: StepUpForm | None = None) -> HttpResponse:
    user = request.user
    puede_decidir = False
    if op.estado == Operacion.Estado.POR_APROBAR and reglas.puede_aprobar(user):
        try:
            reglas.verificar_aprobador(op, user)
            puede_decidir = not op.aprobaciones.filter(aprobador=user).exists()
        except AccionRechazada:
            puede_decidir = False
    return render(request, "transacciones/operacion.html", {
        "op": op, "aprobaciones": selectors.aprobaciones_de(op), "puede_decidir": puede_decidir,
        "puede_cancelar": op.estado == Operacion.Estado.POR_APROBAR and op.captor_id == user.pk,
        "stepup": stepup or _stepup(request, Eventos.OPERACION_APROBADA),
        "rechazo": rechazo or RechazoForm(), "stepup_rechazo": stepup_rechazo,
        "es_aprobador": reglas.puede_aprobar(user), "ve_historico": reglas.puede_ver_historico(user),
    })


@require_POST
@opcion_requerida(reglas.APROBACIONES)
@gate(reglas.puede_aprobar)
def aprobar(request: HttpRequest, pk: int) -> HttpResponse:
    op = get_operacion_for(request.user, pk)
    stepup = _stepup(request, Eventos.OPERACION_APROBADA, True)
    if not stepup.is_valid():
        return _detalle(request, op, stepup=stepup)
    try:
        op = do_aprobar_operacion(op, actor=request.user, request=request)
    except AccionRechazada as exc:
        messages.error(request, exc.mensaje)
    else:
        messages.success(request, _("Operación %(n)s aprobada: %(e)s.") % {"n": op.numero,
                                                                          "e": op.get_estado_display()})
    return _ver(op)


@require_POST
@opcion_requerida(reglas.APROBACIONES)
@gate(reglas.puede_aprobar)
def rechazar(request: HttpRequest, pk: int) -> HttpResponse:
    op = get_operacion_for(request.user, pk)
    rechazo = RechazoForm(request.POST)
    stepup = _stepup(request, Eventos.OPERACION_RECHAZADA)
    if rechazo.is_valid():
        stepup = _stepup(request, Eventos.OPERACION_RECHAZADA, True)
        if stepup.is_valid():
            with en_formulario(rechazo):
                op = do_rechazar_operacion(op, rechazo.cleaned_data["motivo"], actor=request.user, request=request)
            if not rechazo.errors:
                messages.success(request, _("Operación %(n)s rechazada.") % {"n": op.numero})
                return _ver(op)
    return _detalle(request, op, stepup_rechazo=stepup, rechazo=rechazo)


@require_POST
@opcion_requerida(reglas.CAPTURA)
def cancelar(request: HttpRequest, pk: int) -> HttpResponse:
    op = get_operacion_for(request.user, pk)
    op = do_cancelar_operacion(op, actor=request.user, request=request)
    messages.success(request, _("Operación %(n)s cancelada.") % {"n": op.numero})
    return _ver(op)


@require_GET
@opcion_requerida(reglas.OPERACION, administrador=True)
def comprobante(request: HttpRequest, pk: int) -> HttpResponse:
    op = get_operacion_for(request.user, pk)
    if op.estado != Operacion.Estado.EJECUTADA:
        raise Http404
    return exports.comprobante(op, selectors.aprobaciones_de(op), request)


# ---------------------------------------------------------------------------- histórico

@require_GET
@opcion_requerida(reglas.HISTORICO, administrador=True)
def historico(request: HttpRequest) -> HttpResponse:
    form = HistoricoForm(request.GET or None)
    qs = selectors.historico(request.user, form.filtros())
    consulta = request.GET.copy()
    for k in ("pagina", "exportar"):
        consulta.pop(k, None)
    formato = request.GET.get("exportar")
    if formato == "excel":
        return exports.excel(qs.iterator(chunk_size=2000), "historico_transacciones")
    if formato == "pdf":
        if qs.count() > LIMITE_PDF:
            messages.error(request, _("El resultado tiene más de %(n)s operaciones: descárguelo en Excel.")
                           % {"n": f"{LIMITE_PDF:,}".replace(",", ".")})
            return redirect(f"{reverse('transacciones:historico')}?{consulta.urlencode()}")
        return exports.pdf(qs, "historico_transacciones", request)
    tamano = tamano_pagina(request)
    return render(request, "transacciones/historico.html", {
        "form": form, "pagina": Paginator(qs, tamano).get_page(request.GET.get("pagina")), "tamano": tamano,
        "consulta": consulta.urlencode(),
    })


# ---------------------------------------------------------------------------- inscripción de cuentas

def _puede_beneficiarios(u) -> bool:
    return reglas.puede_inscribir(u) or reglas.puede_activar_beneficiarios(u)


@require_http_methods(["GET", "POST"])
@opcion_requerida(reglas.BENEFICIARIOS)
@gate(_puede_beneficiarios)
def beneficiarios(request: HttpRequest) -> HttpResponse:
    """Inscripción de Cuentas: the company's registered accounts, and a new one."""
    form = InscripcionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with en_formulario(form):
            b = do_inscribir_beneficiario(**form.cleaned_data, actor=request.user, request=request)
        if not form.errors:
            messages.success(request, _("Cuenta %(a)s inscrita: queda Pendiente Activación por otra persona.")
                             % {"a": b.alias})
            return redirect("transacciones:beneficiarios")
    lista = beneficiarios_de(request.user).select_related("inscrito_por", "activado_por").order_by("estado", "alias")
    return render(request, "transacciones/beneficiarios.html", {
        "form": form, "beneficiarios": lista, "puede_inscribir": reglas.puede_inscribir(request.user),
        "puede_activar": reglas.puede_activar_beneficiarios(request.user),
    })


@require_http_methods(["GET", "POST"])
@opcion_requerida(reglas.BENEFICIARIOS)
@gate(reglas.puede_activar_beneficiarios)
def activar_beneficiario(request: HttpRequest, pk: int) -> HttpResponse:
    b = get_beneficiario_for(request.user, pk)
    stepup = _stepup(request, Eventos.BENEFICIARIO_ACTIVADO, request.method == "POST")
    if request.method == "POST" and stepup.is_valid():
        try:
            do_activar_beneficiario(b, actor=request.user, request=request)
        except AccionRechazada as exc:
            messages.error(request, exc.mensaje)
        else:
            messages.success(request, _("Cuenta %(a)s activada.") % {"a": b.alias})
        return redirect("transacciones:beneficiarios")
    return render(request, "transacciones/activar_beneficiario.html", {"b": b, "stepup": stepup})


@require_POST
@opcion_requerida(reglas.BENEFICIARIOS)
@gate(reglas.puede_activar_beneficiarios)
def inactivar_beneficiario(request: HttpRequest, pk: int) -> HttpResponse:
    b = get_beneficiario_for(request.user, pk)
    do_inactivar_beneficiario(b, actor=request.user, request=request)
    messages.success(request, _("Cuenta %(a)s inactivada.") % {"a": b.alias})
    return redirect("transacciones:beneficiarios")

