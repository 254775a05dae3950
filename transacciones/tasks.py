"""Celery beat tasks of operations: find the due ids, call the same actions as the
screens, one operation per transaction. Safe to run twice or in two workers at once:
each action locks the operation and does nothing when it is no longer due."""

from __future__ import annotations

from celery import shared_task
from django.utils import timezone

from transacciones.actions.operaciones import do_ejecutar_programada, do_vencer_operacion, hoy
from transacciones.models import Operacion

LOTE = 500


@shared_task(name="transacciones.ejecutar_programadas")
def ejecutar_programadas() -> int:
    """Programadas at the start of their day (America/Bogota): the Aprobadas whose day came."""
    ids = list(Operacion.objects.filter(estado=Operacion.Estado.APROBADA, fecha_programada__lte=hoy())
               .order_by("fecha_programada", "pk").values_list("pk", flat=True)[:LOTE])
    return sum(do_ejecutar_programada(pk) is not None for pk in ids)


@shared_task(name="transacciones.vencer_operaciones")
def vencer_operaciones() -> int:
    """Operations not approved within the company's days, or by their date: Vencida, topes released."""
    ids = list(Operacion.objects.filter(estado=Operacion.Estado.POR_APROBAR, vence__lte=timezone.now())
               .order_by("vence", "pk").values_list("pk", flat=True)[:LOTE])
    return sum(do_vencer_operacion(pk) is not None for pk in ids)
