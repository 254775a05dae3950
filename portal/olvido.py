"""¿Olvidó su clave? (SPEC "Bandeja, alertas and recovering the password").

Step 1: Usuario + token code + No. Identificación. The code is checked by the
login's own `revisar_codigo` (same attempt slot, same django-otp throttle and
wait message, same decoy work for unknown usernames, the code consumed so it
cannot be used again at login); a wrong code or a wrong ID number counts toward
the user's block and the address's throttle exactly like a failed login. The
person always gets the same answer: nothing tells whether the user exists.

The link: Django's `PasswordResetTokenGenerator`, never stored anywhere. The
outbox row carries no secret: the `olvido_clave` preparer makes the token at
send time (as Generar Contraseña makes its password), so the token is in the
sent email only — not in the database, the audit trail or a task's arguments.
Its hash covers the password hash (a used link dies with the password it
replaced), the last login, the user's state and email; its age is checked
against OCCIRED_OLVIDO_CLAVE_SEGUNDOS (30 minutes), not the global
PASSWORD_RESET_TIMEOUT.
"""

from __future__ import annotations

import hmac
import re

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django.utils.encoding import force_bytes, force_str
from django.utils.http import base36_to_int, urlsafe_base64_decode, urlsafe_base64_encode

from admin_usuarios.actions.estados import devolver_intento, do_bloquear_por_intentos, tomar_intento
from admin_usuarios.models import Usuario
from auditoria.actions import registrar
from comun.correo import encolar_correo, preparador
from comun.models import CorreoSaliente
from comun.net import client_ip
from portal.eventos import Eventos
from portal.intentos import devolver_intento_ip, tomar_intento_ip
from portal.login import (
    TOKEN_ESPERA,
    TOKEN_INVALIDO,
    TOKEN_OK,
    Revision,
    buscar_usuario,
    registrar_fallo,
    revisar_codigo,
)

PLANTILLA = "olvido_clave"


class GeneradorOlvido(PasswordResetTokenGenerator):
    key_salt = "occired.portal.olvido.GeneradorOlvido"

    def _make_hash_value(self, user: Usuario, timestamp: int) -> str:
        ingreso = "" if user.last_login is None else user.last_login.replace(microsecond=0, tzinfo=None)
        # Blocking or inactivating the user, or changing their email, also kills the link.
        return f"{user.pk}{user.password}{ingreso}{timestamp}{user.estado}{user.email}"

    def check_token(self, user: Usuario | None, token: str | None) -> bool:
        if not (user and token) or not super().check_token(user, token):
            return False
        try:
            emitido = base36_to_int(token.split("-")[0])
        except ValueError:
            return False
        return self._num_seconds(self._now()) - emitido <= settings.OCCIRED_OLVIDO_CLAVE_SEGUNDOS


generador = GeneradorOlvido()


def _normalizar(identificacion: str) -> str:
    # "79.100.123" and "79100123" are the same ID; NITs with or without the dash too.
    return re.sub(r"[\s.\-]", "", identificacion or "").upper()


def _misma_identificacion(usuario: Usuario, dada: str) -> bool:
    guardada = _normalizar(usuario.numero_identificacion)
    return bool(guardada) and hmac.compare_digest(guardada.encode(), _normalizar(dada).encode())


def solicitar(request: HttpRequest, username: str, codigo: str, identificacion: str) -> Revision:
    """Check the three facts; when all match, queue the email with the link.

    Returns TOKEN_ESPERA (with the seconds) while the token's throttle holds, else a verdict
    the view never shows: the page says the same for every other outcome.
    """
    ip = client_ip(request)
    username = (username or "").strip()
    usuario = buscar_usuario(username)
    evento = Eventos.OLVIDO_CLAVE_FALLIDO
    if not tomar_intento_ip(ip):
        registrar_fallo(request, usuario, username, "ip_frenada", evento=evento)
        return Revision(TOKEN_INVALIDO)
    revision = revisar_codigo(usuario, codigo, username=username, request=request, evento=evento)
    if revision.veredicto == TOKEN_ESPERA:
        # Told to wait, not counted (as at login).
        devolver_intento_ip(ip)
        return revision
    if revision.veredicto != TOKEN_OK or usuario is None:
        return revision  # audited and counted (user slot and address slot) by the code check
    # The code was right: the ID number takes a slot of its own, like the password at login.
    intento = tomar_intento(usuario)
    if intento is None:
        registrar_fallo(request, usuario, username, "sin_intentos", evento=evento)
        return Revision(TOKEN_INVALIDO)
    if not _misma_identificacion(usuario, identificacion):
        registrar_fallo(request, usuario, username, "identificacion_invalida", evento=evento)
        do_bloquear_por_intentos(usuario, intento=intento, causa="identificacion_invalida", request=request)
        return Revision(TOKEN_INVALIDO)
    devolver_intento(usuario)
    devolver_intento_ip(ip)
    if not usuario.empresa.activa or not usuario.email:
        causa = "empresa_inactiva" if not usuario.empresa.activa else "sin_correo"
        registrar_fallo(request, usuario, username, causa, evento=evento)
        return Revision(TOKEN_INVALIDO)
    with transaction.atomic():
        registrar(Eventos.OLVIDO_CLAVE_SOLICITADO, actor=usuario, objetivo=usuario,
                  detalles={"correo": usuario.email}, request=request)
        # No secret in the row: the link is made when the email is sent (preparar_enlace).
        encolar_correo(PLANTILLA, para=usuario.email, usuario=usuario, idioma=usuario_idioma(request), contexto={
            "nombre": usuario.nombre_completo, "username": usuario.username,
            "sitio": request.build_absolute_uri("/"),
            "minutos": settings.OCCIRED_OLVIDO_CLAVE_SEGUNDOS // 60,
        })
    return Revision(TOKEN_OK)


def usuario_idioma(request: HttpRequest) -> str:
    # The language the person is using the portal in (the user has no stored preference).
    return getattr(request, "LANGUAGE_CODE", "") or settings.LANGUAGE_CODE


def uid_de(usuario: Usuario) -> str:
    return urlsafe_base64_encode(force_bytes(usuario.pk))


def usuario_de(uidb64: str) -> Usuario | None:
    """The company user of a link's uid, or None for anything else (garbage, staff, unknown)."""
    try:
        pk = int(force_str(urlsafe_base64_decode(uidb64)))
    except (TypeError, ValueError, OverflowError):
        return None
    return Usuario.objects.select_related("empresa").filter(pk=pk, empresa__isnull=False, is_staff=False).first()


def enlace_vigente(usuario: Usuario | None, token: str | None) -> bool:
    return bool(usuario) and usuario.estado == Usuario.Estado.ACTIVO and generador.check_token(usuario, token)


@preparador(PLANTILLA)
def preparar_enlace(correo: CorreoSaliente) -> dict:
    """Runs inside the outbox's sending transaction: the link exists only in the sent email."""
    usuario = Usuario.objects.get(pk=correo.usuario_id)
    ruta = reverse("portal:olvido_clave_enlace", args=[uid_de(usuario), generador.make_token(usuario)])
    return {"enlace": correo.contexto.get("sitio", "/").rstrip("/") + ruta}
