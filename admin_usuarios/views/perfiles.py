"""Perfiles.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from admin_usuarios.access import get_perfil_for
from admin_usuarios.actions.perfiles import (
    OPCIONES_PERFIL,
    do_crear_perfil,
    do_eliminar_perfil,
    do_modificar_perfil,
)
from admin_usuarios.forms.perfiles import PerfilForm
from admin_usuarios.models import Perfil
from comun.acceso import administrador_requerido
from comun.errores import AccionRechazada


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
        except (AccionRechazada, ValidationError) as exc:
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
        except (AccionRechazada, ValidationError) as exc:
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
    except AccionRechazada as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("El perfil %(p)s fue eliminado.") % {"p": perfil.nombre})
    return redirect("seguridad:perfiles")
