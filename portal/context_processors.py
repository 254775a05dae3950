import datetime as dt

from django.http import HttpRequest
from django.utils import timezone

from bandeja.selectors import contar_mensajes_sin_leer, contar_notificaciones_sin_leer
from comun.acceso import tiene_opcion
from comun.menu import menu_para
from comun.net import client_ip
from transacciones.reglas import puede_aprobar
from transacciones.selectors import contar_por_aprobar


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
        "avisos": {"mensajes": _Mensajes(user) if autenticado else 0,
                   "autorizaciones": _Autorizaciones(user) if autenticado else 0,
                   "notificaciones": _Notificaciones(user) if autenticado else 0},
    }


class _Contador:
    """A home counter, counted only when a page renders it, and once per request."""

    def __init__(self, user) -> None:
        self.user = user
        self._n: int | None = None

    def contar(self) -> int:
        raise NotImplementedError

    def __int__(self) -> int:
        if self._n is None:
            self._n = self.contar()
        return self._n

    def __str__(self) -> str:
        return str(int(self))


class _Mensajes(_Contador):
    """"Usted tiene N Mensaje(s)": unread bank messages in force (one query); 0 and no link
    for a user whose profile does not give Mensajes."""

    @property
    def puede_leer(self) -> bool:
        return tiene_opcion(self.user, "mensajes", administrador=True)

    def contar(self) -> int:
        return contar_mensajes_sin_leer(self.user) if self.puede_leer else 0


class _Notificaciones(_Contador):
    """"Usted tiene N Notificación(es)": unread ones (one count on a partial index)."""

    def contar(self) -> int:
        return contar_notificaciones_sin_leer(self.user)


class _Autorizaciones:
    """"Usted tiene N Autorización(es)": what awaits this user's approval, counted only
    when a page renders it (one indexed count; none for users who cannot approve)."""

    def __init__(self, user) -> None:
        self.user = user

    @property
    def aprueba(self) -> bool:
        return puede_aprobar(self.user)

    def __int__(self) -> int:
        return contar_por_aprobar(self.user) if self.aprueba else 0

    def __str__(self) -> str:
        return str(int(self))
