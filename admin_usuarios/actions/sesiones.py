"""The user's one live session and the record of a successful login.
"""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.utils import timezone

from admin_usuarios.models import Usuario


def terminar_sesiones(usuario: Usuario, *, excepto: str = "") -> int:
    """End the user's server-side session(s) other than `excepto`."""
    if usuario.sesion_actual and usuario.sesion_actual != excepto:
        deleted, _ = Session.objects.filter(session_key=usuario.sesion_actual).delete()
        return deleted
    return 0


def marcar_ingreso(usuario: Usuario, *, ip: str) -> Usuario:
    """Record a successful login on the (already locked) user row."""
    usuario.ingreso_anterior = usuario.last_login
    usuario.last_login = timezone.now()
    usuario.ultima_ip = ip
    usuario.intentos_fallidos = 0
    campos = ["ingreso_anterior", "last_login", "ultima_ip", "intentos_fallidos"]
    if usuario.debe_cambiar_clave:
        # A generated password is good for one login only.
        usuario.clave_temporal_usada = True
        campos.append("clave_temporal_usada")
    usuario.save(update_fields=campos)
    return usuario


def do_fijar_sesion(usuario: Usuario, session_key: str) -> Usuario:
    """Make `session_key` the user's one live session (the login calls it on the locked row)."""
    usuario.sesion_actual = session_key
    usuario.save(update_fields=["sesion_actual"])
    return usuario
