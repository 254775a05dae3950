"""The events a user is notified of: their title, their sentence, whether they are
security notices (always emailed) or alerts the user may choose (Inscripción de Alertas).

The sentences are lazy Spanish source strings filled from the notification's `datos`
when it is read (or when its email is sent), so they follow the reader's language.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Evento:
    codigo: str
    titulo: Promise
    texto: Promise
    # Inscripción de Alertas group that decides the email; "" = no choice (security or service).
    grupo: str = ""
    seguridad: bool = False
    # The email template; None = no email from here (the action sends its own, or none).
    plantilla: str | None = None
    # Operations: emailed only from the user's monto mínimo up.
    con_monto: bool = False


POR_APROBAR = "operacion_por_aprobar"
EJECUTADA = "operacion_ejecutada"
RECHAZADA = "operacion_rechazada"
VENCIDA = "operacion_vencida"
FALLIDA = "operacion_fallida"
PARCIAL = "operacion_parcial"
CANCELADA = "operacion_cancelada"
TOKEN_ASIGNADO = "token_asignado"  # noqa: S105 - an event code, not a secret
TOKEN_ACTIVADO = "token_activado"  # noqa: S105 - an event code, not a secret
TOKEN_INACTIVADO = "token_inactivado"  # noqa: S105 - an event code, not a secret
TOKEN_LIBERADO = "token_liberado"  # noqa: S105 - an event code, not a secret
CLAVE_CAMBIADA = "clave_cambiada"
IMAGEN_CAMBIADA = "imagen_cambiada"
BLOQUEO = "bloqueo"
DESBLOQUEO = "desbloqueo"
INGRESO_NUEVA_IP = "ingreso_nueva_ip"

# Inscripción de Alertas: one checkbox per group.
GRUPOS: dict[str, Promise] = {
    "por_aprobar": _("Operaciones pendientes de mi aprobación"),
    "finalizadas": _("Mis operaciones ejecutadas o rechazadas"),
    "otras_operaciones": _("Mis operaciones vencidas, fallidas o canceladas"),
    "token": _("Inactivación de mi token virtual"),
    "desbloqueo": _("Desbloqueo de mi usuario"),
}
# Until the user saves Inscripción de Alertas, every group: the administrator's
# "Permitir Recibir Alertas" is the switch, the user narrows it.
GRUPOS_POR_DEFECTO: tuple[str, ...] = tuple(GRUPOS)

_OP = "%(numero)s (%(tipo)s) por %(monto)s"

EVENTOS: dict[str, Evento] = {e.codigo: e for e in [
    Evento(POR_APROBAR, _("Operación por aprobar"),
           _("%(captor)s capturó la operación %(numero)s (%(tipo)s) por %(monto)s; espera su aprobación."),
           grupo="por_aprobar", plantilla="operacion_por_aprobar"),
    Evento(EJECUTADA, _("Operación ejecutada"),
           _("Su operación %(numero)s (%(tipo)s) por %(monto)s fue ejecutada."),
           grupo="finalizadas", plantilla="operacion_finalizada", con_monto=True),
    Evento(RECHAZADA, _("Operación rechazada"),
           _("Su operación %(numero)s (%(tipo)s) por %(monto)s fue rechazada. Motivo: %(motivo)s"),
           grupo="finalizadas", plantilla="operacion_finalizada", con_monto=True),
    Evento(PARCIAL, _("Operación ejecutada parcialmente"),
           _("Su operación %(numero)s (%(tipo)s) por %(monto)s se ejecutó parcialmente. Motivo: %(motivo)s"),
           grupo="finalizadas", plantilla="operacion_finalizada", con_monto=True),
    Evento(VENCIDA, _("Operación vencida"),
           _("Su operación %(numero)s (%(tipo)s) por %(monto)s venció sin completar sus aprobaciones."),
           grupo="otras_operaciones", plantilla="operacion_finalizada"),
    Evento(FALLIDA, _("Operación fallida"),
           _("Su operación %(numero)s (%(tipo)s) por %(monto)s falló. Motivo: %(motivo)s"),
           grupo="otras_operaciones", plantilla="operacion_finalizada"),
    Evento(CANCELADA, _("Operación cancelada"),
           _("Su operación %(numero)s (%(tipo)s) por %(monto)s fue cancelada."),
           grupo="otras_operaciones", plantilla="operacion_finalizada"),
    # The enrolment instructions are always emailed by tokens.actions: here only the notification.
    Evento(TOKEN_ASIGNADO, _("Token virtual asignado"),
           _("Se le asignó el token virtual %(serial)s. Enrólelo en Servicio al Cliente, Enrolar Token Virtual.")),
    Evento(TOKEN_ACTIVADO, _("Token virtual activado"),
           _("Su token virtual %(serial)s quedó Activo: desde ahora su ingreso pide el código de su aplicación."),
           seguridad=True, plantilla="token_activado"),
    Evento(TOKEN_INACTIVADO, _("Token virtual inactivado"),
           _("Su token virtual %(serial)s fue inactivado: OcciRed no aceptará sus códigos mientras esté inactivo."),
           grupo="token", plantilla="token_inactivado"),
    Evento(TOKEN_LIBERADO, _("Token virtual liberado"),
           _("Su token virtual %(serial)s fue liberado: ya no sirve para ingresar ni para confirmar operaciones."),
           seguridad=True, plantilla="aviso_seguridad"),
    Evento(CLAVE_CAMBIADA, _("Contraseña cambiada"),
           _("La contraseña de su usuario %(usuario)s fue cambiada."),
           seguridad=True, plantilla="aviso_seguridad"),
    Evento(IMAGEN_CAMBIADA, _("Imagen de seguridad cambiada"),
           _("La imagen de seguridad de su usuario %(usuario)s fue cambiada."),
           seguridad=True, plantilla="aviso_seguridad"),
    Evento(BLOQUEO, _("Usuario bloqueado"),
           _("Su usuario %(usuario)s fue bloqueado por intentos fallidos de ingreso."),
           seguridad=True, plantilla="aviso_seguridad"),
    Evento(DESBLOQUEO, _("Usuario desbloqueado"),
           _("Su usuario %(usuario)s fue desbloqueado y puede ingresar de nuevo."),
           grupo="desbloqueo", plantilla="alerta"),
    Evento(INGRESO_NUEVA_IP, _("Ingreso desde una dirección IP nueva"),
           _("Se ingresó a OcciRed con su usuario %(usuario)s desde la dirección IP %(ip)s, que no usaba en los últimos 90 días."),
           seguridad=True, plantilla="aviso_seguridad"),
]}

SEGURIDAD = [e for e in EVENTOS.values() if e.seguridad]

# Values stored in their Spanish source form (labels of choices, system reasons) and
# translated when read, so an English reader sees them in English.
TRADUCIBLES = ("tipo", "estado", "motivo")


def _datos_leidos(datos: dict) -> defaultdict:
    leidos = defaultdict(str, {k: ("" if v is None else v) for k, v in (datos or {}).items()})
    for clave in TRADUCIBLES:
        if isinstance(leidos.get(clave), str) and leidos[clave]:
            leidos[clave] = gettext(leidos[clave])
    return leidos


def titulo(codigo: str) -> str:
    evento = EVENTOS.get(codigo)
    return str(evento.titulo) if evento else codigo


def texto(codigo: str, datos: dict) -> str:
    """The event's sentence in the active language; a code nobody declares shows as stored."""
    evento = EVENTOS.get(codigo)
    if evento is None:
        return codigo
    try:
        return str(evento.texto) % _datos_leidos(datos)
    except (TypeError, ValueError):
        return str(evento.titulo)


def datos_traducidos(datos: dict) -> dict:
    return dict(_datos_leidos(datos))
