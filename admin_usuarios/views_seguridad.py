"""Activación/Inactivación, Perfiles, Administración de IP's and Parámetros Generales y de Seguridad.

Thin views: administrador_requerido → tenancy helper → form (+ step-up) → action → redirect.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from admin_usuarios.access import (
    administrador_requerido,
    get_perfil_for,
    get_regla_ip_for,
    get_usuario_for,
    usuarios_de,
)
from admin_usuarios.actions_seguridad import (
    OPCIONES_PERFIL,
    OperacionRechazada,
    do_agregar_regla_ip,
    do_cambiar_estado_usuario,
    do_cambiar_parametros,
    do_crear_perfil,
    do_eliminar_perfil,
    do_eliminar_regla_ip,
    do_modificar_perfil,
    estados_posibles,
)
from admin_usuarios.forms_seguridad import (
    CambioEstadoForm,
    HorarioEmpresaForm,
    ParametrosForm,
    PerfilForm,
    ReglaIPForm,
)
from admin_usuarios.models import DIAS, Horario, Perfil, ReglaIP, Usuario
from portal.entradas import entero
from portal.net import client_ip
from portal.rules import ip_en_lista
from portal.stepup import StepUpForm

TAMANOS_PAGINA = (10, 25, 50)


def _tamano(request: HttpRequest) -> int:
    try:
        n = int(request.GET.get("ver", TAMANOS_PAGINA[0]))
    except ValueError:
        return TAMANOS_PAGINA[0]
    return n if n in TAMANOS_PAGINA else TAMANOS_PAGINA[0]


def _consulta_sin_pagina(request: HttpRequest) -> str:
    consulta = request.GET.copy()
    consulta.pop("pagina", None)
    return consulta.urlencode()


def _errores_de(exc: ValidationError) -> str:
    return " ".join(exc.messages)


# ---------------------------------------------------------------------------
# Activación/Inactivación
# ---------------------------------------------------------------------------

@administrador_requerido
def activacion(request: HttpRequest) -> HttpResponse:
    usuarios = usuarios_de(request.user).order_by("username", "pk")
    texto = request.GET.get("q", "").strip()[:60]
    estado = request.GET.get("estado", "")
    if texto:
        usuarios = usuarios.filter(username__icontains=texto)
    if estado in Usuario.Estado.values:
        usuarios = usuarios.filter(estado=estado)
    tamano = _tamano(request)
    pagina = Paginator(usuarios.only("pk", "username", "nombres", "primer_apellido", "segundo_apellido", "estado"),
                       tamano).get_page(request.GET.get("pagina"))
    return render(request, "admin_usuarios/activacion/lista.html", {
        "pagina": pagina, "q": texto, "estado": estado, "estados": Usuario.Estado.choices,
        "tamano": tamano, "tamanos": TAMANOS_PAGINA, "consulta": _consulta_sin_pagina(request),
    })


@administrador_requerido
def estado(request: HttpRequest, pk: int) -> HttpResponse:
    usuario = get_usuario_for(request.user, pk)
    data = request.POST if request.method == "POST" else None
    form = CambioEstadoForm(data, usuario=usuario)
    stepup = StepUpForm(data, actor=request.user, accion="CAMBIO_ESTADO", request=request)
    if request.method == "POST" and form.is_valid() and stepup.is_valid():
        try:
            do_cambiar_estado_usuario(usuario, form.cleaned_data["estado"], actor=request.user, request=request)
        except OperacionRechazada as exc:
            messages.error(request, str(exc))
        else:
            usuario.refresh_from_db(fields=["estado"])
            messages.success(request, _("El estado del usuario %(u)s ahora es %(e)s.")
                             % {"u": usuario.username, "e": usuario.get_estado_display()})
            return redirect("seguridad:activacion")
    return render(request, "admin_usuarios/activacion/estado.html", {
        "objetivo": usuario, "form": form, "stepup": stepup, "posibles": estados_posibles(usuario),
        "pendiente_sin_clave": usuario.estado == Usuario.Estado.PENDIENTE and usuario.clave_generada is None,
    })


# ---------------------------------------------------------------------------
# Perfiles
# ---------------------------------------------------------------------------

def _etiquetas_opciones() -> dict[str, str]:
    return {codigo: str(etiqueta) for _g, opciones in OPCIONES_PERFIL for codigo, etiqueta in opciones}


@administrador_requerido
def perfiles(request: HttpRequest) -> HttpResponse:
    from django.db.models import Count

    lista = (Perfil.objects.filter(empresa_id=request.user.empresa_id)
             .annotate(en_uso=Count("usuarios")).order_by("nombre"))
    etiquetas = _etiquetas_opciones()
    filas = [{"perfil": p, "opciones": [etiquetas.get(c, c) for c in p.opciones]} for p in lista]
    return render(request, "admin_usuarios/perfiles/lista.html", {"filas": filas})


@administrador_requerido
def perfil_crear(request: HttpRequest) -> HttpResponse:
    form = PerfilForm(request.POST or None, empresa=request.user.empresa)
    if request.method == "POST" and form.is_valid():
        try:
            perfil = do_crear_perfil(request.user.empresa, **form.cleaned_data, actor=request.user, request=request)
        except (OperacionRechazada, ValidationError) as exc:
            form.add_error(None, exc.messages if isinstance(exc, ValidationError) else str(exc))
        else:
            messages.success(request, _("El perfil %(p)s fue creado.") % {"p": perfil.nombre})
            return redirect("seguridad:perfiles")
    return _form_perfil(request, form, None)


@administrador_requerido
def perfil_editar(request: HttpRequest, pk: int) -> HttpResponse:
    perfil = get_perfil_for(request.user, pk)
    form = PerfilForm(request.POST or None, empresa=request.user.empresa, perfil=perfil)
    if request.method == "POST" and form.is_valid():
        try:
            perfil = do_modificar_perfil(perfil, **form.cleaned_data, actor=request.user, request=request)
        except (OperacionRechazada, ValidationError) as exc:
            form.add_error(None, exc.messages if isinstance(exc, ValidationError) else str(exc))
        else:
            messages.success(request, _("El perfil %(p)s fue modificado.") % {"p": perfil.nombre})
            return redirect("seguridad:perfiles")
    return _form_perfil(request, form, perfil)


def _form_perfil(request: HttpRequest, form: PerfilForm, perfil: Perfil | None) -> HttpResponse:
    return render(request, "admin_usuarios/perfiles/form.html", {
        "form": form, "perfil": perfil, "grupos": OPCIONES_PERFIL, "seleccionadas": form["opciones"].value() or [],
    })


@administrador_requerido
@require_POST
def perfil_eliminar(request: HttpRequest, pk: int) -> HttpResponse:
    perfil = get_perfil_for(request.user, pk)
    try:
        do_eliminar_perfil(perfil, actor=request.user, request=request)
    except OperacionRechazada as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("El perfil %(p)s fue eliminado.") % {"p": perfil.nombre})
    return redirect("seguridad:perfiles")


# ---------------------------------------------------------------------------
# Administración de IP's
# ---------------------------------------------------------------------------

def _ips(request: HttpRequest, usuario: Usuario | None) -> HttpResponse:
    empresa = request.user.empresa
    data = request.POST if request.method == "POST" else None
    form = ReglaIPForm(data)
    stepup = StepUpForm(data, actor=request.user, accion="IP_AGREGADA", request=request)
    volver = (reverse("seguridad:ips_usuario", args=[usuario.pk]) if usuario else reverse("seguridad:ips"))
    if request.method == "POST" and form.is_valid() and stepup.is_valid():
        try:
            regla = do_agregar_regla_ip(empresa, usuario=usuario, **form.cleaned_data, actor=request.user,
                                        request=request)
        except (OperacionRechazada, ValidationError) as exc:
            form.add_error("red", exc.messages if isinstance(exc, ValidationError) else str(exc))
        else:
            messages.success(request, _("Se agregó la IP o red %(r)s.") % {"r": regla.red})
            if usuario is None:
                _advertir_ip_propia(request)
            return redirect(volver)
    reglas = ReglaIP.objects.filter(empresa=empresa, usuario=usuario).order_by("red", "pk")
    contexto = {"form": form, "stepup": stepup, "reglas": reglas, "objetivo": usuario, "volver": volver}
    if usuario is None:
        contexto["usuarios"] = usuarios_de(request.user).filter(reglas_ip__isnull=False).distinct().order_by(
            "username").only("pk", "username", "nombres", "primer_apellido", "segundo_apellido")
    return render(request, "admin_usuarios/seguridad/ips.html", contexto)


def _advertir_ip_propia(request: HttpRequest) -> None:
    # The administrator is subject to the company list at the next login too.
    redes = list(ReglaIP.objects.filter(empresa_id=request.user.empresa_id, usuario__isnull=True)
                 .values_list("red", flat=True))
    if not ip_en_lista(client_ip(request), redes):
        messages.warning(request, _("Atención: su IP actual (%(ip)s) no está en la lista de la empresa; "
                                    "no podrá ingresar desde ella en su próximo ingreso.") % {"ip": client_ip(request)})


@administrador_requerido
def ips(request: HttpRequest) -> HttpResponse:
    usuario_pk = request.GET.get("usuario", "").strip()
    if entero(usuario_pk) is not None:
        return redirect("seguridad:ips_usuario", pk=get_usuario_for(request.user, entero(usuario_pk)).pk)
    if usuario_pk:
        nombre = usuario_pk[:20]
        usuario = usuarios_de(request.user).filter(username__iexact=nombre).first()
        if usuario is None:
            messages.error(request, _("No se encontró el usuario %(u)s en su empresa.") % {"u": nombre})
        else:
            return redirect("seguridad:ips_usuario", pk=usuario.pk)
    return _ips(request, None)


@administrador_requerido
def ips_usuario(request: HttpRequest, pk: int) -> HttpResponse:
    return _ips(request, get_usuario_for(request.user, pk))


@administrador_requerido
def ip_eliminar(request: HttpRequest, pk: int) -> HttpResponse:
    regla = get_regla_ip_for(request.user, pk)
    volver = (reverse("seguridad:ips_usuario", args=[regla.usuario_id]) if regla.usuario_id
              else reverse("seguridad:ips"))
    stepup = StepUpForm(request.POST if request.method == "POST" else None, actor=request.user,
                        accion="IP_ELIMINADA", request=request)
    if request.method == "POST" and stepup.is_valid():
        do_eliminar_regla_ip(regla, actor=request.user, request=request)
        messages.success(request, _("Se eliminó la IP o red %(r)s.") % {"r": regla.red})
        return redirect(volver)
    return render(request, "admin_usuarios/seguridad/ip_eliminar.html",
                  {"regla": regla, "stepup": stepup, "volver": volver})


# ---------------------------------------------------------------------------
# Parámetros Generales y de Seguridad
# ---------------------------------------------------------------------------

@administrador_requerido
def parametros(request: HttpRequest) -> HttpResponse:
    empresa = request.user.empresa
    horario = Horario.objects.filter(empresa=empresa).first() or Horario(empresa=empresa)
    data = request.POST if request.method == "POST" else None
    inicial_horario = {f"{d}_{p}": getattr(horario, f"{d}_{p}") for d, _e in DIAS for p in ("inicio", "fin")}
    inicial_horario.update({c: getattr(horario, c) for c in
                            ("festivo_permitido", "monetarias_sabado", "monetarias_domingo", "monetarias_festivo")})
    form = ParametrosForm(data, prefix="p", initial={
        "intentos_maximos": empresa.intentos_maximos, "inactividad_minutos": empresa.inactividad_minutos,
        "token_requerido": empresa.token_requerido})
    form_horario = HorarioEmpresaForm(data, prefix="h", initial=inicial_horario)
    stepup = StepUpForm(data, actor=request.user, accion="PARAMETROS_MODIFICADOS", request=request)
    if request.method == "POST" and form.is_valid() and form_horario.is_valid() and stepup.is_valid():
        try:
            ajustados = do_cambiar_parametros(empresa, parametros=form.cleaned_data, horario=form_horario.cleaned_data,
                                              actor=request.user, request=request)
        except ValidationError as exc:
            form.add_error(None, _errores_de(exc))
        else:
            messages.success(request, _("Los parámetros generales y de seguridad fueron guardados."))
            if ajustados:
                messages.info(request, _("Se ajustó el horario de %(n)d usuario(s) para que no exceda el de la "
                                         "empresa: %(u)s.") % {"n": len(ajustados), "u": ", ".join(ajustados[:20])})
            return redirect("seguridad:parametros")
    return render(request, "admin_usuarios/seguridad/parametros.html",
                  {"form": form, "form_horario": form_horario, "stepup": stepup})
