import datetime as dt

from django.http import HttpRequest
from django.utils import timezone

from comun.menu import menu_para
from comun.net import client_ip


def portal(request: HttpRequest) -> dict:
    """Header facts (Fecha Actual, Hora Ingreso, IP) and the menu, on every page."""
    ahora = timezone.localtime()
    hora_ingreso = ahora
    session = getattr(request, "session", None)
    if session is not None and session.get("hora_ingreso"):
        hora_ingreso = timezone.localtime(dt.datetime.fromtimestamp(session["hora_ingreso"], tz=dt.UTC))
    user = getattr(request, "user", None)
    autenticado = bool(user and user.is_authenticated and getattr(user, "empresa_id", None))
    return {
        "fecha_actual": ahora,
        "hora_ingreso": hora_ingreso,
        "ip_cliente": client_ip(request),
        "menu": menu_para(user) if autenticado else [],
        "en_portal": autenticado,
        # Messages, authorisations and notifications do not exist yet in the product.
        "avisos": {"mensajes": 0, "autorizaciones": 0, "notificaciones": 0},
    }
