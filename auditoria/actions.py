"""The one way to write to the audit trail."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest

from auditoria.models import Evento
from portal.net import client_ip

if TYPE_CHECKING:
    from admin_usuarios.models import Empresa, Usuario


def registrar(
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
    """Append one audit row. Call it inside the transaction of the change it records.

    Never pass a secret (password, token code, TOTP key) in `detalles`.
    """
    if empresa is None:
        empresa = getattr(objetivo, "empresa", None) or getattr(actor, "empresa", None)
    user_agent = ""
    if request is not None:
        ip = ip or client_ip(request)
        user_agent = request.META.get("HTTP_USER_AGENT", "")[:300]
    return Evento.objects.create(
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
