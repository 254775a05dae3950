"""Access rules in one place: who may log in now, and on which days a user may move money.

Schedules (America/Bogota, Colombian festivos), monetary days, IP allow-lists
and the rule that a user's schedule never exceeds the company's, each with one
wording. Used by the login, the forms, the actions, the bank admin and
`topes.check_operation`.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import holidays
from django.utils import timezone
from django.utils.translation import gettext as _

from admin_usuarios.models import DIAS, Horario, ReglaIP, Usuario


@lru_cache(maxsize=16)
def _festivos(year: int) -> holidays.HolidayBase:
    return holidays.Colombia(years=year)


def es_festivo(fecha: dt.date) -> bool:
    """A Colombian public holiday (festivo), as the `holidays` package knows them."""
    return fecha in _festivos(fecha.year)


# --- IP allow-lists ------------------------------------------------------------------


def normalizar_red(red: str) -> str:
    """200.14.232.152 stays as typed; 200.14.232.7/24 becomes 200.14.232.0/24. ValueError if not an IP."""
    net = ipaddress.ip_network(red.strip(), strict=False)
    return str(net.network_address) if net.prefixlen == net.max_prefixlen else str(net)


def ip_en_lista(ip: str, redes: list[str]) -> bool:
    """True when the list is empty (no restriction) or one network contains the IP."""
    if not redes:
        return True
    try:
        addr = ipaddress.ip_address(ip)
    except ValueError:
        return False
    for red in redes:
        try:
            if addr in ipaddress.ip_network(red, strict=False):
                return True
        except ValueError:
            continue
    return False


def ip_permitida(usuario: Usuario, ip: str) -> bool:
    """The IP must be in the company's list and in the user's own list (empty = any)."""
    reglas = list(ReglaIP.objects.filter(empresa_id=usuario.empresa_id).values_list("usuario_id", "red"))
    de_empresa = [red for uid, red in reglas if uid is None]
    del_usuario = [red for uid, red in reglas if uid == usuario.pk]
    return ip_en_lista(ip, de_empresa) and ip_en_lista(ip, del_usuario)


# --- schedules -----------------------------------------------------------------------


def dentro_de_horario(usuario: Usuario, cuando: dt.datetime | None = None) -> bool:
    """Whether `cuando` (default now), in America/Bogota, is inside the user's schedule."""
    return horario_permite(Horario.objects.vigente(usuario), cuando)


def horario_permite(horario: Horario | None, cuando: dt.datetime | None = None) -> bool:
    """The schedule rule itself, on a schedule already read (`Horario.objects.vigente`; None:
    no schedule, any time): the day's range, and holidays only with their flag."""
    if horario is None:
        return True
    local = timezone.localtime(cuando or timezone.now())
    if es_festivo(local.date()) and not horario.festivo_permitido:
        return False
    inicio, fin = horario.rango(DIAS[local.weekday()][0])
    if inicio is None or fin is None:
        return False
    ahora = local.time().replace(second=0, microsecond=0)
    return inicio <= ahora <= fin


def operacion_monetaria_permitida(horario: Horario | None, fecha: dt.date) -> bool:
    """Monetary operations on Saturday, Sunday and holidays need their flag."""
    if horario is None:
        return True
    if es_festivo(fecha) and not horario.monetarias_festivo:
        return False
    if fecha.weekday() == 5 and not horario.monetarias_sabado:
        return False
    if fecha.weekday() == 6 and not horario.monetarias_domingo:
        return False
    return True


def motivo_fuera_de_acceso(usuario: Usuario, ip: str, cuando: dt.datetime | None = None) -> str | None:
    """Who may log in from here and now: the audit cause of a refusal, or None.

    The company's and the user's IP allow-lists, then the schedule with the holiday rule.
    """
    if not ip_permitida(usuario, ip):
        return "ip_no_permitida"
    if not dentro_de_horario(usuario, cuando):
        return "fuera_de_horario"
    return None


def errores_rangos(datos: Mapping[str, Any]) -> dict[str, str]:
    """Each day's start and end, alone: both or neither, start before end."""
    errores: dict[str, str] = {}
    for dia, _nombre in DIAS:
        ini, fin = datos.get(f"{dia}_inicio"), datos.get(f"{dia}_fin")
        if (ini is None) != (fin is None):
            errores[f"{dia}_inicio" if ini is None else f"{dia}_fin"] = _(
                "Indique inicio y término, o deje ambos vacíos para no permitir el acceso.")
        elif ini is not None and ini >= fin:
            errores[f"{dia}_fin"] = _("El horario de término debe ser posterior al de inicio.")
    return errores


def errores_horario(datos: Mapping[str, Any], empresa: Horario) -> dict[str, str]:
    """The rule "a user's schedule never exceeds the company's", field by field.

    Used by the form (messages next to each field) and again by the action.
    """
    errores = errores_rangos(datos)
    for dia, nombre in DIAS:
        ini, fin = datos.get(f"{dia}_inicio"), datos.get(f"{dia}_fin")
        if ini is None or fin is None or f"{dia}_inicio" in errores or f"{dia}_fin" in errores:
            continue
        e_ini, e_fin = empresa.rango(dia)
        if e_ini is None or e_fin is None:
            errores[f"{dia}_inicio"] = _("La empresa no permite el acceso el %(dia)s.") % {"dia": nombre}
        elif ini < e_ini or fin > e_fin:
            errores[f"{dia}_inicio"] = _("Debe estar dentro del horario de la empresa (%(ini)s a %(fin)s).") % {
                "ini": e_ini.strftime("%H:%M"), "fin": e_fin.strftime("%H:%M")}
    for campo in Horario.PERMISOS:
        if datos.get(campo) and not getattr(empresa, campo):
            errores[campo] = _("La empresa no lo permite: no puede habilitarse para el usuario.")
    return errores


def ajustar_a_empresa(horario: Horario, de_empresa: Horario) -> list[str]:
    """Narrow a user's schedule so it never exceeds the company's. Returns the changed fields.

    A day the company closes is closed for the user; a range is clipped to the
    company's; a range left empty by the clipping closes the day. A permission
    the company withdraws (festivo, monetary days) is withdrawn from the user.
    """
    cambiados: list[str] = []
    for dia, _e in DIAS:
        ini, fin = horario.rango(dia)
        e_ini, e_fin = de_empresa.rango(dia)
        if e_ini is None or e_fin is None:
            n_ini, n_fin = None, None
        elif ini is None or fin is None:
            n_ini, n_fin = ini, fin
        else:
            n_ini, n_fin = max(ini, e_ini), min(fin, e_fin)
            if n_ini > n_fin:
                n_ini, n_fin = None, None
        for campo, viejo, nuevo in ((f"{dia}_inicio", ini, n_ini), (f"{dia}_fin", fin, n_fin)):
            if viejo != nuevo:
                setattr(horario, campo, nuevo)
                cambiados.append(campo)
    for campo in Horario.PERMISOS:
        if getattr(horario, campo) and not getattr(de_empresa, campo):
            setattr(horario, campo, False)
            cambiados.append(campo)
    return cambiados
