from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from admin_usuarios.actions.claves import (
    do_cambiar_clave,
    do_elegir_imagen_seguridad,
    do_restablecer_clave,
)
from admin_usuarios.actions.sesiones import do_fijar_sesion
from auditoria.actions import registrar
from comun.acceso import tiene_opcion
from comun.errores import en_formulario
from cuentas import access as cuentas_access
from cuentas import selectors as cuentas_selectors
from portal import imagenes, olvido
from portal import login as flujo
from portal.eventos import Eventos
from portal.forms import (
    CambiarClaveForm,
    ImagenSeguridadForm,
    NuevaClaveForm,
    OlvidoClaveForm,
    Paso1Form,
    Paso2Form,
)
from portal.intentos import MENSAJE_ESPERA

SESION_OLVIDO = "occired_olvido"

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
    espera = None
    if request.method == "POST" and form.is_valid():
        revision = flujo.paso1(request, form.cleaned_data["username"], form.cleaned_data["codigo"])
        if revision.veredicto != flujo.TOKEN_ESPERA:
            return redirect("portal:login_clave")
        # Told, never silently refused: the wait is not counted as a failure.
        espera = MENSAJE_ESPERA % {"segundos": revision.espera}
    motivo = MOTIVOS_SALIDA.get(request.GET.get("motivo", ""))
    return render(request, "portal/login_paso1.html", {"form": form, "motivo": motivo, "error": espera})


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
    imagen = flujo.imagen_para(estado, usuario)
    contexto = {
        "form": form,
        "username": estado.username,
        "imagen_url": imagenes.url(imagen),
        # Described in words, so that a screen-reader user can check it too.
        "imagen_nombre": imagenes.IMAGENES[imagen],
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
    if user.empresa_id and not user.es_administrador and tiene_opcion(user, cuentas_access.CONSULTA_SALDOS):
        contexto["saldos"] = cuentas_selectors.saldos_de(user)
        contexto["con_movimientos"] = tiene_opcion(user, cuentas_access.CONSULTA_MOVIMIENTOS)
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


@require_http_methods(["GET", "POST"])
def olvido_clave(request: HttpRequest) -> HttpResponse:
    """¿Olvidó su clave? step 1. Every outcome but "wait N seconds" gets the same page, with an empty
    form: whether the user exists, has a token, or typed a wrong code or ID stays unsaid."""
    form = OlvidoClaveForm(request.POST or None)
    minutos = settings.OCCIRED_OLVIDO_CLAVE_SEGUNDOS // 60
    contexto: dict = {"form": form, "minutos": minutos}
    if request.method == "POST" and form.is_valid():
        revision = olvido.solicitar(request, form.cleaned_data["username"], form.cleaned_data["codigo"],
                                    form.cleaned_data["identificacion"])
        if revision.veredicto == flujo.TOKEN_ESPERA:
            contexto["error"] = MENSAJE_ESPERA % {"segundos": revision.espera}
        else:
            contexto = {"form": OlvidoClaveForm(), "enviado": True, "minutos": minutos}
    return render(request, "portal/olvido_clave.html", contexto)


def _enlace_invalido(request: HttpRequest) -> HttpResponse:
    request.session.pop(SESION_OLVIDO, None)
    return render(request, "portal/olvido_clave_invalido.html")


@require_GET
def olvido_clave_enlace(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    """The emailed link. The token moves to the session and the browser to a URL without it, so it
    does not leak through the Referer header or the history (as Django's PasswordResetConfirmView)."""
    usuario = olvido.usuario_de(uidb64)
    if not olvido.enlace_vigente(usuario, token):
        return _enlace_invalido(request)
    request.session[SESION_OLVIDO] = {"uid": usuario.pk, "token": token}
    return redirect("portal:olvido_clave_nueva", uidb64=uidb64)


@require_http_methods(["GET", "POST"])
def olvido_clave_nueva(request: HttpRequest, uidb64: str) -> HttpResponse:
    datos = request.session.get(SESION_OLVIDO) or {}
    usuario = olvido.usuario_de(uidb64)
    token = datos.get("token", "")
    if usuario is None or datos.get("uid") != usuario.pk or not olvido.enlace_vigente(usuario, token):
        return _enlace_invalido(request)
    form = NuevaClaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with en_formulario(form):
            do_restablecer_clave(usuario, form.cleaned_data["nueva"],
                                 vigente=lambda u: olvido.enlace_vigente(u, token), request=request)
        if not form.errors:
            request.session.pop(SESION_OLVIDO, None)
            return render(request, "portal/olvido_clave_listo.html")
    return render(request, "portal/olvido_clave_nueva.html", {"form": form, "username": usuario.username})


def error_400(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "errores/error.html", {"codigo": 400, "titulo": _("Solicitud no válida")}, status=400)


def error_403(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "errores/error.html", {"codigo": 403, "titulo": _("Acceso no permitido")}, status=403)


def error_csrf(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: Django's own page is English and unbranded; this one is the portal's, in the
    user's language. The reason stays out of the page (it only helps an attacker)."""
    contexto = {
        "codigo": 403,
        "titulo": _("La página venció"),
        "mensaje": _("La página venció o fue abierta en otra pestaña. Vuelva a cargarla e intente de nuevo."),
    }
    return render(request, "errores/error.html", contexto, status=403)


def error_404(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "errores/error.html", {"codigo": 404, "titulo": _("Página no encontrada")}, status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "errores/error.html", {"codigo": 500, "titulo": _("Ocurrió un error")}, status=500)
