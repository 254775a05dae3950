"""Reads of the audit trail, always scoped to one company."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from auditoria.eventos import etiquetas
from auditoria.models import Evento


def etiquetas_acciones() -> dict[str, str]:
    """Screen label of every declared event name (others are shown as stored)."""
    return etiquetas()


def acciones_de_empresa(empresa_id: int) -> list[tuple[str, str]]:
    etiquetas = etiquetas_acciones()
    valores = (Evento.objects.filter(empresa_id=empresa_id).order_by("accion")
               .values_list("accion", flat=True).distinct())
    return sorted(((v, etiquetas.get(v, v)) for v in valores), key=lambda par: par[1])


def _inicio_del_dia(fecha: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(fecha, dt.time.min))


def eventos_de_empresa(empresa_id: int, *, desde: dt.date | None = None, hasta: dt.date | None = None,
                       usuario: str = "", accion: str = "") -> QuerySet[Evento]:
    """The company's audit rows, newest first. Dates are days in America/Bogota, both inclusive;
    `usuario` matches the actor or the target by username."""
    if not empresa_id:
        return Evento.objects.none()
    eventos = Evento.objects.filter(empresa_id=empresa_id)
    if desde:
        eventos = eventos.filter(creado__gte=_inicio_del_dia(desde))
    if hasta:
        eventos = eventos.filter(creado__lt=_inicio_del_dia(hasta + dt.timedelta(days=1)))
    if usuario:
        eventos = eventos.filter(Q(actor_nombre__iexact=usuario) | Q(objetivo_descripcion__iexact=usuario))
    if accion:
        eventos = eventos.filter(accion=accion)
    return eventos.order_by("-creado", "-id")


def _valor(v: Any) -> str:
    if isinstance(v, (dict, list)):
        return json.dumps(v, ensure_ascii=False)
    return "—" if v in (None, "") else str(v)


def partes_detalles(detalles: dict[str, Any]) -> list[str]:
    """A row's details as `campo: antes → después` (when it has before/after) and `clave: valor` parts."""
    if not detalles:
        return []
    partes = []
    antes, despues = detalles.get("antes"), detalles.get("despues")
    if isinstance(antes, dict) and isinstance(despues, dict):
        for campo in list(dict.fromkeys([*antes, *despues])):
            partes.append(f"{campo}: {_valor(antes.get(campo))} → {_valor(despues.get(campo))}")
    for clave, valor in detalles.items():
        if clave not in ("antes", "despues"):
            partes.append(f"{clave}: {_valor(valor)}")
    return partes


def texto_detalles(detalles: dict[str, Any]) -> str:
    """One line for a row's details (the Excel export)."""
    return "; ".join(partes_detalles(detalles))
