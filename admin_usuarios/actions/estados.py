"""User states: Activación/Inactivación, blocking after failed logins, unblocking.
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from admin_usuarios.actions.sesiones import terminar_sesiones
from admin_usuarios.eventos import Eventos
from admin_usuarios.models import Usuario
from auditoria.actions import registrar
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
            Eventos.BLOQUEO,
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
    return usuario
