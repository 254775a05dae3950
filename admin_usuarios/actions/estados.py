"""User states: Activación/Inactivación, blocking after failed logins, unblocking.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from admin_usuarios.actions.sesiones import terminar_sesiones
from admin_usuarios.eventos import Eventos
from admin_usuarios.models import Usuario
from auditoria.actions import registrar
from bandeja import catalogo
from bandeja.avisos import aviso_de_seguridad, ip_de, notificar
from comun.errores import AccionRechazada

E = Usuario.Estado


TRANSICIONES: dict[str, set[str]] = {
    E.ACTIVO: {E.INACTIVO},
    E.INACTIVO: {E.ACTIVO},
    E.BLOQUEADO: {E.ACTIVO},
    E.PENDIENTE: {E.ACTIVO},
}


def validar_transicion(usuario: Usuario, nuevo: str) -> None:
    """The one rule of which state changes an administrator may make.

    Raises AccionRechazada with a message for the screen.
    """
    actual = usuario.estado
    if nuevo not in TRANSICIONES.get(actual, set()):
        raise AccionRechazada(
            _("No se puede cambiar el estado de %(actual)s a %(nuevo)s.")
            % {"actual": E(actual).label, "nuevo": E(nuevo).label if nuevo in E.values else nuevo}
        )
    if actual == E.PENDIENTE and usuario.clave_generada is None:
        raise AccionRechazada(
            _("El usuario no puede activarse: primero genere su contraseña en la pestaña Contraseña.")
        )


def estados_posibles(usuario: Usuario) -> list[tuple[str, str]]:
    """(value, label) of the states the user may be moved to now."""
    posibles = []
    for nuevo in sorted(TRANSICIONES.get(usuario.estado, set())):
        try:
            validar_transicion(usuario, nuevo)
        except AccionRechazada:
            continue
        posibles.append((nuevo, E(nuevo).label))
    return posibles


@transaction.atomic
def do_cambiar_estado_usuario(usuario: Usuario, nuevo: str, *, actor: Usuario,
                              request: HttpRequest | None = None) -> Usuario:
    """Activo ↔ Inactivo, Bloqueado → Activo, Pendiente → Activo (after a password was generated)."""
    usuario = Usuario.objects.select_for_update().get(pk=usuario.pk)
    validar_transicion(usuario, nuevo)
    antes = usuario.estado
    if antes == E.BLOQUEADO:
        # Unblocking also resets the failure count; that function audits it.
        return do_desbloquear_usuario(usuario, actor=actor, request=request)
    usuario.estado = nuevo
    usuario.save(update_fields=["estado"])
    if nuevo == E.INACTIVO:
        # The auth backend already refuses inactive users on their next request;
        # deleting the session makes it end even for requests in flight.
        terminar_sesiones(usuario)
    registrar(
        Eventos.CAMBIO_ESTADO, actor=actor, objetivo=usuario,
        detalles={"antes": {"estado": antes}, "despues": {"estado": nuevo}}, request=request,
    )
    return usuario


def _bloquear(usuario: Usuario) -> Usuario:
    return Usuario.objects.select_for_update().get(pk=usuario.pk)


# --- attempt slots: how many secrets may be checked for a user (portal/intentos.py) ---

_TABLA = Usuario._meta.db_table

# Staff have no company: their limit is the bank's own.
_SQL_TOMAR = (
    f"UPDATE {_TABLA} SET intentos_fallidos = intentos_fallidos + 1 "  # noqa: S608 - table name from the model
    f"WHERE id = %s AND estado = %s AND intentos_fallidos < COALESCE("
    f"(SELECT e.intentos_maximos FROM admin_usuarios_empresa e WHERE e.id = {_TABLA}.empresa_id), %s) "
    f"RETURNING intentos_fallidos"
)
_SQL_DEVOLVER = (
    f"UPDATE {_TABLA} SET intentos_fallidos = intentos_fallidos - 1 "  # noqa: S608
    f"WHERE id = %s AND intentos_fallidos > 0"
)


def limite_de(usuario: Usuario) -> int:
    if usuario.empresa_id is None:
        return settings.OCCIRED_BANCO_INTENTOS
    return usuario.empresa.intentos_maximos


def tomar_intento(usuario: Usuario | None) -> int | None:
    """Take one of the user's slots: its number (1…limit), or None when none is left.

    For an unknown username the same statement runs against no row, so that
    both cost the same query (no oracle on which usernames exist).
    """
    pk = usuario.pk if usuario is not None else -1
    with connection.cursor() as cursor:
        cursor.execute(_SQL_TOMAR, [pk, Usuario.Estado.ACTIVO, settings.OCCIRED_BANCO_INTENTOS])
        fila = cursor.fetchone()
    return fila[0] if fila else None


def devolver_intento(usuario: Usuario) -> None:
    """The secret was right (the refusal had another cause): the slot is not a failure."""
    with connection.cursor() as cursor:
        cursor.execute(_SQL_DEVOLVER, [usuario.pk])


def do_bloquear_por_intentos(usuario: Usuario, *, intento: int, causa: str, request: HttpRequest | None) -> bool:
    """Activo → Bloqueado when the failed attempt held the last slot. Exactly one
    attempt holds it, so the block and its audit row happen once."""
    if intento < limite_de(usuario):
        return False
    with transaction.atomic():
        return _bloquear_por_intentos(usuario, intento=intento, causa=causa, request=request)


def _bloquear_por_intentos(usuario: Usuario, *, intento: int, causa: str, request: HttpRequest | None) -> bool:
    bloqueados = Usuario.objects.filter(pk=usuario.pk, estado=Usuario.Estado.ACTIVO).update(
        estado=Usuario.Estado.BLOQUEADO
    )
    if bloqueados:
        registrar(
            Eventos.BLOQUEO,
            actor=usuario,
            objetivo=usuario,
            detalles={"intentos": intento, "causa": causa},
            request=request,
        )
        aviso_de_seguridad(usuario, catalogo.BLOQUEO, ip=ip_de(request))
    return bool(bloqueados)


@transaction.atomic
def do_desbloquear_usuario(usuario: Usuario, *, actor: Usuario, request: HttpRequest | None = None) -> Usuario:
    """Bloqueado → Activo, resetting the failure count (company admin or bank staff)."""
    usuario = _bloquear(usuario)
    if usuario.estado != Usuario.Estado.BLOQUEADO:
        raise AccionRechazada(_("El usuario no está bloqueado."))
    usuario.estado = Usuario.Estado.ACTIVO
    usuario.intentos_fallidos = 0
    usuario.save(update_fields=["estado", "intentos_fallidos"])
    registrar(
        Eventos.DESBLOQUEO,
        actor=actor,
        objetivo=usuario,
        detalles={"antes": {"estado": "BLOQUEADO"}, "despues": {"estado": "ACTIVO"}},
        request=request,
    )
    notificar(usuario, catalogo.DESBLOQUEO)
    return usuario
