"""Administración de Token / Token Virtual, and the user's own enrolment page."""

from __future__ import annotations

import base64
from base64 import b32encode

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from admin_usuarios.access import get_usuario_for, usuarios_de
from comun.acceso import administrador_requerido
from comun.errores import AccionRechazada
from comun.stepup import StepUpForm
from tokens import actions, exports
from tokens.access import get_token_for, token_propio
from tokens.eventos import Eventos
from tokens.forms import AccionForm, CodigoEnrolamientoForm, FiltroForm
from tokens.models import TokenVirtual
from tokens.selectors import (
    candidatos_asignacion,
    motivo_no_asignable,
    resumen_empresa,
    tokens_de_empresa,
)

POR_PAGINA = 10
FUNCIONES = {
    "activar": actions.do_activar_token,
    "reactivar": actions.do_reactivar_token,
    "inactivar": actions.do_inactivar_token,
    "liberar": actions.do_liberar_token,
}


def _filtrado(request: HttpRequest):
    form = FiltroForm(request.GET or None)
    return form, tokens_de_empresa(request.user.empresa_id, **form.filtros())


@administrador_requerido
@require_GET
def lista(request: HttpRequest) -> HttpResponse:
    form, tokens = _filtrado(request)
    pagina = Paginator(tokens, POR_PAGINA).get_page(request.GET.get("pagina"))
    consulta = request.GET.copy()
    consulta.pop("pagina", None)
    return render(request, "tokens/lista.html", {
        "filtro": form,
        "pagina": pagina,
        "resumen": resumen_empresa(request.user.empresa_id),
        "consulta": consulta.urlencode(),
    })


@administrador_requerido
@require_GET
def exportar(request: HttpRequest, formato: str) -> HttpResponse:
    _form, tokens = _filtrado(request)
    resumen = resumen_empresa(request.user.empresa_id)
    sello = timezone.localtime().strftime("%Y%m%d_%H%M")
    if formato == "excel":
        contenido = exports.excel(tokens, resumen)
        tipo, ext = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"
    else:
        contenido = exports.pdf(tokens, resumen, empresa=request.user.empresa, request=request)
        tipo, ext = "application/pdf", "pdf"
    respuesta = HttpResponse(contenido, content_type=tipo)
    respuesta["Content-Disposition"] = f'attachment; filename="tokens_virtuales_{sello}.{ext}"'
    return respuesta


@administrador_requerido
@require_http_methods(["GET", "POST"])
def asignar(request: HttpRequest) -> HttpResponse:
    """Asignar Token Virtual: choose a user → Continuar → confirm with own token."""
    resumen = resumen_empresa(request.user.empresa_id)
    elegido, error = None, ""
    if request.method == "POST":
        try:
            pk = int(request.POST.get("usuario", ""))
        except ValueError:
            error = _("Seleccione el usuario al que asignará el token virtual.")
        else:
            elegido = get_usuario_for(request.user, pk)
            motivo = motivo_no_asignable(elegido)
            if motivo:
                error, elegido = motivo, None
    if elegido is not None:
        stepup = StepUpForm(
            actor=request.user, accion=Eventos.ASIGNAR, request=request,
            data=request.POST if "codigo_token" in request.POST else None,
        )
        if stepup.is_valid():
            try:
                token = actions.do_asignar_token(elegido, actor=request.user, request=request)
            except AccionRechazada as exc:
                messages.error(request, str(exc))
                return redirect("tokens:lista")
            messages.success(request, _(
                "La asignación fue exitosa: el token virtual %(serial)s quedó asignado a %(usuario)s. "
                "El usuario recibirá por correo las instrucciones de enrolamiento."
            ) % {"serial": token.serial, "usuario": elegido.username})
            return redirect("tokens:lista")
        return render(request, "tokens/asignar_confirmar.html",
                      {"elegido": elegido, "stepup": stepup, "resumen": resumen})
    candidatos = candidatos_asignacion(usuarios_de(request.user))
    return render(request, "tokens/asignar.html",
                  {"candidatos": candidatos, "error": error, "resumen": resumen})


@administrador_requerido
@require_http_methods(["GET", "POST"])
def operar(request: HttpRequest) -> HttpResponse:
    """Activar / Inactivar / Liberar the selected row, confirmed with the admin's own token."""
    datos = request.POST if request.method == "POST" else request.GET
    form = AccionForm(datos)
    if not form.is_valid():
        messages.error(request, _("Seleccione un token de la lista y la operación a realizar."))
        return redirect("tokens:lista")
    token = get_token_for(request.user, form.cleaned_data["token"])
    operacion = form.cleaned_data["accion"]
    if operacion == "activar" and token.estado == TokenVirtual.Estado.INACTIVO:
        operacion = "reactivar"
    try:
        actions.verificar_operacion(token, operacion, actor=request.user)
    except AccionRechazada as exc:
        messages.error(request, str(exc))
        return redirect("tokens:lista")
    stepup = StepUpForm(actor=request.user, accion=f"token_{operacion}", request=request,
                        data=request.POST if request.method == "POST" else None)
    if stepup.is_valid():
        try:
            FUNCIONES[operacion](token, actor=request.user, request=request)
        except AccionRechazada as exc:
            messages.error(request, str(exc))
            return redirect("tokens:lista")
        messages.success(request, _("%(operacion)s: operación exitosa para el token %(serial)s de %(usuario)s.") % {
            "operacion": _ETIQUETAS[operacion], "serial": token.serial, "usuario": token.usuario.username})
        return redirect("tokens:lista")
    return render(request, "tokens/confirmar.html", {
        "token": token, "operacion": operacion, "etiqueta": _ETIQUETAS[operacion],
        "accion": form.cleaned_data["accion"], "stepup": stepup,
    })


_ETIQUETAS = {
    "activar": gettext_lazy("Activar"),
    "reactivar": gettext_lazy("Reactivar"),
    "inactivar": gettext_lazy("Inactivar"),
    "liberar": gettext_lazy("Liberar"),
}


def _qr_data_uri(texto: str) -> str:
    imagen = qrcode.make(texto, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10, border=2)
    svg = imagen.to_string(encoding="unicode")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


@login_required
@require_http_methods(["GET", "POST"])
def enrolar(request: HttpRequest) -> HttpResponse:
    """The user's own enrolment: a fresh secret shown once, then one code proves it.

    GET only shows where the enrolment stands; the secret is created by a POST
    ("Mostrar código QR"), so no link or page reload can replace it behind the user's back.
    """
    if not request.user.empresa_id:
        raise PermissionDenied
    token = token_propio(request.user)
    contexto: dict = {"token": token, "minutos": actions.ENROLAMIENTO_MINUTOS}
    if token is None or token.estado != TokenVirtual.Estado.ASIGNADO:
        return render(request, "tokens/enrolar.html", contexto)
    if request.method == "POST" and request.POST.get("accion") == "generar":
        token, device = actions.do_enrolar(token, actor=request.user, request=request)
        secreto = b32encode(device.bin_key).decode()
        contexto.update(
            token=token, form=CodigoEnrolamientoForm(), qr=_qr_data_uri(device.config_url),
            secreto=" ".join(secreto[i:i + 4] for i in range(0, len(secreto), 4)),
        )
        return render(request, "tokens/enrolar.html", contexto)
    if request.method == "POST":
        form = CodigoEnrolamientoForm(request.POST)
        if form.is_valid():
            try:
                actions.do_confirmar_enrolamiento(token, form.cleaned_data["codigo"], actor=request.user,
                                                  request=request)
            except AccionRechazada as exc:
                form.add_error("codigo", str(exc))
            else:
                messages.success(request, _(
                    "Su token quedó en estado Pendiente Activación. Su administrador debe activarlo."))
                return redirect("tokens:enrolar")
        token.refresh_from_db()
        # The secret was shown once; it is never displayed again.
        contexto.update(form=form, token=token, vencido=token.dispositivo_id is None)
        return render(request, "tokens/enrolar.html", contexto)
    if actions.enrolamiento_en_curso(token):
        contexto["form"] = CodigoEnrolamientoForm()
    return render(request, "tokens/enrolar.html", contexto)
