"""Small helpers over the real actions, for the token tests."""

from __future__ import annotations

from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import codigo_fresco
from tokens import actions
from tokens.models import TokenVirtual


def enrolar(token: TokenVirtual, usuario) -> tuple[TokenVirtual, TOTPDevice, str]:
    """Asignado → Pendiente Activación through the real actions; returns the code used."""
    token, device = actions.do_enrolar(token, actor=usuario)
    codigo = codigo_fresco(device)
    token = actions.do_confirmar_enrolamiento(token, codigo, actor=usuario)
    return token, device, codigo


def token_activo(usuario, admin) -> tuple[TokenVirtual, TOTPDevice, str]:
    token = actions.do_asignar_token(usuario, actor=admin)
    token, device, codigo = enrolar(token, usuario)
    token = actions.do_activar_token(token, actor=admin)
    return token, device, codigo
