"""Administración de IP's.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from admin_usuarios.access import get_usuario_for, usuarios_de
from admin_usuarios.models import ReglaIP, Usuario
from comun.acceso import administrador_requerido
from comun.entradas import entero
from comun.errores import AccionRechazada
from comun.net import client_ip
from comun.stepup import StepUpForm
from seguridad.access import get_regla_ip_for
from seguridad.actions.ips import do_agregar_regla_ip, do_eliminar_regla_ip
from seguridad.forms import ReglaIPForm
from seguridad.reglas import ip_en_lista


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
        except (AccionRechazada, ValidationError) as exc:
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
