"""The bank-staff login at /banco/ under the portal's rules (issue 14, defect 4).

One generic message for every failure (a wrong password and a wrong token code
read the same), the same attempt slots and block as the portal (the bank's own
limit, OCCIRED_BANCO_INTENTOS; a blocked staff member is unblocked by another
one in /banco/), and an audit row for every success and failure with its cause.

The password is only checked after a right token code: without the second
factor nothing about the password is learnt, and every wrong code counts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from admin_usuarios.actions.estados import do_bloquear_por_intentos, tomar_intento
from admin_usuarios.models import Usuario
from auditoria.actions import registrar
from comun.net import client_ip
from portal import login as flujo
from portal.eventos import Eventos
from portal.intentos import MENSAJE_ESPERA, tomar_intento_ip

MENSAJE_GENERICO = _(
    "No fue posible ingresar. Verifique su usuario, su clave y el código de su token; "
    "si el problema continúa, comuníquese con otro funcionario del banco."
)


@dataclass(frozen=True)
class Resultado:
    usuario: Usuario | None
    dispositivo: TOTPDevice | None = None
    mensaje: str = ""


def buscar_funcionario(username: str) -> Usuario | None:
    return Usuario.objects.filter(
        username__iexact=username.strip(), is_staff=True, empresa__isnull=True
    ).first() if username.strip() else None


def ingresar_funcionario(request: HttpRequest, username: str, clave: str, codigo: str,
                         buscar_dispositivo: Callable[[Usuario], TOTPDevice | None]) -> Resultado:
    username = username.strip()[:60]
    codigo = codigo.strip()
    usuario = buscar_funcionario(username)
    if not codigo:
        return _sin_codigo(request, usuario, username, clave)
    revision = flujo.revisar_codigo(usuario, codigo, username=username, request=request,
                                    buscar_dispositivo=buscar_dispositivo)
    if revision.veredicto == flujo.TOKEN_ESPERA:
        return Resultado(None, mensaje=str(MENSAJE_ESPERA % {"segundos": revision.espera}))
    if revision.veredicto != flujo.TOKEN_OK or usuario is None:
        flujo._senuelo(clave)  # audited (and counted) by the code check
        return Resultado(None, mensaje=str(MENSAJE_GENERICO))
    intento = tomar_intento(usuario)
    if intento is None:
        flujo._senuelo(clave)
        usuario.refresh_from_db(fields=["estado"])
        return _fallo(request, usuario, username, f"usuario_{usuario.estado.lower()}"
                      if usuario.estado != Usuario.Estado.ACTIVO else "sin_intentos")
    if not usuario.check_password(clave):
        do_bloquear_por_intentos(usuario, intento=intento, causa="clave_invalida", request=request)
        return _fallo(request, usuario, username, "clave_invalida")
    Usuario.objects.filter(pk=usuario.pk).update(intentos_fallidos=0)
    registrar(Eventos.INGRESO, actor=usuario, objetivo=usuario, detalles={"sitio": "banco"}, request=request)
    return Resultado(usuario, dispositivo=revision.dispositivo)


def _sin_codigo(request: HttpRequest, usuario: Usuario | None, username: str, clave: str) -> Resultado:
    """No code: nothing can be checked. Slowed per address like any untrusted attempt,
    and counted on the account like a missing token code at the portal."""
    flujo._senuelo(clave)
    if not tomar_intento_ip(client_ip(request)):
        return _fallo(request, usuario, username, "ip_frenada")
    if usuario is None:
        return _fallo(request, None, username, "usuario_desconocido")
    intento = tomar_intento(usuario)
    if intento is None:
        return _fallo(request, usuario, username, "sin_intentos" if usuario.estado == Usuario.Estado.ACTIVO
                      else f"usuario_{usuario.estado.lower()}")
    do_bloquear_por_intentos(usuario, intento=intento, causa=flujo.TOKEN_FALTANTE, request=request)
    return _fallo(request, usuario, username, flujo.TOKEN_FALTANTE)


def _fallo(request: HttpRequest, usuario: Usuario | None, username: str, causa: str) -> Resultado:
    flujo.registrar_fallo(request, usuario, username, causa, sitio="banco")
    return Resultado(None, mensaje=str(MENSAJE_GENERICO))
