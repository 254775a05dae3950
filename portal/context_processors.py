import datetime as dt

from django.http import HttpRequest
from django.utils import timezone

from bandeja.selectors import contar_sin_leer
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
        "avisos": _avisos(user) if autenticado else {"mensajes": 0, "autorizaciones": 0, "notificaciones": 0},
    }


def _avisos(user) -> dict:
    bandeja = _Bandeja(user)
    return {"mensajes": _Contador(bandeja, 0), "autorizaciones": _Autorizaciones(user),
            "notificaciones": _Contador(bandeja, 1)}


class _Bandeja:
    """The two inbox counters of the home panel, counted together (one query) and only
    when a page renders them, once per request."""

    def __init__(self, user) -> None:
        self.user = user
        self._n: tuple[int, int] | None = None

    @property
    def puede_leer(self) -> bool:
        return tiene_opcion(self.user, "mensajes", administrador=True)

    def cifras(self) -> tuple[int, int]:
        if self._n is None:
            self._n = contar_sin_leer(self.user, mensajes=self.puede_leer)
        return self._n


class _Contador:
    def __init__(self, bandeja: _Bandeja, indice: int) -> None:
        self.bandeja, self.indice = bandeja, indice

    @property
    def puede_leer(self) -> bool:
        # "Usted tiene N Mensaje(s)": 0 and no link for a profile without Mensajes.
        return self.bandeja.puede_leer

    def __int__(self) -> int:
        return self.bandeja.cifras()[self.indice]

    def __str__(self) -> str:
        return str(int(self))


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
