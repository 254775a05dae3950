"""The one token-code check: used by the login (step 1) and by every step-up confirmation."""

from __future__ import annotations

import math

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_totp.models import TOTPDevice

from auditoria.actions import registrar
from tokens.eventos import Eventos
from tokens.selectors import dispositivo_activo


def verificar_codigo(device: TOTPDevice, codigo: str) -> bool:
    """Verify and consume a TOTP code under a row lock.

    django-otp remembers the last accepted time step (`last_t`) and refuses it
    again; the lock makes two simultaneous requests with the same code see each
    other's write, so only one of them succeeds.
    """
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        return verificar_en_dispositivo_bloqueado(locked, codigo)


def verificar_en_dispositivo_bloqueado(device: TOTPDevice, codigo: str) -> bool:
    """The same check on a device row the caller already holds FOR UPDATE (the login
    locks it to read the throttle and check the code in one transaction)."""
    codigo = (codigo or "").strip()
    if not (codigo.isascii() and codigo.isdigit() and len(codigo) == 6):
        return False
    return bool(device.verify_token(codigo))


def segundos_de_espera(device: TOTPDevice) -> int:
    """Seconds left of django-otp's throttle after a wrong code (0 when a code may be tried).

    django-otp refuses every code for 1, 2, 4… seconds after a wrong one, a right one
    included: the person is told to wait and for how long, instead of "invalid code".
    """
    permitido, datos = device.verify_is_allowed()
    if permitido or not datos or not datos.get("locked_until"):
        return 0
    return max(1, math.ceil((datos["locked_until"] - timezone.now()).total_seconds()))


def tiene_dispositivo(actor) -> bool:
    return dispositivo_activo(actor) is not None


def confirmar(actor, codigo: str, *, accion: str = "", request: HttpRequest | None = None) -> str | None:
    """Step-up: the actor's own current Activo token confirms a sensitive action.

    Returns None when the code is accepted (and consumed), else the message for
    the field; a wrong code is audited. Checked against the *current* device, so
    a token inactivated a second ago is refused at once.
    """
    device = dispositivo_activo(actor)
    if device is None:
        return _("Usted no tiene un token virtual activo: no puede confirmar esta operación. "
                 "Comuníquese con el banco para activar su token.")
    espera = segundos_de_espera(device)
    if espera:
        return ngettext(
            "Por seguridad, espere %(n)d segundo antes de ingresar un nuevo código del token.",
            "Por seguridad, espere %(n)d segundos antes de ingresar un nuevo código del token.",
            espera,
        ) % {"n": espera}
    if not verificar_codigo(device, codigo):
        registrar(Eventos.STEPUP_FALLIDO, actor=actor, detalles={"accion": accion}, request=request)
        return _("El código del token no es válido o ya fue usado.")
    return None
