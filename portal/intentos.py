"""Attempt slots: how many secrets (passwords, token codes) may be checked at all.

A slot is taken atomically *before* a secret is checked and is not given back
when the check fails, so the limits hold whatever the parallelism (django-axes
issue #592 and Keycloak's BruteForceTest are the failures this avoids: both
count after checking, so N simultaneous requests all see "below the limit").

- Per user: a conditional UPDATE on the user row (`intentos_fallidos < limit`)
  returns the slot number, or nothing when the user is not Activo or has no
  slot left. The slot that reaches the limit blocks the user when it fails.
  Those writes are the user's: admin_usuarios/actions/estados.py.
- Per client IP: an atomic counter (Redis INCR) over a fixed window. Attempts
  whose token code was right at step 1 do not need it: a flood from one NAT
  address cannot guess token codes, so it must not keep out the people behind
  that address who have them (README, "Intentos fallidos").
"""

from __future__ import annotations

import hashlib
import hmac
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

# --- per client IP ---------------------------------------------------------------------


def _clave_ip(ip: str) -> str:
    return f"occired:intentos-ip:{ip}"


def tomar_intento_ip(ip: str) -> bool:
    """Take one of the address's slots for this window; False when none is left.

    `add` starts the window (and its expiry) once; `incr` is Redis INCR, atomic
    across processes, and keeps the key's expiry.
    """
    clave = _clave_ip(ip)
    ventana = settings.OCCIRED_IP_VENTANA_SEGUNDOS
    cache.add(clave, 0, timeout=ventana)
    try:
        n = cache.incr(clave)
    except ValueError:  # the window expired between add and incr
        cache.add(clave, 0, timeout=ventana)
        n = cache.incr(clave)
    return n <= settings.OCCIRED_IP_MAX_FALLOS


def devolver_intento_ip(ip: str) -> None:
    try:
        cache.decr(_clave_ip(ip))
    except ValueError:
        pass


def ip_frenada(ip: str) -> bool:
    return (cache.get(_clave_ip(ip)) or 0) >= settings.OCCIRED_IP_MAX_FALLOS


# --- waiting after wrong token codes ---------------------------------------------------------

MENSAJE_ESPERA = _(
    "Por seguridad, después de un código de token no válido debe esperar %(segundos)s "
    "segundo(s) antes de intentar de nuevo."
)


def _clave_senuelo(username: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), username.strip().lower().encode(), hashlib.sha256)
    return f"occired:espera-codigo:{digest.hexdigest()[:32]}"


def _retardo(fallos: int) -> float:
    # django-otp's schedule (ThrottlingMixin): factor × 2^(n-1) seconds, at most a day.
    factor = settings.OTP_TOTP_THROTTLE_FACTOR
    return min(factor * (2 ** (fallos - 1)), 24 * 3600) if fallos > 0 and factor > 0 else 0


def espera_senuelo(username: str) -> int:
    """Seconds a username with no token must wait, on the same schedule as a real
    token's throttle, so that the wait message does not tell which usernames exist."""
    datos = cache.get(_clave_senuelo(username))
    if not datos:
        return 0
    restante = datos["desde"] + _retardo(datos["n"]) - time.time()
    return max(0, int(restante + 0.999))


def contar_fallo_senuelo(username: str) -> None:
    clave = _clave_senuelo(username)
    datos = cache.get(clave) or {"n": 0}
    cache.set(clave, {"n": datos["n"] + 1, "desde": time.time()}, timeout=24 * 3600)
