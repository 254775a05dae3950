"""Limits screens: thin views over forms, actions and selectors."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from admin_usuarios.access import get_usuario_for, usuarios_de
from admin_usuarios.tabs import contexto_modificar
from comun.acceso import administrador_requerido
from comun.entradas import entero
from comun.stepup import StepUpForm
from topes import exports
from topes.access import get_servicio_for
from topes.actions import (
    TopesAfectadosError,
    TopesInvalidosError,
    do_guardar_montos_empresa,
    do_guardar_topes_usuario,
)
from topes.eventos import Eventos
from topes.forms import MontosEmpresaForm, TopesUsuarioForm
from topes.selectors import acumulados as leer_acumulados
from topes.selectors import filas_de_servicio, filas_de_usuario, servicios_activos


def _stepup(request: HttpRequest, accion: str, confirmar: bool) -> StepUpForm:
    # Bound only when the rest of the page is valid: validating consumes the token code.
    return StepUpForm(actor=request.user, accion=accion, request=request,
                      data=request.POST if confirmar else None)


@administrador_requerido
@require_http_methods(["GET", "POST"])
def asignar(request: HttpRequest, pk: int) -> HttpResponse:
    """Asignar Topes tab (seed 000, Modificar – Paso 2.1)."""
    usuario = get_usuario_for(request.user, pk)
    form = TopesUsuarioForm(usuario, data=request.POST if request.method == "POST" else None)
    stepup = _stepup(request, Eventos.TOPES_USUARIO, False)
    if request.method == "POST":
        if request.POST.get("accion") == "replicar":
            form.replicar()
        elif form.is_valid():
            stepup = _stepup(request, Eventos.TOPES_USUARIO, True)
            if stepup.is_valid():
                try:
                    cambios = do_guardar_topes_usuario(usuario, form.valores, actor=request.user, request=request)
                except TopesInvalidosError as e:
                    for clave, errores in e.celdas.items():
                        form.marcar(clave, errores)
                    stepup = _stepup(request, Eventos.TOPES_USUARIO, False)
                except ValidationError as e:
                    form.error_general = e.messages
                else:
                    messages.success(request, _("Topes guardados (%(n)d cambio(s)).") % {"n": cambios})
                    return redirect("topes:asignar", pk=usuario.pk)
    contexto = contexto_modificar(usuario, "topes")
    contexto.update(form=form, stepup=stepup)
    return render(request, "topes/asignar.html", contexto)


@administrador_requerido
@require_http_methods(["GET", "POST"])
def montos_empresa(request: HttpRequest) -> HttpResponse:
    """Seguridad → Configuración de Montos por Servicio."""
    empresa = request.user.empresa
    form = MontosEmpresaForm(empresa, data=request.POST if request.method == "POST" else None)
    stepup = _stepup(request, Eventos.MONTOS_EMPRESA, False)
    if request.method == "POST":
        if request.POST.get("accion") == "replicar":
            form.replicar()
        elif form.is_valid() and form.revisar_afectados():
            stepup = _stepup(request, Eventos.MONTOS_EMPRESA, True)
            if stepup.is_valid():
                try:
                    ajustados = do_guardar_montos_empresa(
                        empresa, form.valores_por_servicio, ajustar=form.ajustar, actor=request.user,
                        request=request,
                    )
                except TopesAfectadosError as e:
                    form.afectados = e.afectados
                    stepup = _stepup(request, Eventos.MONTOS_EMPRESA, False)
                except TopesInvalidosError as e:
                    for clave, errores in e.celdas.items():
                        form.marcar(clave, errores)
                    stepup = _stepup(request, Eventos.MONTOS_EMPRESA, False)
                else:
                    messages.success(request, _("Montos por servicio guardados."))
                    if ajustados:
                        messages.info(request, _("Se bajaron %(n)d tope(s) de usuarios para respetar los nuevos montos.")
                                      % {"n": len(ajustados)})
                    return redirect("topes:montos_empresa")
    return render(request, "topes/montos_empresa.html", {"form": form, "stepup": stepup})


def _exportar(request: HttpRequest, titulo: str, filas: list[dict], nombre: str) -> HttpResponse | None:
    formato = request.GET.get("exportar")
    if formato == "excel":
        return exports.excel(titulo, filas, nombre)
    if formato == "pdf":
        return exports.pdf(request, titulo, filas, nombre)
    return None


@administrador_requerido
def consulta(request: HttpRequest) -> HttpResponse:
    """Consulta de topes: choose a user or a service."""
    usuarios = usuarios_de(request.user).only("pk", "username", "nombres", "primer_apellido", "segundo_apellido")
    return render(request, "topes/consulta.html", {"usuarios": usuarios, "servicios": servicios_activos()})


@administrador_requerido
def consulta_usuario(request: HttpRequest, pk: int) -> HttpResponse:
    usuario = get_usuario_for(request.user, pk)
    filas = filas_de_usuario(usuario)
    titulo = _("Topes del usuario %(usuario)s") % {"usuario": usuario.username}
    return _exportar(request, titulo, filas, f"topes_{usuario.username}") or render(
        request, "topes/consulta_tabla.html",
        {"titulo": titulo, "filas": filas, "por_usuario": True, "objetivo": usuario},
    )


@administrador_requerido
def consulta_servicio(request: HttpRequest, pk: int) -> HttpResponse:
    servicio = get_servicio_for(request.user, pk)
    filas = filas_de_servicio(request.user.empresa_id, servicio)
    titulo = _("Topes de los usuarios para %(servicio)s") % {"servicio": servicio.nombre}
    return _exportar(request, titulo, filas, f"topes_{servicio.codigo}") or render(
        request, "topes/consulta_tabla.html", {"titulo": titulo, "filas": filas, "por_usuario": False},
    )


@administrador_requerido
def acumulados(request: HttpRequest) -> HttpResponse:
    """Usuarios → Consulta Montos Acumulados."""
    usuario = None
    if request.GET.get("usuario"):
        pk = entero(request.GET["usuario"])
        if pk is None:
            messages.error(request, _("Seleccione un usuario de la lista."))
        else:
            usuario = get_usuario_for(request.user, pk)
    hoy = timezone.localdate()
    filas = leer_acumulados(request.user.empresa_id, hoy, usuario=usuario)
    usuarios = usuarios_de(request.user).only("pk", "username")
    return render(request, "topes/acumulados.html",
                  {"filas": filas, "hoy": hoy, "usuarios": usuarios, "usuario": usuario})
