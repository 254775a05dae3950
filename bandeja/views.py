"""Servicio al Cliente: Mensajes, Notificaciones and Inscripción de Alertas.

Mensajes need the profile option "mensajes" (the administrator reads them too).
Notificaciones and Inscripción de Alertas need no option: every company user has
their own events and chooses their own alerts (the administrator decides only the
"Permitir Recibir Alertas" switch).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bandeja import actions, catalogo, selectors
from bandeja.access import get_mensaje_for, get_notificacion_for
from bandeja.forms import InscripcionAlertasForm
from bandeja.models import PreferenciaAlertas
from comun.acceso import opcion_requerida
from comun.errores import AccionRechazada
from comun.paginas import consulta_sin_pagina, tamano_pagina

MENSAJES = "mensajes"


def usuario_de_empresa(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous → login; bank staff (no company) → 403."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not getattr(request.user, "empresa_id", None):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@opcion_requerida(MENSAJES, administrador=True)
def mensajes(request: HttpRequest) -> HttpResponse:
    pagina = Paginator(selectors.mensajes_de(request.user).only(
        "titulo", "vigente_desde", "vigente_hasta", "empresa_id"), tamano_pagina(request)).get_page(
        request.GET.get("pagina"))
    return render(request, "bandeja/mensajes.html", {
        "pagina": pagina, "consulta": consulta_sin_pagina(request), "ver": tamano_pagina(request)})


@opcion_requerida(MENSAJES, administrador=True)
def mensaje(request: HttpRequest, pk: int) -> HttpResponse:
    """Opening a message is reading it (as in any mail client): it is marked read for this user only."""
    mensaje = get_mensaje_for(request.user, pk)
    if not mensaje.leido:
        actions.do_marcar_mensaje_leido(mensaje, request.user)
    return render(request, "bandeja/mensaje.html", {"mensaje": mensaje})


@usuario_de_empresa
def notificaciones(request: HttpRequest) -> HttpResponse:
    ver = tamano_pagina(request)
    pagina = Paginator(selectors.notificaciones_de(request.user), ver).get_page(request.GET.get("pagina"))
    filas = [{"n": n, "titulo": catalogo.titulo(n.evento), "texto": catalogo.texto(n.evento, n.datos),
              "seguridad": n.evento in {e.codigo for e in catalogo.SEGURIDAD}} for n in pagina]
    return render(request, "bandeja/notificaciones.html", {
        "pagina": pagina, "filas": filas, "consulta": consulta_sin_pagina(request), "ver": ver,
        "hay_sin_leer": selectors.contar_notificaciones_sin_leer(request.user) > 0,
    })


def _destino_seguro(enlace: str) -> str | None:
    """Only a page of this site: a link is stored by our own actions, but is never followed off-site."""
    if enlace and url_has_allowed_host_and_scheme(enlace, allowed_hosts=None) and enlace.startswith("/"):
        return enlace
    return None


@require_POST
@usuario_de_empresa
def abrir_notificacion(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one read (POST + CSRF) and go where it points (a page of the portal), or back to the list."""
    notificacion = get_notificacion_for(request.user, pk)
    actions.do_marcar_notificacion_leida(notificacion)
    if request.POST.get("ir") and (destino := _destino_seguro(notificacion.enlace)):
        return redirect(destino)
    return redirect("bandeja:notificaciones")


@require_POST
@usuario_de_empresa
def marcar_todas(request: HttpRequest) -> HttpResponse:
    n = actions.do_marcar_todas_leidas(request.user)
    if n:
        messages.success(request, _("Se marcaron %(n)s notificaciones como leídas.") % {"n": n})
    return redirect("bandeja:notificaciones")


@usuario_de_empresa
def alertas(request: HttpRequest) -> HttpResponse:
    usuario = request.user
    preferencia = PreferenciaAlertas.objects.filter(usuario_id=usuario.pk).first()
    permitidas = bool(usuario.permitir_alertas)
    inicial = {
        "grupos": preferencia.grupos if preferencia else list(catalogo.GRUPOS_POR_DEFECTO),
        "monto_minimo": _monto_texto(preferencia.monto_minimo) if preferencia else "0",
    }
    form = InscripcionAlertasForm(request.POST if request.method == "POST" else None, initial=inicial)
    if not permitidas:
        for campo in form.fields.values():
            campo.disabled = True
    if request.method == "POST" and permitidas and form.is_valid():
        try:
            actions.do_inscribir_alertas(usuario, form.cleaned_data["grupos"], form.cleaned_data["monto_minimo"],
                                         idioma=translation.get_language() or "", request=request)
        except AccionRechazada as exc:
            form.add_error(exc.campo if exc.campo in form.fields else None, str(exc))
        else:
            messages.success(request, _("Su inscripción de alertas fue guardada."))
            return redirect("bandeja:alertas")
    return render(request, "bandeja/alertas.html", {
        "form": form, "permitidas": permitidas, "seguridad": catalogo.SEGURIDAD,
        "servicio": [catalogo.EVENTOS[catalogo.TOKEN_ASIGNADO]], "tiene_correo": bool(usuario.email),
    })


def _monto_texto(valor) -> str:
    entero, _sep, dec = f"{valor:.2f}".partition(".")
    miles = f"{int(entero):,}".replace(",", ".")
    return miles if dec == "00" else f"{miles},{dec}"
