"""Input that no view should ever see (issue 14, defect 6).

A NUL byte cannot be stored or compared by PostgreSQL (psycopg refuses it),
so one in a query parameter, a form field or a cookie used to reach the
database and end in a server error. They are refused here, once, before any
view, with a 400 page in the portal's layout. Digits outside ASCII ("²",
"٣") pass str.isdigit() but not int(): `entero` reads numbers safely.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

# The largest primary key PostgreSQL's bigint holds.
MAXIMO_ENTERO = 2**63 - 1


def solo_digitos(texto: str) -> bool:
    """At least one digit and nothing but ASCII digits: what an account, identity or form
    number is (str.isdigit alone lets "²" and "１２" through)."""
    return texto.isascii() and texto.isdigit()


def entero(valor: str | None, *, minimo: int = 0, maximo: int = MAXIMO_ENTERO) -> int | None:
    """An int from ASCII digits within [minimo, maximo]; None for anything else."""
    valor = (valor or "").strip()
    if not solo_digitos(valor) or len(valor) > 19:
        return None
    numero = int(valor)
    return numero if minimo <= numero <= maximo else None


def _con_nul(pares) -> bool:
    return any("\x00" in clave or any("\x00" in v for v in valores) for clave, valores in pares)


class EntradasMiddleware:
    """Before the session middleware: cookies are cleaned before the session is read."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # A session cookie with a NUL would reach the sessions table: drop it (no session).
        request.COOKIES = {k: v for k, v in request.COOKIES.items() if "\x00" not in k and "\x00" not in v}
        if _con_nul(request.GET.lists()) or (request.method == "POST" and _con_nul(request.POST.lists())):
            return render(
                request,
                "errores/error.html",
                {
                    "codigo": 400,
                    "titulo": _("Solicitud no válida"),
                    "mensaje": _("La solicitud contiene caracteres no permitidos. Revise los datos e intente de nuevo."),
                },
                status=400,
            )
        return self.get_response(request)
