from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from admin_usuarios.actions.claves import do_cambiar_clave, do_elegir_imagen_seguridad
from admin_usuarios.actions.sesiones import do_fijar_sesion
from auditoria.actions import registrar
from cuentas import access as cuentas_access
from cuentas import selectors as cuentas_selectors
from portal import imagenes
from portal import login as flujo
from portal.eventos import Eventos
from portal.forms import CambiarClaveForm, ImagenSeguridadForm, Paso1Form, Paso2Form

MOTIVOS_SALIDA = {
    "inactividad": gettext_lazy("Su sesión se cerró por inactividad. Ingrese de nuevo."),
    "reemplazada": gettext_lazy("Su sesión se cerró porque ingresó desde otro navegador o equipo."),
}


def error_generico() -> str:
    # One message for every cause: the cause itself goes only to the audit trail.
    return _(
        "No fue posible ingresar. Verifique su usuario, su clave dinámica token y su clave; "
        "si el problema continúa, comuníquese con el administrador de su empresa o con el banco."
    )


def login_paso1(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated and request.user.empresa_id:
        return redirect("portal:inicio")
    form = Paso1Form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        flujo.paso1(request, form.cleaned_data["username"], form.cleaned_data["codigo"])
        return redirect("portal:login_clave")
    motivo = MOTIVOS_SALIDA.get(request.GET.get("motivo", ""))
    return render(request, "portal/login_paso1.html", {"form": form, "motivo": motivo})


def login_paso2(request: HttpRequest) -> HttpResponse:
    estado = flujo.estado_paso1(request)
    if estado is None:
        flujo.olvidar_paso1(request)
        return redirect("portal:login")
    usuario = estado.usuario
    form = Paso2Form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if flujo.paso2(request, estado, form.cleaned_data["clave"]) is not None:
            return redirect("portal:inicio")
        return render(request, "portal/login_paso1.html", {"form": Paso1Form(), "error": error_generico()})
    contexto = {
        "form": form,
        "username": estado.username,
        "imagen_url": imagenes.url(flujo.imagen_para(estado, usuario)),
    }
    return render(request, "portal/login_paso2.html", contexto)


@require_POST
def login_cancelar(request: HttpRequest) -> HttpResponse:
    flujo.olvidar_paso1(request)
    return redirect("portal:login")


@require_POST
def salida(request: HttpRequest) -> HttpResponse:
    """Salida Segura: the session ends on the server, not only in the browser."""
    user = request.user
    if user.is_authenticated:
        registrar(Eventos.SALIDA, actor=user, objetivo=user, request=request)
    logout(request)
    return render(request, "portal/salida.html")


@login_required
def inicio(request: HttpRequest) -> HttpResponse:
    contexto: dict = {}
    user = request.user
    # A secondary user sees their balances at a glance; the administrator, the menu's links.
    if user.empresa_id and not user.es_administrador and cuentas_access.puede(user, cuentas_access.CONSULTA_SALDOS):
        contexto["saldos"] = cuentas_selectors.saldos_de(user)
        contexto["con_movimientos"] = cuentas_access.puede(user, cuentas_access.CONSULTA_MOVIMIENTOS)
    return render(request, "portal/inicio.html", contexto)


@login_required
def cambiar_clave(request: HttpRequest) -> HttpResponse:
    form = CambiarClaveForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        usuario = do_cambiar_clave(request.user, form.cleaned_data["nueva"], request=request)
        # The password change invalidates other sessions; this one continues under a new key.
        update_session_auth_hash(request, usuario)
        do_fijar_sesion(usuario, request.session.session_key or "")
        messages.success(request, _("Su clave fue modificada exitosamente."))
        return redirect("portal:inicio")
    return render(request, "portal/cambiar_clave.html", {"form": form, "forzado": request.user.debe_cambiar_clave})


@login_required
def imagen_seguridad(request: HttpRequest) -> HttpResponse:
    form = ImagenSeguridadForm(request.POST or None, initial={"imagen": request.user.imagen_seguridad or None})
    if request.method == "POST" and form.is_valid():
        do_elegir_imagen_seguridad(request.user, form.cleaned_data["imagen"], request=request)
        messages.success(request, _("Su imagen de seguridad fue guardada."))
        return redirect("portal:inicio")
    opciones = [(clave, etiqueta, imagenes.url(clave)) for clave, etiqueta in imagenes.IMAGENES.items()]
    return render(
        request,
        "portal/imagen_seguridad.html",
        {"form": form, "opciones": opciones, "actual": request.user.imagen_seguridad},
    )


def condiciones(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/condiciones.html")


def recomendaciones(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/recomendaciones.html")


def olvido_clave(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/olvido_clave.html")


def error_400(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "errores/error.html", {"codigo": 400, "titulo": _("Solicitud no válida")}, status=400)


def error_403(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "errores/error.html", {"codigo": 403, "titulo": _("Acceso no permitido")}, status=403)


def error_404(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "errores/error.html", {"codigo": 404, "titulo": _("Página no encontrada")}, status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "errores/error.html", {"codigo": 500, "titulo": _("Ocurrió un error")}, status=500)
