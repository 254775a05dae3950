"""Every write to the token inventory: one function per transition, atomic and audited.

Each function checks the current state and the preconditions, locks the rows it
changes, saves with `update_fields`, writes the audit row (before/after) and
queues its email through the outbox. An invalid transition raises
`AccionRechazada` with a message for the person and changes nothing.

The TOTP secret never leaves the TOTPDevice row: not in an audit row, an email,
an outbox row or a log line.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import re

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from admin_usuarios.models import Empresa, Usuario
from auditoria.actions import registrar
from bandeja import catalogo
from bandeja.avisos import aviso_de_seguridad, ip_de, notificar
from comun.correo import encolar_correo
from comun.errores import AccionRechazada
from tokens.eventos import Eventos
from tokens.models import CupoTokens, TokenFisico, TokenVirtual
from tokens.selectors import motivo_no_asignable

Estado = TokenVirtual.Estado
ENROLAMIENTO_MINUTOS = 15
SERIAL_RE = re.compile(r"^[A-Z0-9]{6,20}$")






# --- helpers ---------------------------------------------------------------------------


def _bloquear_token(token: TokenVirtual) -> TokenVirtual:
    return TokenVirtual.objects.select_for_update().get(pk=token.pk)


def _exigir_autoridad(actor: Usuario, empresa_id: int | None, usuario: Usuario | None) -> None:
    """Bank staff manage any token; a company administrator only their secondary users'.

    An administrator's own token is assigned and activated by the bank, never by
    a company administrator (nobody approves their own second factor).
    """
    if actor.is_staff and actor.empresa_id is None:
        return
    if not (actor.es_administrador and actor.empresa_id and actor.empresa_id == empresa_id):
        raise AccionRechazada(_("No tiene permiso para administrar este token."))
    if usuario is not None and (usuario.pk == actor.pk or usuario.es_administrador):
        raise AccionRechazada(
            _("El token de un usuario administrador lo asigna y activa el banco. Comuníquese con el banco.")
        )


# The states each administrator operation starts from (the one copy of this rule).
ORIGENES: dict[str, tuple[str, ...]] = {
    "activar": (Estado.PENDIENTE_ACTIVACION,),
    "reactivar": (Estado.INACTIVO,),
    "inactivar": (Estado.ACTIVO,),
    "liberar": (Estado.ASIGNADO, Estado.PENDIENTE_ACTIVACION, Estado.ACTIVO, Estado.INACTIVO),
}


def verificar_operacion(token: TokenVirtual, operacion: str, *, actor: Usuario) -> None:
    """Raise AccionRechazada if `actor` may not run `operacion` on `token` now.

    Views call it before asking for the step-up code; the action calls it again under lock.
    """
    _exigir_autoridad(actor, token.empresa_id, token.usuario)
    _exigir_estado(token, *ORIGENES[operacion])


def _exigir_estado(token: TokenVirtual, *permitidos: str) -> None:
    if token.estado not in permitidos:
        raise AccionRechazada(
            _("No es posible realizar la operación: el token %(serial)s está en estado %(estado)s.")
            % {"serial": token.serial, "estado": token.get_estado_display()}
        )


def _auditar(accion: str, token: TokenVirtual, *, actor: Usuario | None, usuario: Usuario | None,
             antes: dict, despues: dict, request: HttpRequest | None) -> None:
    registrar(
        accion,
        actor=actor,
        objetivo=usuario,
        empresa=token.empresa,
        detalles={"serial": token.serial, "antes": antes, "despues": despues},
        request=request,
    )


def _correo(plantilla: str, token: TokenVirtual, usuario: Usuario, request: HttpRequest | None) -> None:
    if not usuario.email:
        return
    enlace = reverse("tokens:enrolar")
    if request is not None:
        enlace = request.build_absolute_uri(enlace)
    encolar_correo(
        plantilla,
        para=usuario.email,
        usuario=usuario,
        contexto={
            "nombre": usuario.nombre_completo,
            "usuario": usuario.username,
            "empresa": token.empresa.razon_social if token.empresa else "",
            "serial": token.serial,
            "enlace": enlace,
        },
    )


def _inhabilitar_fisicos(usuario: Usuario, *, actor: Usuario, request: HttpRequest | None) -> int:
    """Seed 003: once the virtual token works, the user's physical token stops working."""
    fisicos = list(
        TokenFisico.objects.select_for_update().filter(usuario=usuario, estado=TokenFisico.Estado.ACTIVO)
    )
    for fisico in fisicos:
        fisico.estado = TokenFisico.Estado.INHABILITADO
        fisico.save(update_fields=["estado", "actualizado"])
        if fisico.dispositivo_id:
            TOTPDevice.objects.filter(pk=fisico.dispositivo_id).update(confirmed=False)
        registrar(
            Eventos.FISICO_INHABILITADO, actor=actor, objetivo=usuario, empresa=fisico.empresa,
            detalles={"serial": fisico.serial, "antes": {"estado": "ACTIVO"}, "despues": {"estado": "INHABILITADO"}},
            request=request,
        )
    return len(fisicos)


# --- company administrator (and bank staff) -------------------------------------------------


def do_asignar_token(usuario: Usuario, *, actor: Usuario, request: HttpRequest | None = None) -> TokenVirtual:
    """Disponible → Asignado: a free serial of the user's company, within the quota.

    The company's quota row is locked first, so simultaneous assignments of one
    company run one after another and each sees the others' tokens when counting.
    """
    try:
        with transaction.atomic():
            return _asignar(usuario, actor=actor, request=request)
    except IntegrityError as exc:
        # The one-token-per-user constraint, if a race got past the checks below.
        raise AccionRechazada(_("El usuario ya tiene un token virtual asignado.")) from exc


def _asignar(usuario: Usuario, *, actor: Usuario, request: HttpRequest | None) -> TokenVirtual:
    empresa_id = usuario.empresa_id
    _exigir_autoridad(actor, empresa_id, usuario)
    cupo = CupoTokens.objects.select_for_update().filter(empresa_id=empresa_id).first()
    usuario = Usuario.objects.select_for_update(of=("self",)).select_related("empresa").get(pk=usuario.pk)
    motivo = motivo_no_asignable(usuario)
    if motivo:
        raise AccionRechazada(motivo)
    en_uso = TokenVirtual.objects.en_uso().filter(empresa_id=empresa_id)
    if en_uso.filter(usuario=usuario).exists():
        raise AccionRechazada(_("El usuario ya tiene un token virtual asignado."))
    if cupo is None or en_uso.count() >= cupo.cantidad:
        raise AccionRechazada(
            _("La empresa alcanzó su cupo de tokens virtuales (%(n)s). Solicite al banco ampliar el cupo.")
            % {"n": cupo.cantidad if cupo else 0}
        )
    token = (
        TokenVirtual.objects.select_for_update(skip_locked=True)
        .filter(empresa_id=empresa_id, estado=Estado.DISPONIBLE)
        .order_by("serial")
        .first()
    )
    if token is None:
        raise AccionRechazada(_("No hay tokens virtuales disponibles. Solicite al banco cargar más seriales."))
    token.usuario = usuario
    token.estado = Estado.ASIGNADO
    token.dispositivo = None
    token.enrolamiento_expira = None
    token.save(update_fields=["usuario", "estado", "dispositivo", "enrolamiento_expira", "actualizado"])
    _auditar(Eventos.ASIGNAR, token, actor=actor, usuario=usuario,
             antes={"estado": Estado.DISPONIBLE, "usuario": None},
             despues={"estado": Estado.ASIGNADO, "usuario": usuario.username}, request=request)
    # The enrolment instructions always go (the user cannot enrol without them); the
    # notification says it too.
    _correo("token_asignado", token, usuario, request)
    notificar(usuario, catalogo.TOKEN_ASIGNADO, datos=_datos_aviso(token), enlace=reverse("tokens:enrolar"))
    return token


def _datos_aviso(token: TokenVirtual) -> dict:
    return {"serial": token.serial, "empresa": token.empresa.razon_social if token.empresa_id else ""}


def _cambiar_estado(token: TokenVirtual, nuevo: str, *, accion: str,
                    actor: Usuario, request: HttpRequest | None) -> TokenVirtual:
    """The shared steps of Activar / Inactivar / Reactivar, already inside the caller's transaction."""
    antes = token.estado
    token.estado = nuevo
    token.save(update_fields=["estado", "actualizado"])
    _auditar(accion, token, actor=actor, usuario=token.usuario,
             antes={"estado": antes}, despues={"estado": nuevo}, request=request)
    if nuevo == Estado.ACTIVO:
        _inhabilitar_fisicos(token.usuario, actor=actor, request=request)
        # A token that starts working is a security notice: always emailed (template token_activado).
        aviso_de_seguridad(token.usuario, catalogo.TOKEN_ACTIVADO, ip=ip_de(request), datos=_datos_aviso(token))
    else:
        # Inactivation is an alert the user may choose (Inscripción de Alertas).
        notificar(token.usuario, catalogo.TOKEN_INACTIVADO, datos=_datos_aviso(token))
    return token


@transaction.atomic
def do_activar_token(token: TokenVirtual, *, actor: Usuario, request: HttpRequest | None = None) -> TokenVirtual:
    """Pendiente Activación → Activo (the user proved a code); physical tokens are disabled."""
    token = _bloquear_token(token)
    verificar_operacion(token, "activar", actor=actor)
    if not (token.dispositivo_id and TOTPDevice.objects.filter(pk=token.dispositivo_id, confirmed=True).exists()):
        raise AccionRechazada(_("El usuario no ha completado el enrolamiento del token."))
    return _cambiar_estado(token, Estado.ACTIVO, accion=Eventos.ACTIVAR,
                           actor=actor, request=request)


@transaction.atomic
def do_inactivar_token(token: TokenVirtual, *, actor: Usuario, request: HttpRequest | None = None) -> TokenVirtual:
    """Activo → Inactivo: the login and the step-up refuse the token from this commit on."""
    token = _bloquear_token(token)
    verificar_operacion(token, "inactivar", actor=actor)
    return _cambiar_estado(token, Estado.INACTIVO, accion=Eventos.INACTIVAR,
                           actor=actor, request=request)


@transaction.atomic
def do_reactivar_token(token: TokenVirtual, *, actor: Usuario, request: HttpRequest | None = None) -> TokenVirtual:
    """Inactivo → Activo, with the same secret the user already has."""
    token = _bloquear_token(token)
    verificar_operacion(token, "reactivar", actor=actor)
    return _cambiar_estado(token, Estado.ACTIVO, accion=Eventos.REACTIVAR,
                           actor=actor, request=request)


@transaction.atomic
def do_liberar_token(token: TokenVirtual, *, actor: Usuario, request: HttpRequest | None = None) -> TokenVirtual:
    """Any state in use → Disponible: the serial returns to the pool and the secret is destroyed."""
    token = _bloquear_token(token)
    verificar_operacion(token, "liberar", actor=actor)
    usuario, antes = token.usuario, token.estado
    dispositivo_id = token.dispositivo_id
    token.usuario = None
    token.dispositivo = None
    token.enrolamiento_expira = None
    token.estado = Estado.DISPONIBLE
    token.save(update_fields=["usuario", "dispositivo", "enrolamiento_expira", "estado", "actualizado"])
    if dispositivo_id:
        TOTPDevice.objects.filter(pk=dispositivo_id).delete()
    _auditar(Eventos.LIBERAR, token, actor=actor, usuario=usuario,
             antes={"estado": antes, "usuario": usuario.username},
             despues={"estado": Estado.DISPONIBLE, "usuario": None}, request=request)
    aviso_de_seguridad(usuario, catalogo.TOKEN_LIBERADO, ip=ip_de(request), datos=_datos_aviso(token))
    return token


# --- the user's own enrolment ------------------------------------------------------------


def _token_propio(token: TokenVirtual, actor: Usuario) -> TokenVirtual:
    token = _bloquear_token(token)
    if token.usuario_id != actor.pk:
        raise AccionRechazada(_("Este token no está asignado a su usuario."))
    return token


def enrolamiento_en_curso(token: TokenVirtual) -> bool:
    """A secret was shown and can still be proven (within its 15 minutes)."""
    return bool(token.dispositivo_id and token.enrolamiento_expira and token.enrolamiento_expira > timezone.now())


@transaction.atomic
def do_enrolar(token: TokenVirtual, *, actor: Usuario,
               request: HttpRequest | None = None) -> tuple[TokenVirtual, TOTPDevice]:
    """Create the secret (never before this moment) for the user to load in their app.

    A previous unproven secret is destroyed: each secret is shown once only.
    """
    token = _token_propio(token, actor)
    _exigir_estado(token, Estado.ASIGNADO)
    if token.dispositivo_id:
        TOTPDevice.objects.filter(pk=token.dispositivo_id).delete()
    device = TOTPDevice.objects.create(user=actor, name=f"Token {token.serial}", confirmed=False)
    token.dispositivo = device
    token.enrolamiento_expira = timezone.now() + dt.timedelta(minutes=ENROLAMIENTO_MINUTOS)
    token.save(update_fields=["dispositivo", "enrolamiento_expira"])
    registrar(Eventos.ENROLAMIENTO_INICIADO, actor=actor, objetivo=actor, empresa=token.empresa,
              detalles={"serial": token.serial, "vence": token.enrolamiento_expira.isoformat()}, request=request)
    return token, device


def do_confirmar_enrolamiento(token: TokenVirtual, codigo: str, *, actor: Usuario,
                              request: HttpRequest | None = None) -> TokenVirtual:
    """Asignado → Pendiente Activación once the user proves one code of the new secret.

    The code is consumed (django-otp's last_t), so it cannot open the next login.
    The failure bookkeeping (throttle, expiry clean-up, audit) is committed before
    refusing, so it is not rolled back with the refusal.
    """
    error = ""
    with transaction.atomic():
        token = _token_propio(token, actor)
        _exigir_estado(token, Estado.ASIGNADO)
        if not token.dispositivo_id:
            raise AccionRechazada(_("Primero genere el código QR de su token."))
        if token.enrolamiento_expira is None or token.enrolamiento_expira <= timezone.now():
            TOTPDevice.objects.filter(pk=token.dispositivo_id).delete()
            token.dispositivo = None
            token.enrolamiento_expira = None
            token.save(update_fields=["dispositivo", "enrolamiento_expira"])
            registrar(Eventos.ENROLAMIENTO_VENCIDO, actor=actor, objetivo=actor, empresa=token.empresa,
                      detalles={"serial": token.serial}, request=request)
            error = _("El código QR venció (%(m)s minutos). Genere uno nuevo y vuelva a cargarlo en su aplicación.") % {
                "m": ENROLAMIENTO_MINUTOS}
        else:
            device = TOTPDevice.objects.select_for_update().get(pk=token.dispositivo_id)
            codigo = (codigo or "").strip()
            if codigo.isdigit() and len(codigo) == device.digits and device.verify_token(codigo):
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                token.estado = Estado.PENDIENTE_ACTIVACION
                token.enrolamiento_expira = None
                token.save(update_fields=["estado", "enrolamiento_expira", "actualizado"])
                _auditar(Eventos.ENROLADO, token, actor=actor, usuario=actor,
                         antes={"estado": Estado.ASIGNADO}, despues={"estado": Estado.PENDIENTE_ACTIVACION},
                         request=request)
            else:
                registrar(Eventos.ENROLAMIENTO_FALLIDO, actor=actor, objetivo=actor, empresa=token.empresa,
                          detalles={"serial": token.serial}, request=request)
                error = _("El código no es válido o ya fue usado. Ingrese el código que muestra su aplicación.")
    if error:
        raise AccionRechazada(error)
    return token


# --- bank staff (/banco/) ----------------------------------------------------------------


def validar_cupo(cantidad: int, en_uso: int) -> str:
    """'' when the quota can be set; the reason otherwise. Used by the admin form and the action."""
    if cantidad < en_uso:
        return _("No es posible fijar el cupo en %(n)s: la empresa tiene %(u)s tokens en uso.") % {
            "n": cantidad, "u": en_uso}
    return ""


def tokens_en_uso(empresa_id: int) -> int:
    return TokenVirtual.objects.en_uso().filter(empresa_id=empresa_id).count()


@transaction.atomic
def do_cambiar_cupo(empresa: Empresa, cantidad: int, *, actor: Usuario,
                    request: HttpRequest | None = None) -> CupoTokens:
    """Raise or lower the company's quota; never below the tokens in use."""
    CupoTokens.objects.get_or_create(empresa=empresa)
    cupo = CupoTokens.objects.select_for_update().get(empresa=empresa)
    motivo = validar_cupo(cantidad, tokens_en_uso(empresa.pk))
    if motivo:
        raise AccionRechazada(motivo)
    antes = cupo.cantidad
    cupo.cantidad = cantidad
    cupo.save(update_fields=["cantidad", "actualizado"])
    registrar(Eventos.CUPO, actor=actor, empresa=empresa, objetivo_descripcion=str(empresa),
              detalles={"antes": {"cupo": antes}, "despues": {"cupo": cantidad}}, request=request)
    return cupo


def normalizar_seriales(texto: str) -> list[str]:
    """Serials from a pasted batch (one per line, or separated by commas or spaces)."""
    seriales = [s.strip().upper() for s in re.split(r"[\s,;]+", texto or "") if s.strip()]
    malos = [s for s in seriales if not SERIAL_RE.match(s)]
    if malos:
        raise AccionRechazada(_("Seriales no válidos: %(s)s") % {"s": ", ".join(malos[:10])})
    repetidos = sorted({s for s in seriales if seriales.count(s) > 1})
    if repetidos:
        raise AccionRechazada(_("Seriales repetidos en el lote: %(s)s") % {"s": ", ".join(repetidos[:10])})
    return seriales


@transaction.atomic
def do_cargar_lote(empresa: Empresa, seriales: list[str], *, actor: Usuario, cupo: int | None = None,
                   request: HttpRequest | None = None) -> list[TokenVirtual]:
    """Load a batch of Disponible serials for a company, optionally setting its quota."""
    if not seriales:
        raise AccionRechazada(_("El lote no tiene seriales."))
    existentes = sorted(
        set(TokenVirtual.objects.filter(serial__in=seriales).values_list("serial", flat=True))
        | set(TokenFisico.objects.filter(serial__in=seriales).values_list("serial", flat=True))
    )
    if existentes:
        raise AccionRechazada(_("Estos seriales ya existen: %(s)s") % {"s": ", ".join(existentes[:10])})
    tokens = TokenVirtual.objects.bulk_create(
        [TokenVirtual(empresa=empresa, serial=s, estado=Estado.DISPONIBLE) for s in seriales]
    )
    registrar(Eventos.LOTE, actor=actor, empresa=empresa, objetivo_descripcion=str(empresa),
              detalles={"antes": {}, "despues": {"seriales": seriales}}, request=request)
    if cupo is not None:
        do_cambiar_cupo(empresa, cupo, actor=actor, request=request)
    return tokens


def secreto_a_hex(secreto_base32: str) -> str:
    limpio = re.sub(r"\s+", "", secreto_base32 or "").upper()
    try:
        clave = base64.b32decode(limpio + "=" * (-len(limpio) % 8))
    except (binascii.Error, ValueError) as exc:
        raise AccionRechazada(_("La semilla del token no es un texto base32 válido.")) from exc
    if len(clave) < 10:
        raise AccionRechazada(_("La semilla del token es demasiado corta (mínimo 80 bits)."))
    return clave.hex()


@transaction.atomic
def do_cargar_token_fisico(usuario: Usuario, serial: str, secreto_base32: str, *, actor: Usuario,
                           request: HttpRequest | None = None) -> TokenFisico:
    """Load a physical TOTP token (serial + the vendor's seed) for a company user."""
    serial = verificar_token_fisico(usuario, serial)
    device = TOTPDevice.objects.create(user=usuario, name=f"Token físico {serial}",
                                       key=secreto_a_hex(secreto_base32), confirmed=True)
    fisico = TokenFisico.objects.create(empresa_id=usuario.empresa_id, serial=serial, usuario=usuario,
                                        dispositivo=device)
    registrar(Eventos.FISICO_CARGADO, actor=actor, objetivo=usuario, empresa=usuario.empresa,
              detalles={"serial": serial, "antes": {}, "despues": {"estado": "ACTIVO"}}, request=request)
    return fisico


def verificar_token_fisico(usuario: Usuario, serial: str) -> str:
    """The normalised serial, or AccionRechazada when it cannot be loaded for this user."""
    serial = (serial or "").strip().upper()
    if not SERIAL_RE.match(serial):
        raise AccionRechazada(_("El número de serie no es válido."))
    if not usuario.empresa_id:
        raise AccionRechazada(_("El usuario no pertenece a una empresa."))
    if TokenFisico.objects.filter(serial=serial).exists() or TokenVirtual.objects.filter(serial=serial).exists():
        raise AccionRechazada(_("Ese número de serie ya existe."))
    if TokenVirtual.objects.filter(usuario=usuario).filter(Q(estado=Estado.ACTIVO) | Q(estado=Estado.INACTIVO)).exists():
        raise AccionRechazada(_("El usuario ya usa un token virtual; el token físico quedó inhabilitado."))
    if TokenFisico.objects.filter(usuario=usuario, estado=TokenFisico.Estado.ACTIVO).exists():
        raise AccionRechazada(_("El usuario ya tiene un token físico activo."))
    return serial
