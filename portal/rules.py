"""Admission rules of the login (SPEC "Login" 4): IP allow-lists and access schedule.

Used by the login and by anything else that needs to decide the same thing.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from functools import lru_cache

import holidays
from django.utils import timezone

from admin_usuarios.models import DIAS, Horario, ReglaIP, Usuario


@lru_cache(maxsize=16)
def _festivos(year: int) -> holidays.HolidayBase:
    return holidays.Colombia(years=year)


def es_festivo(fecha: dt.date) -> bool:
    """A Colombian public holiday (festivo), as the `holidays` package knows them."""
    return fecha in _festivos(fecha.year)


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


def horario_vigente(usuario: Usuario) -> Horario | None:
    """The user's own schedule, or else the company's."""
    return (
        Horario.objects.filter(usuario=usuario).first()
        or Horario.objects.filter(empresa_id=usuario.empresa_id).first()
    )


def dentro_de_horario(usuario: Usuario, cuando: dt.datetime | None = None) -> bool:
    """Whether `cuando` (default now), in America/Bogota, is inside the user's schedule."""
    horario = horario_vigente(usuario)
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
