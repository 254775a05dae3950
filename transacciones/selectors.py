"""Reads of operations, always through `transacciones.access` (scoped to the company and the user)."""

from __future__ import annotations

import datetime as dt

from django.core.paginator import Page, Paginator
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
    return pendientes_para(user).order_by("creada", "id")


def contar_por_aprobar(user: Usuario, qs: QuerySet[Operacion] | None = None) -> int:
    """"Usted tiene N Autorización(es)". Counted once per request: the page's paging and the
    layout's counter share it (kept on the request's user object)."""
    n = getattr(user, "_por_aprobar", None)
    if n is None:
        n = user._por_aprobar = (qs if qs is not None else pendientes_para(user)).count()
    return n


def pagina_por_aprobar(user: Usuario, numero: str | None, tamano: int) -> Page:
    """One page of what awaits this user. The page's ids are read alone (an OFFSET over
    ids only), then only those rows with their relations: the last page costs what the first does."""
    qs = por_aprobar(user)
    paginator = Paginator(qs.values_list("pk", flat=True), tamano)
    paginator.count = contar_por_aprobar(user, qs)  # a cached_property: set, not computed again
    pagina = paginator.get_page(numero)
    filas = {o.pk: o for o in Operacion.objects.filter(pk__in=list(pagina.object_list)).select_related(*RELACIONES)}
    pagina.object_list = [filas[pk] for pk in pagina.object_list if pk in filas]
    return pagina


def aprobaciones_de(op: Operacion) -> list[Aprobacion]:
    return list(op.aprobaciones.select_related("aprobador").order_by("creada", "id"))
