"""The one way to write to the audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.http import HttpRequest

from auditoria.models import Evento
from comun.filas import insertar, insertar_uno
from comun.net import client_ip

# The company and user models live above this app; any model instance will do.
Empresa = Usuario = models.Model


def nuevo_evento(
    accion: str,
    *,
    actor: Usuario | None = None,
    actor_nombre: str = "",
    empresa: Empresa | None = None,
    objetivo: Usuario | None = None,
    objetivo_descripcion: str = "",
    detalles: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
    ip: str | None = None,
) -> Evento:
    """The audit row `registrar` would write, not saved yet (for `registrar_varios`)."""
    if empresa is None:
        empresa = getattr(objetivo, "empresa", None) or getattr(actor, "empresa", None)
    user_agent = ""
    if request is not None:
        ip = ip or client_ip(request)
        user_agent = request.META.get("HTTP_USER_AGENT", "")[:300]
    return Evento(
        accion=str(accion),
        actor=actor,
        actor_nombre=(actor_nombre or (actor.username if actor else ""))[:60],
        empresa=empresa,
        objetivo=objetivo,
        objetivo_descripcion=(objetivo_descripcion or (objetivo.username if objetivo else ""))[:120],
        detalles=detalles or {},
        ip=ip,
        user_agent=user_agent,
    )


def registrar(accion: str, **kwargs: Any) -> Evento:
    """Append one audit row. Call it inside the transaction of the change it records.

    Never pass a secret (password, token code, TOTP key) in `detalles`.
    Arguments: those of `nuevo_evento`.
    """
    return insertar_uno(nuevo_evento(accion, **kwargs))


def registrar_varios(eventos: list[Evento], *, ids: bool = True) -> list[Evento]:
    """Append several rows built by `nuevo_evento` in one insert (a bulk action), in their order.
    `ids=False`: their ids are not read back (comun.filas.insertar)."""
    return insertar(eventos, ids=ids)


def valor_auditable(v: Any) -> Any:
    """A value as the audit trail keeps it: times as HH:MM, related objects by their name."""
    if isinstance(v, dt.time):
        return v.strftime("%H:%M")
    if hasattr(v, "pk"):
        return str(v)
    return v


def foto(obj: Any, campos) -> dict[str, Any]:
    """The audited fields of `obj`, for a before/after pair."""
    return {c: valor_auditable(getattr(obj, c)) for c in campos}
