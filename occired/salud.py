"""Liveness and readiness for the load balancer and docker compose (issue 14, defect 8).

`/salud/vivo/`  — the process answers (no dependency is touched).
`/salud/listo/` — the database, the cache (Redis) and the Celery broker answer;
                  503 when any does not.

Answered by the first middleware, before SecurityMiddleware and host checks:
a probe from inside the container speaks plain HTTP to 127.0.0.1, which the SSL
redirect and ALLOWED_HOSTS would otherwise refuse. The output names components
and says ok / falla / no_configurado, never a URL, host or error text (they
can carry credentials). Nothing here throttles, and a healthy probe logs
nothing (gunicorn's access log skips these paths: occired.gunicorn_log).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse, JsonResponse

logger = logging.getLogger(__name__)

VIVO = "/salud/vivo/"
LISTO = "/salud/listo/"
TIEMPO = 2  # seconds a component has to answer


def _base_de_datos() -> str:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _cache() -> str:
    if not settings.REDIS_URL:
        return "no_configurado"
    import redis

    cliente = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=TIEMPO, socket_timeout=TIEMPO)
    try:
        cliente.ping()
    finally:
        cliente.close()
    return "ok"


def _broker() -> str:
    if not settings.CELERY_BROKER_URL:
        return "no_configurado"  # development: tasks run eagerly
    from kombu import Connection

    with Connection(settings.CELERY_BROKER_URL, connect_timeout=TIEMPO,
                    transport_options={"socket_timeout": TIEMPO}) as conexion:
        conexion.ensure_connection(max_retries=1, timeout=TIEMPO)
    return "ok"


COMPONENTES: dict[str, Callable[[], str]] = {"base_de_datos": _base_de_datos, "cache": _cache, "broker": _broker}


def estado_listo() -> tuple[bool, dict[str, str]]:
    resultado: dict[str, str] = {}
    for nombre, revisar in COMPONENTES.items():
        try:
            resultado[nombre] = revisar()
        except Exception as exc:  # any failure means "not ready"; the text stays in the log
            logger.warning("salud: %s no responde (%s)", nombre, type(exc).__name__)
            resultado[nombre] = "falla"
    return all(v != "falla" for v in resultado.values()), resultado


class SaludMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path not in (VIVO, LISTO):
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
        if request.path == VIVO:
            respuesta = JsonResponse({"estado": "ok"})
        else:
            listo, componentes = estado_listo()
            if listo:
                connections["default"].close_if_unusable_or_obsolete()
            respuesta = JsonResponse({"estado": "ok" if listo else "falla", "componentes": componentes},
                                     status=200 if listo else 503)
        respuesta["Cache-Control"] = "no-store"
        return respuesta
