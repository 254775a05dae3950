"""Activación/Inactivación.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from admin_usuarios.access import get_usuario_for, usuarios_de
from admin_usuarios.actions.estados import do_cambiar_estado_usuario, estados_posibles
from admin_usuarios.forms.estados import CambioEstadoForm
from admin_usuarios.models import Usuario
from comun.acceso import administrador_requerido
from comun.errores import AccionRechazada
from comun.paginas import TAMANOS_PAGINA, consulta_sin_pagina, tamano_pagina
from comun.stepup import StepUpForm


@administrador_requerido
def activacion(request: HttpRequest) -> HttpResponse:
    usuarios = usuarios_de(request.user).order_by("username", "pk")
    texto = request.GET.get("q", "").strip()[:60]
    estado = request.GET.get("estado", "")
    if texto:
        usuarios = usuarios.filter(username__icontains=texto)
    if estado in Usuario.Estado.values:
        usuarios = usuarios.filter(estado=estado)
    tamano = tamano_pagina(request)
    pagina = Paginator(usuarios.only("pk", "username", "nombres", "primer_apellido", "segundo_apellido", "estado"),
                       tamano).get_page(request.GET.get("pagina"))
    return render(request, "admin_usuarios/activacion/lista.html", {
        "pagina": pagina, "q": texto, "estado": estado, "estados": Usuario.Estado.choices,
        "tamano": tamano, "tamanos": TAMANOS_PAGINA, "consulta": consulta_sin_pagina(request),
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
        except AccionRechazada as exc:
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
