"""Reads about tokens used by the login and the step-up confirmation."""

from __future__ import annotations

from django_otp.plugins.otp_totp.models import TOTPDevice

from admin_usuarios.models import Usuario
from tokens.models import TokenVirtual


def dispositivo_activo(usuario: Usuario) -> TOTPDevice | None:
    """The TOTP device of the user's Activo virtual token, if any."""
    token = (
        TokenVirtual.objects.filter(usuario=usuario, estado=TokenVirtual.Estado.ACTIVO, dispositivo__confirmed=True)
        .select_related("dispositivo")
        .first()
    )
    return token.dispositivo if token else None
