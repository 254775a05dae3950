"""Parámetros Generales y de Seguridad.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from admin_usuarios.models import DIAS, Horario
from comun.acceso import administrador_requerido
from comun.paginas import errores_de
from comun.stepup import StepUpForm
from seguridad.actions.parametros import do_cambiar_parametros
from seguridad.forms import HorarioEmpresaForm, ParametrosForm


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
        "token_requerido": empresa.token_requerido, "dias_aprobacion": empresa.dias_aprobacion,
        "retencion_archivos_dias": empresa.retencion_archivos_dias})
    form_horario = HorarioEmpresaForm(data, prefix="h", initial=inicial_horario)
    stepup = StepUpForm(data, actor=request.user, accion="PARAMETROS_MODIFICADOS", request=request)
    if request.method == "POST" and form.is_valid() and form_horario.is_valid() and stepup.is_valid():
        try:
            ajustados = do_cambiar_parametros(empresa, parametros=form.cleaned_data, horario=form_horario.cleaned_data,
                                              actor=request.user, request=request)
        except ValidationError as exc:
            form.add_error(None, errores_de(exc))
        else:
            messages.success(request, _("Los parámetros generales y de seguridad fueron guardados."))
            if ajustados:
                messages.info(request, _("Se ajustó el horario de %(n)d usuario(s) para que no exceda el de la "
                                         "empresa: %(u)s.") % {"n": len(ajustados), "u": ", ".join(ajustados[:20])})
            return redirect("seguridad:parametros")
    return render(request, "admin_usuarios/seguridad/parametros.html",
                  {"form": form, "form_horario": form_horario, "stepup": stepup})
