"""The Contraseña tab: Generar Contraseña, confirmed with the administrator's token.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from admin_usuarios.access import get_usuario_for
from admin_usuarios.actions.claves import do_generar_clave
from admin_usuarios.tabs import contexto_modificar
from comun.acceso import administrador_requerido
from comun.stepup import StepUpForm


@administrador_requerido
def contrasena(request: HttpRequest, pk: int) -> HttpResponse:
    usuario = get_usuario_for(request.user, pk)
    stepup = StepUpForm(actor=request.user, accion="generar_clave", request=request)
    ctx = contexto_modificar(usuario, "contrasena")
    ctx["stepup"] = stepup
    return render(request, "admin_usuarios/contrasena.html", ctx)


@require_POST
@administrador_requerido
def generar_contrasena(request: HttpRequest, pk: int) -> HttpResponse:
    """Generar Contraseña, confirmed with the administrator's own token code.

    The password is never made here: the outbox worker makes it when it sends the email.
    """
    usuario = get_usuario_for(request.user, pk)
    stepup = StepUpForm(request.POST, actor=request.user, accion="generar_clave", request=request)
    if not usuario.email:
        messages.error(request, _("El usuario no tiene correo electrónico registrado: regístrelo en Información Usuario."))
        return redirect("admin_usuarios:contrasena", pk=usuario.pk)
    if stepup.is_valid():
        do_generar_clave(usuario, actor=request.user, request=request)
        messages.success(request, _("Se generó la contraseña y se enviará al correo %(correo)s. "
                                    "Es válida por 48 horas y para un solo ingreso.") % {"correo": usuario.email})
        return redirect("admin_usuarios:contrasena", pk=usuario.pk)
    ctx = contexto_modificar(usuario, "contrasena")
    ctx["stepup"] = stepup
    return render(request, "admin_usuarios/contrasena.html", ctx, status=200)
