"""Every write to a company user: one function per change, atomic and audited."""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from admin_usuarios.models import ClaveHistorica, Usuario
from auditoria.actions import registrar
from auditoria.models import Evento

HISTORIAL_CLAVES = 5


def _bloquear(usuario: Usuario) -> Usuario:
    return Usuario.objects.select_for_update().get(pk=usuario.pk)


@transaction.atomic
def do_registrar_fallo_ingreso(usuario: Usuario, *, request: HttpRequest | None, causa: str) -> bool:
    """Count one credential failure; block the user at the company's limit.

    Returns True when this failure blocked the user.
    """
    usuario = _bloquear(usuario)
    if usuario.estado != Usuario.Estado.ACTIVO:
        return False
    usuario.intentos_fallidos += 1
    campos = ["intentos_fallidos"]
    bloqueado = usuario.intentos_fallidos >= usuario.empresa.intentos_maximos
    if bloqueado:
        usuario.estado = Usuario.Estado.BLOQUEADO
        campos.append("estado")
    usuario.save(update_fields=campos)
    if bloqueado:
        registrar(
            Evento.Accion.BLOQUEO,
            actor=usuario,
            objetivo=usuario,
            detalles={"intentos": usuario.intentos_fallidos, "causa": causa},
            request=request,
        )
    return bloqueado


@transaction.atomic
def do_desbloquear_usuario(usuario: Usuario, *, actor: Usuario, request: HttpRequest | None = None) -> Usuario:
    """Bloqueado → Activo, resetting the failure count (company admin or bank staff)."""
    usuario = _bloquear(usuario)
    if usuario.estado != Usuario.Estado.BLOQUEADO:
        raise ValueError("El usuario no está bloqueado.")
    usuario.estado = Usuario.Estado.ACTIVO
    usuario.intentos_fallidos = 0
    usuario.save(update_fields=["estado", "intentos_fallidos"])
    registrar(
        Evento.Accion.DESBLOQUEO,
        actor=actor,
        objetivo=usuario,
        detalles={"antes": {"estado": "BLOQUEADO"}, "despues": {"estado": "ACTIVO"}},
        request=request,
    )
    return usuario


@transaction.atomic
def do_cambiar_clave(usuario: Usuario, nueva: str, *, request: HttpRequest | None = None) -> Usuario:
    """The user's own password change. The caller has validated `nueva`."""
    usuario = _bloquear(usuario)
    if usuario.password:
        ClaveHistorica.objects.create(usuario=usuario, password=usuario.password)
        viejas = list(usuario.claves_anteriores.values_list("pk", flat=True)[HISTORIAL_CLAVES:])
        ClaveHistorica.objects.filter(pk__in=viejas).delete()
    era_temporal = usuario.debe_cambiar_clave
    usuario.set_password(nueva)
    usuario.debe_cambiar_clave = False
    usuario.clave_temporal_expira = None
    usuario.clave_temporal_usada = False
    usuario.save(update_fields=["password", "debe_cambiar_clave", "clave_temporal_expira", "clave_temporal_usada"])
    registrar(
        Evento.Accion.CAMBIO_CLAVE,
        actor=usuario,
        objetivo=usuario,
        detalles={"clave_temporal": era_temporal},
        request=request,
    )
    return usuario


@transaction.atomic
def do_elegir_imagen_seguridad(usuario: Usuario, imagen: str, *, request: HttpRequest | None = None) -> Usuario:
    usuario = _bloquear(usuario)
    antes = usuario.imagen_seguridad
    usuario.imagen_seguridad = imagen
    usuario.save(update_fields=["imagen_seguridad"])
    registrar(
        Evento.Accion.CAMBIO_IMAGEN,
        actor=usuario,
        objetivo=usuario,
        detalles={"antes": {"imagen": antes}, "despues": {"imagen": imagen}},
        request=request,
    )
    return usuario


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


@transaction.atomic
def do_generar_clave(usuario: Usuario, *, actor: Usuario | None, request: HttpRequest | None = None):
    """Generar Contraseña: the old password stops working now; the new one is made
    and emailed by the outbox worker (admin_usuarios.claves), never seen by anyone else.

    Also used by bank staff for a company's first administrator.
    """
    from portal.correo import encolar_correo

    usuario = _bloquear(usuario)
    if not usuario.email:
        raise ValueError(_("El usuario no tiene correo electrónico registrado."))
    usuario.set_unusable_password()
    usuario.debe_cambiar_clave = True
    usuario.clave_temporal_usada = False
    usuario.clave_temporal_expira = None
    usuario.clave_generada = timezone.now()
    usuario.save(
        update_fields=["password", "debe_cambiar_clave", "clave_temporal_usada", "clave_temporal_expira", "clave_generada"]
    )
    registrar(Evento.Accion.GENERAR_CLAVE, actor=actor, objetivo=usuario,
              detalles={"correo": usuario.email}, request=request)
    return encolar_correo(
        "clave_temporal",
        para=usuario.email,
        usuario=usuario,
        contexto={"nombre": usuario.nombre_completo, "empresa": usuario.empresa.razon_social if usuario.empresa else ""},
    )
