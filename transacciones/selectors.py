"""Reads of operations, always through `transacciones.access` (scoped to the company and the user)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from admin_usuarios.models import Usuario
from transacciones.access import operaciones_de
from transacciones.models import Aprobacion, Operacion
from transacciones.reglas import pendientes_para

RELACIONES = ("origen", "destino", "beneficiario", "captor")


def _inicio(fecha: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(fecha, dt.time.min))


def historico(user: Usuario, filtros: dict) -> QuerySet[Operacion]:
    """Histórico de Transacciones: every operation of the user (administrator: of the company)."""
    qs = operaciones_de(user)
    if "desde" in filtros:
        qs = qs.filter(creada__gte=_inicio(filtros["desde"]))
    if "hasta" in filtros:
        qs = qs.filter(creada__lt=_inicio(filtros["hasta"] + dt.timedelta(days=1)))
    if "estado" in filtros:
        qs = qs.filter(estado=filtros["estado"])
    if "tipo" in filtros:
        qs = qs.filter(tipo=filtros["tipo"])
    if "numero" in filtros:
        qs = qs.filter(pk=filtros["numero"])
    return qs.select_related(*RELACIONES).order_by("-creada", "-id")


def por_aprobar(user: Usuario) -> QuerySet[Operacion]:
    """Aprobación de Operaciones: what awaits this user, oldest first (it expires first)."""
    return pendientes_para(user).select_related(*RELACIONES).order_by("creada", "id")


def aprobaciones_de(op: Operacion) -> list[Aprobacion]:
    return list(op.aprobaciones.select_related("aprobador").order_by("creada", "id"))
