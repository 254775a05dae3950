"""Role gates shared by every app's views. Object access (tenancy) lives in each app's access.py."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from comun.menu import opciones_de


def administrador_requerido(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous → login; a company user who is not its administrator → 403."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        user = request.user
        if not (user.empresa_id and user.es_administrador):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def opcion_requerida(opcion: str | tuple[str, ...], *, administrador: bool = False) -> Callable:
    """The one gate of every operating view: the user's profile must hold ``opcion``
    (or, given a tuple, any of them: an operation's detail is reached from capture,
    approval and Histórico alike).

    Anonymous → login; a user whose profile lacks the option (or who has no
    profile, or belongs to no company) → 403, so a direct URL opens nothing the
    menu does not offer. ``administrador=True`` also lets the company's
    administrator in (Consultas, Histórico, Mensajes: reading, not moving money).

    The wrapper carries ``opcion_requerida`` (a tuple) and ``opcion_administrador``
    so that a test can walk every URL and find a view that escaped the gate.
    """
    opciones = (opcion,) if isinstance(opcion, str) else tuple(opcion)

    def decorador(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not tiene_opcion(request.user, opciones, administrador=administrador):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.opcion_requerida = opciones  # type: ignore[attr-defined]
        wrapper.opcion_administrador = administrador  # type: ignore[attr-defined]
        return wrapper

    return decorador


def tiene_opcion(user, opcion: str | tuple[str, ...], *, administrador: bool = False) -> bool:
    """Whether ``user`` may open what the profile option ``opcion`` (or any of a tuple) gives."""
    if not (getattr(user, "is_authenticated", False) and getattr(user, "empresa_id", None)):
        return False
    if user.es_administrador:
        return administrador
    opciones = (opcion,) if isinstance(opcion, str) else opcion
    return bool(set(opciones) & opciones_de(user))
