"""Crear Nuevo's "that username already exists": an answer about the whole bank.

Usernames are unique bank-wide because the login has no company code, so the
answer cannot be avoided; it is limited and audited per administrator instead
(issue 14, defect 5; README "Nombres de usuario"). Past the limit the form
answers every username the same way, existing or not, until the window ends.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from admin_usuarios.eventos import Eventos
from admin_usuarios.models import Usuario
from auditoria.actions import registrar

MENSAJE_AGOTADO = _(
    "Por seguridad no es posible verificar más nombres de usuario por hoy. "
    "Intente más tarde o comuníquese con el banco."
)
VENTANA = 24 * 3600


def _clave(actor: Usuario) -> str:
    return f"occired:nombres-existentes:{actor.pk}"


def agotado(actor: Usuario) -> bool:
    return (cache.get(_clave(actor)) or 0) >= settings.OCCIRED_NOMBRES_EXISTENTES_MAX


def contar_existente(actor: Usuario, username: str, *, request: HttpRequest | None = None) -> bool:
    """Count and audit one "already exists" answer; False when it is over the limit
    (the caller then gives the limit message instead). INCR keeps parallel posts exact."""
    clave = _clave(actor)
    cache.add(clave, 0, timeout=VENTANA)
    n = cache.incr(clave)
    permitido = n <= settings.OCCIRED_NOMBRES_EXISTENTES_MAX
    registrar(
        Eventos.NOMBRE_EXISTENTE,
        actor=actor,
        detalles={"username": username[:20], "respondido": permitido, "consulta": n},
        request=request,
    )
    return permitido
