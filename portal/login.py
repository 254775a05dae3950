"""The two-step login (SPEC "Login").

Between the steps the session holds only the candidate user id, the username
as typed, the step-1 token verdict and a timestamp:
never a password, never a token code. Every rejection reaches the person as
one generic message; the real cause goes only to the audit trail.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.utils import timezone, translation
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from admin_usuarios.actions.estados import devolver_intento, do_bloquear_por_intentos, tomar_intento
from admin_usuarios.actions.sesiones import do_fijar_sesion, marcar_ingreso, terminar_sesiones
from admin_usuarios.models import Usuario
from auditoria.actions import registrar
from auditoria.models import Evento
from bandeja.avisos import registrar_ingreso
from comun.net import client_ip
from portal import imagenes
from portal.eventos import Eventos
from portal.intentos import (
    contar_fallo_senuelo,
    devolver_intento_ip,
    espera_senuelo,
    tomar_intento_ip,
)
from seguridad.reglas import motivo_fuera_de_acceso
from tokens.codigos import verificar_en_dispositivo_bloqueado
from tokens.selectors import dispositivo_activo, tiene_token_inactivo

SESSION_KEY = "occired_login"
BACKEND = "portal.backends.PortalBackend"

# Token verdicts of step 1.
TOKEN_OK = "ok"
TOKEN_NO_REQUERIDO = "no_requerido"
TOKEN_FALTANTE = "token_faltante"
TOKEN_INVALIDO = "token_invalido"
TOKEN_SIN_DISPOSITIVO = "token_requerido_sin_token"
TOKEN_INACTIVO = "token_inactivo"
TOKEN_DESCONOCIDO = "usuario_desconocido"
TOKEN_ESPERA = "token_en_espera"
TOKEN_SIN_INTENTO = "sin_intento"
TOKEN_ACEPTADOS = {TOKEN_OK, TOKEN_NO_REQUERIDO}
# Verdicts whose attempt step 1 already audited (and counted, when it was a wrong code).
RECHAZADOS_EN_PASO1 = {TOKEN_INVALIDO, TOKEN_SIN_INTENTO}

# A hash to check unknown usernames against, so that step 2 takes as long for
# them as for real users (no timing oracle on which usernames exist).
_HASH_SENUELO: str | None = None


def _hash_senuelo() -> str:
    global _HASH_SENUELO
    if _HASH_SENUELO is None:
        _HASH_SENUELO = make_password("occired-senuelo")
    return _HASH_SENUELO


def buscar_usuario(username: str) -> Usuario | None:
    """A company user by username (any case). Bank staff never log in here."""
    username = (username or "").strip()
    if not username:
        return None
    return (
        Usuario.objects.select_related("empresa")
        .filter(username__iexact=username, empresa__isnull=False, is_staff=False)
        .first()
    )


def imagen_senuelo(username: str) -> str:
    """A stable image for a username that matches nobody, so step 2 looks the same."""
    digest = hmac.new(settings.SECRET_KEY.encode(), username.strip().lower().encode(), hashlib.sha256).digest()
    return imagenes.CLAVES[int.from_bytes(digest[:4], "big") % len(imagenes.CLAVES)]


# A fixed key for the code check of usernames without a token (unknown ones
# included): the same HMAC work and the same queries as a real check.
_CLAVE_SENUELO = hashlib.sha256(b"occired-totp-senuelo").digest()[:20]


def _verificacion_senuelo(codigo: str) -> None:
    totp = TOTP(_CLAVE_SENUELO)
    totp.time = time.time()
    try:
        totp.verify(int(codigo), 1, 0)
    except ValueError:
        pass
    # Mirrors the throttle write django-otp makes after a wrong code (on no row).
    TOTPDevice.objects.filter(pk=-1).update(throttling_failure_count=F("throttling_failure_count") + 1)


@dataclass(frozen=True)
class Revision:
    veredicto: str
    espera: int = 0  # seconds to wait before another code may be checked
    dispositivo: TOTPDevice | None = None  # the device that accepted the code


def revisar_codigo(usuario: Usuario | None, codigo: str, *, username: str = "",
                   request: HttpRequest | None = None,
                   buscar_dispositivo: Callable[[Usuario], TOTPDevice | None] = dispositivo_activo,
                   evento: str = Eventos.INGRESO_FALLIDO) -> Revision:
    """Step 1's code check. Every code given is checked under an attempt slot; a
    wrong one is audited and counts like a wrong password; while the token's
    throttle holds, the person is told how long to wait and nothing is counted.

    The work (queries, one TOTP check, one audit row) is the same whether the
    username exists, has a token or not, so that step 1 is no username oracle.
    """
    sustituto = usuario if usuario is not None else Usuario(pk=-1)
    device = buscar_dispositivo(sustituto)
    inactivo = tiene_token_inactivo(sustituto)
    codigo = (codigo or "").strip()
    username = username or (usuario.username if usuario else "")
    if not codigo:
        if usuario is None:
            return Revision(TOKEN_DESCONOCIDO)
        if device is None:
            if inactivo:
                # Inactivated (lost phone, suspicion): no password-only fallback.
                return Revision(TOKEN_INACTIVO)
            return Revision(TOKEN_SIN_DISPOSITIVO if usuario.empresa.token_requerido else TOKEN_NO_REQUERIDO)
        return Revision(TOKEN_FALTANTE)

    ok = False
    intento: int | None = None
    with transaction.atomic():
        if device is not None:
            device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
            permitido, info = device.verify_is_allowed()
            espera = 0 if permitido else _segundos_hasta((info or {}).get("locked_until"))
        else:
            list(TOTPDevice.objects.select_for_update().filter(pk=-1))
            espera = espera_senuelo(username)
        if not espera:
            intento = tomar_intento(usuario)
            if device is not None and intento is not None:
                ok = verificar_en_dispositivo_bloqueado(device, codigo)
            else:
                _verificacion_senuelo(codigo)
    if espera:
        registrar_fallo(request, usuario, username, "token_en_espera", evento=evento, paso=1, espera=espera)
        return Revision(TOKEN_ESPERA, espera)
    if ok:
        # The slot covered the code; the password at step 2 takes its own.
        devolver_intento(usuario)
        return Revision(TOKEN_OK, dispositivo=device)
    if usuario is None:
        causa = "usuario_desconocido"
    elif intento is None:
        causa = f"usuario_{usuario.estado.lower()}" if usuario.estado != Usuario.Estado.ACTIVO else "sin_intentos"
    elif device is None:
        causa = TOKEN_INACTIVO if inactivo else "codigo_sin_token"
    else:
        causa = TOKEN_INVALIDO
    registrar_fallo(request, usuario, username, causa, evento=evento, paso=1)
    if device is None:
        contar_fallo_senuelo(username)
    if usuario is not None and intento is not None:
        do_bloquear_por_intentos(usuario, intento=intento, causa=causa, request=request)
    return Revision(TOKEN_INVALIDO if intento is not None or usuario is None else TOKEN_SIN_INTENTO)


def _segundos_hasta(momento) -> int:
    if momento is None:
        return 1
    return max(1, math.ceil((momento - timezone.now()).total_seconds()))


def evaluar_token(usuario: Usuario | None, codigo: str) -> str:
    return revisar_codigo(usuario, codigo).veredicto


def paso1(request: HttpRequest, username: str, codigo: str) -> Revision:
    """Check (and consume) the token code; keep the verdict for step 2.

    While the token's throttle holds, nothing is kept: the person stays at step 1
    and is told how long to wait.
    """
    usuario = buscar_usuario(username)
    revision = revisar_codigo(usuario, codigo, username=username.strip(), request=request)
    if revision.veredicto == TOKEN_ESPERA:
        return revision
    request.session.cycle_key()
    request.session[SESSION_KEY] = {
        "uid": usuario.pk if usuario else None,
        # What was typed, never the stored spelling: that would confirm the username.
        "username": username.strip()[:30],
        "token": revision.veredicto,
        "ts": time.time(),
    }
    return revision


@dataclass(frozen=True)
class EstadoPaso1:
    uid: int | None
    username: str
    token: str

    @property
    def usuario(self) -> Usuario | None:
        if self.uid is None:
            return None
        return Usuario.objects.select_related("empresa").filter(pk=self.uid).first()


def estado_paso1(request: HttpRequest) -> EstadoPaso1 | None:
    """The pending step-1 state, or None when absent or expired."""
    data = request.session.get(SESSION_KEY)
    if not data or time.time() - data.get("ts", 0) > settings.OCCIRED_LOGIN_PASO_SEGUNDOS:
        return None
    return EstadoPaso1(uid=data["uid"], username=data["username"], token=data["token"])


def olvidar_paso1(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)


def imagen_para(estado: EstadoPaso1, usuario: Usuario | None) -> str:
    if usuario is not None and usuario.imagen_seguridad in imagenes.CLAVES:
        return usuario.imagen_seguridad
    return imagen_senuelo(estado.username)


# --- step 2 ------------------------------------------------------------------------


def registrar_fallo(request: HttpRequest | None, usuario: Usuario | None, username: str, causa: str,
                     evento: str = Eventos.INGRESO_FALLIDO, **detalles) -> None:
    registrar(
        evento,
        actor=usuario,
        actor_nombre=username,
        objetivo=usuario,
        objetivo_descripcion=username,
        detalles={"causa": causa, **detalles},
        request=request,
    )


def _senuelo(clave: str) -> None:
    # Same work as a real check: one password hash verification.
    check_password(clave, _hash_senuelo())


def causa_de_rechazo(usuario: Usuario | None, estado: EstadoPaso1, clave: str, ip: str,
                     request: HttpRequest | None = None) -> tuple[str | None, bool]:
    """(cause, credentials_were_right). Cause None means admitted.

    The password is checked against the user's hash only under an attempt slot;
    every other path checks a decoy hash so that all take the same time.
    """
    if usuario is None:
        _senuelo(clave)
        return "usuario_desconocido", False
    if usuario.estado != Usuario.Estado.ACTIVO:
        _senuelo(clave)
        return f"usuario_{usuario.estado.lower()}", False
    if not usuario.empresa.activa:
        _senuelo(clave)
        return "empresa_inactiva", False
    if estado.token not in TOKEN_ACEPTADOS and estado.token != TOKEN_FALTANTE:
        _senuelo(clave)
        return estado.token, False
    intento = tomar_intento(usuario)
    if intento is None:
        _senuelo(clave)
        usuario.refresh_from_db(fields=["estado"])
        sin = "sin_intentos" if usuario.estado == Usuario.Estado.ACTIVO else f"usuario_{usuario.estado.lower()}"
        return sin, False
    if estado.token == TOKEN_FALTANTE:
        _senuelo(clave)
        causa = TOKEN_FALTANTE
    elif not usuario.check_password(clave):
        causa = "clave_invalida"
    else:
        causa = None
    if causa is not None:
        # A credential failure keeps its slot; the last slot blocks the user.
        do_bloquear_por_intentos(usuario, intento=intento, causa=causa, request=request)
        return causa, False
    if usuario.debe_cambiar_clave and (usuario.clave_temporal_usada or not usuario.clave_temporal_vigente()):
        causa = "clave_temporal_vencida"
    else:
        causa = motivo_fuera_de_acceso(usuario, ip)
    if causa is not None:
        devolver_intento(usuario)
    return causa, True


def paso2(request: HttpRequest, estado: EstadoPaso1, clave: str) -> Usuario | None:
    """Decide the login. Returns the logged-in user, or None after recording why not."""
    ip = client_ip(request)
    olvidar_paso1(request)
    if estado.token in RECHAZADOS_EN_PASO1:
        # Step 1 already audited and counted this attempt; the password is not looked at.
        _senuelo(clave)
        return None
    usuario = estado.usuario
    # A right token code proves the second factor: such attempts need no slot of
    # the address, so a flood from a shared (NAT) address does not keep them out.
    con_ip = estado.token != TOKEN_OK
    if con_ip and not tomar_intento_ip(ip):
        _senuelo(clave)
        causa, credenciales = "ip_frenada", False
    else:
        causa, credenciales = causa_de_rechazo(usuario, estado, clave, ip, request)
    if causa is not None:
        if credenciales and con_ip:
            devolver_intento_ip(ip)
        registrar_fallo(request, usuario, estado.username, causa)
        return None
    if con_ip:
        devolver_intento_ip(ip)
    return _admitir(request, usuario)


@transaction.atomic
def _admitir(request: HttpRequest, usuario: Usuario) -> Usuario:
    usuario = Usuario.objects.select_for_update(of=("self",)).select_related("empresa").get(pk=usuario.pk)
    sesion_anterior = usuario.sesion_actual
    marcar_ingreso(usuario, ip=client_ip(request))
    login(request, usuario, backend=BACKEND)  # rotates the session key
    device = dispositivo_activo(usuario)
    if device is not None:
        # Mark the session as OTP-verified (django-otp), for views that require it.
        otp_login(request, device)
    request.session["hora_ingreso"] = time.time()
    request.session["ultima_actividad"] = time.time()
    do_fijar_sesion(usuario, request.session.session_key or "")
    if sesion_anterior and sesion_anterior != usuario.sesion_actual:
        # One session per user: the new login ends the old one on the server.
        if terminar_sesiones(Usuario(pk=usuario.pk, sesion_actual=sesion_anterior)):
            registrar(Eventos.SESION_REEMPLAZADA, actor=usuario, objetivo=usuario, request=request)
    # A login from an IP this user has not used in 90 days is a security notice (not the first login).
    registrar_ingreso(usuario, ip=client_ip(request), idioma=translation.get_language() or "",
                      primer_ingreso=usuario.ingreso_anterior is None, ya_conocida=_ip_en_auditoria)
    registrar(Eventos.INGRESO, actor=usuario, objetivo=usuario, request=request)
    return usuario


def _ip_en_auditoria(usuario: Usuario, ip: str, desde) -> bool:
    """Logins made before bandeja remembered IPs are in the audit trail (asked only for an IP
    missing from bandeja's table, so not on every login)."""
    return Evento.objects.filter(actor_id=usuario.pk, accion=Eventos.INGRESO, ip=ip, creado__gte=desde).exists()
