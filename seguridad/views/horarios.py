"""The Días y Horarios tab of Configurar y Modificar.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from admin_usuarios.access import get_usuario_for
from admin_usuarios.models import Horario
from admin_usuarios.tabs import contexto_modificar, continuar
from comun.acceso import administrador_requerido
from seguridad.actions.horarios import do_guardar_horario
from seguridad.forms import HorarioForm, horario_inicial


@administrador_requerido
def horarios(request: HttpRequest, pk: int) -> HttpResponse:
    usuario = get_usuario_for(request.user, pk)
    empresa = Horario.objects.de_empresa(usuario.empresa_id)
    actual = Horario.objects.propio(usuario) or empresa
    form = HorarioForm(request.POST or None, empresa=empresa, initial=horario_inicial(actual))
    if request.method == "POST" and form.is_valid():
        do_guardar_horario(usuario, form.cleaned_data, actor=request.user, request=request)
        messages.success(request, _("Se guardaron los días y horarios del usuario."))
        return continuar(request, usuario, "horarios")
    ctx = contexto_modificar(usuario, "horarios")
    ctx.update(form=form, empresa_horario=empresa, propio=actual is not empresa)
    return render(request, "admin_usuarios/horarios.html", ctx)
