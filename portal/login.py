"""The two-step login (SPEC "Login").

Between the steps the session holds only the candidate user id (or the typed
username when it matched nobody), the step-1 token verdict and a timestamp:
never a password, never a token code. Every rejection reaches the person as
one generic message; the real cause goes only to the audit trail.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login

from admin_usuarios.actions.estados import do_registrar_fallo_ingreso
from admin_usuarios.actions.sesiones import do_fijar_sesion, marcar_ingreso, terminar_sesiones
from admin_usuarios.models import Usuario
from auditoria.actions import registrar
from comun.net import client_ip
from portal import imagenes
from portal.eventos import Eventos
from seguridad.reglas import motivo_fuera_de_acceso
from tokens.codigos import verificar_codigo
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
TOKEN_ACEPTADOS = {TOKEN_OK, TOKEN_NO_REQUERIDO}

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


def evaluar_token(usuario: Usuario | None, codigo: str) -> str:
    if usuario is None:
        return TOKEN_DESCONOCIDO
    device = dispositivo_activo(usuario)
    if device is None:
        if tiene_token_inactivo(usuario):
            # Inactivated (lost phone, suspicion): no password-only fallback.
            return TOKEN_INACTIVO
        return TOKEN_SIN_DISPOSITIVO if usuario.empresa.token_requerido else TOKEN_NO_REQUERIDO
    codigo = (codigo or "").strip()
    if not codigo:
        return TOKEN_FALTANTE
    return TOKEN_OK if verificar_codigo(device, codigo) else TOKEN_INVALIDO


def paso1(request: HttpRequest, username: str, codigo: str) -> None:
    """Check (and consume) the token code; keep the verdict for step 2."""
    usuario = buscar_usuario(username)
    veredicto = evaluar_token(usuario, codigo)
    request.session.cycle_key()
    request.session[SESSION_KEY] = {
        "uid": usuario.pk if usuario else None,
        "username": (usuario.username if usuario else username.strip())[:30],
        "token": veredicto,
        "ts": time.time(),
    }


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


# --- throttling per client IP -------------------------------------------------------


def _clave_ip(ip: str) -> str:
    return f"occired:fallos-ip:{ip}"


def ip_frenada(ip: str) -> bool:
    return (cache.get(_clave_ip(ip)) or 0) >= settings.OCCIRED_IP_MAX_FALLOS


def contar_fallo_ip(ip: str) -> None:
    key = _clave_ip(ip)
    if cache.add(key, 1, timeout=settings.OCCIRED_IP_VENTANA_SEGUNDOS):
        return
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=settings.OCCIRED_IP_VENTANA_SEGUNDOS)


# --- step 2 ------------------------------------------------------------------------


def causa_de_rechazo(usuario: Usuario | None, estado: EstadoPaso1, clave: str, ip: str) -> tuple[str | None, bool]:
    """(cause, counts_as_credential_failure); cause None means admitted."""
    if usuario is None:
        # Same work as for a real user: one password hash verification.
        from django.contrib.auth.hashers import check_password

        check_password(clave, _hash_senuelo())
        return "usuario_desconocido", False
    clave_ok = usuario.check_password(clave)
    if usuario.estado != Usuario.Estado.ACTIVO:
        return f"usuario_{usuario.estado.lower()}", False
    if not usuario.empresa.activa:
        return "empresa_inactiva", False
    if estado.token not in TOKEN_ACEPTADOS:
        return estado.token, estado.token in {TOKEN_INVALIDO, TOKEN_FALTANTE}
    if not clave_ok:
        return "clave_invalida", True
    if usuario.debe_cambiar_clave and (usuario.clave_temporal_usada or not usuario.clave_temporal_vigente()):
        return "clave_temporal_vencida", False
    fuera = motivo_fuera_de_acceso(usuario, ip)
    if fuera:
        return fuera, False
    return None, False


def paso2(request: HttpRequest, estado: EstadoPaso1, clave: str) -> Usuario | None:
    """Decide the login. Returns the logged-in user, or None after recording why not."""
    ip = client_ip(request)
    olvidar_paso1(request)
    usuario = estado.usuario
    if ip_frenada(ip):
        causa, cuenta = "ip_frenada", False
    else:
        causa, cuenta = causa_de_rechazo(usuario, estado, clave, ip)
    if causa is not None:
        contar_fallo_ip(ip)
        registrar(
            Eventos.INGRESO_FALLIDO,
            actor=usuario,
            actor_nombre=estado.username,
            objetivo=usuario,
            objetivo_descripcion=estado.username,
            detalles={"causa": causa},
            request=request,
        )
        if cuenta and usuario is not None:
            do_registrar_fallo_ingreso(usuario, request=request, causa=causa)
        return None
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
    registrar(Eventos.INGRESO, actor=usuario, objetivo=usuario, request=request)
    return usuario
