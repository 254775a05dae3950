"""Per-request session rules for company users (SPEC "Login" 6 and 8)."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control

from auditoria.actions import registrar
from portal.eventos import Eventos

# Pages a user may reach while a password change or image choice is pending.
_LIBRES_DURANTE_PENDIENTES = {"portal:cambiar_clave", "portal:imagen_seguridad", "portal:salida", "set_language"}
# Idle-time bookkeeping is written at most this often, to spare a session write per request.
_ACTIVIDAD_GRANULARIDAD = 10


class PortalSessionMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(settings.STATIC_URL):
            return self.get_response(request)
        cortada = self._revisar_sesion(request)
        if cortada is not None:
            return cortada
        response = self.get_response(request)
        # Nothing a logged-in page shows may be kept by the browser or a proxy.
        patch_cache_control(response, no_cache=True, no_store=True, must_revalidate=True, private=True)
        return response

    def _revisar_sesion(self, request: HttpRequest) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated or user.empresa_id is None:
            return None
        if user.sesion_actual != request.session.session_key:
            # A newer login elsewhere replaced this session.
            logout(request)
            return redirect(f"{reverse('portal:login')}?motivo=reemplazada")
        now = time.time()
        ultima = request.session.get("ultima_actividad", now)
        if now - ultima > user.empresa.inactividad_minutos * 60:
            registrar(Eventos.SESION_EXPIRADA, actor=user, objetivo=user, request=request)
            logout(request)
            return redirect(f"{reverse('portal:login')}?motivo=inactividad")
        if now - ultima >= _ACTIVIDAD_GRANULARIDAD:
            request.session["ultima_actividad"] = now
        match = request.resolver_match or _resolver(request)
        nombre = match.view_name if match else ""
        if nombre not in _LIBRES_DURANTE_PENDIENTES:
            if user.debe_cambiar_clave:
                return redirect("portal:cambiar_clave")
            if not user.imagen_seguridad:
                return redirect("portal:imagen_seguridad")
        return None


def _resolver(request: HttpRequest):
    from django.urls import Resolver404, resolve

    try:
        return resolve(request.path_info)
    except Resolver404:
        return None


class IdiomaMiddleware(LocaleMiddleware):
    """Spanish unless the person chose English with the "In English" switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language; a
    Colombian bank's portal opens in Spanish for everybody and remembers an
    explicit choice in the language cookie.
    """

    def process_request(self, request: HttpRequest) -> None:
        idioma = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if idioma not in dict(settings.LANGUAGES):
            idioma = settings.LANGUAGE_CODE
        translation.activate(idioma)
        request.LANGUAGE_CODE = translation.get_language()
