"""Reads of limits, always scoped to one company (or one of its users)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from admin_usuarios.models import Empresa, ProductoAsignado, Usuario
from topes.models import Consumo, MontoEmpresa, Servicio, TopeBanco, TopeUsuario
from topes.rules import CERO, Montos


def servicios_activos() -> list[Servicio]:
    return list(Servicio.objects.filter(activo=True))


def grupos_de_servicios(servicios: list[Servicio]) -> list[tuple[str, list[Servicio]]]:
    """[(group label, [services])] in catalogue order (Servicios Monetarios first)."""
    grupos: dict[str, list[Servicio]] = {}
    for s in servicios:
        grupos.setdefault(s.get_grupo_display(), []).append(s)
    return list(grupos.items())


def topes_banco(empresa: Empresa | int) -> dict[int, Montos]:
    return {t.servicio_id: Montos.de(t) for t in TopeBanco.objects.filter(empresa=empresa)}


def montos_empresa(empresa: Empresa | int) -> dict[int, Montos]:
    return {m.servicio_id: Montos.de(m) for m in MontoEmpresa.objects.filter(empresa=empresa)}


def asignaciones_de(usuario: Usuario) -> list[ProductoAsignado]:
    return list(
        ProductoAsignado.objects.filter(usuario=usuario)
        .select_related("producto")
        .order_by("producto__tipo", "producto__nombre", "producto__numero")
    )


def topes_de(usuario: Usuario) -> dict[tuple[int, int], Montos]:
    """(assignment id, service id) → the user's limits."""
    return {
        (t.asignacion_id, t.servicio_id): Montos.de(t)
        for t in TopeUsuario.objects.filter(asignacion__usuario=usuario)
    }


def topes_que_exceden(empresa: Empresa | int, techos: dict[int, Montos]) -> QuerySet[TopeUsuario]:
    """The company's user limits above `techos` (service id → ceiling) in any field."""
    condicion = Q(pk__in=[])
    for servicio_id, techo in techos.items():
        condicion |= Q(servicio_id=servicio_id) & (
            Q(transaccion__gt=techo.transaccion) | Q(diario__gt=techo.diario) | Q(mensual__gt=techo.mensual)
        )
    return (
        TopeUsuario.objects.filter(asignacion__usuario__empresa=empresa)
        .filter(condicion)
        .select_related("asignacion__usuario", "asignacion__producto", "servicio")
        .order_by("asignacion__usuario__username", "servicio__orden", "asignacion__producto__nombre")
    )


def topes_para_consulta(empresa: Empresa | int, *, usuario: Usuario | None = None,
                        servicio: Servicio | None = None) -> QuerySet[TopeUsuario]:
    """Flat rows for Consulta de topes and its exports: one query however many rows."""
    qs = TopeUsuario.objects.filter(
        asignacion__usuario__empresa=empresa,
        asignacion__usuario__es_administrador=False,
        servicio__activo=True,
    )
    if usuario is not None:
        qs = qs.filter(asignacion__usuario=usuario)
    if servicio is not None:
        qs = qs.filter(servicio=servicio)
    return qs.select_related("asignacion__usuario", "asignacion__producto", "servicio").order_by(
        "asignacion__usuario__username", "servicio__orden", "asignacion__producto__tipo",
        "asignacion__producto__nombre",
    )


@dataclass
class Acumulado:
    tope: TopeUsuario
    dia: Decimal = CERO
    mes: Decimal = CERO
    disponible_dia: Decimal = field(init=False, default=CERO)
    disponible_mes: Decimal = field(init=False, default=CERO)

    def __post_init__(self) -> None:
        self.disponible_dia = max(CERO, min(self.tope.diario - self.dia, self.tope.mensual - self.mes))
        self.disponible_mes = max(CERO, self.tope.mensual - self.mes)


def acumulados(empresa: Empresa | int, fecha: dt.date, *, usuario: Usuario | None = None) -> list[Acumulado]:
    """Per user, product and service: consumed today and this month against each limit.

    Two queries: the limits, and the ledger summed per (user, product, service).
    """
    topes = list(topes_para_consulta(empresa, usuario=usuario))
    inicio_mes = fecha.replace(day=1)
    consumos = Consumo.objects.filter(usuario__empresa=empresa, fecha__gte=inicio_mes, fecha__lte=fecha)
    if usuario is not None:
        consumos = consumos.filter(usuario=usuario)
    sumas = {
        (c["usuario_id"], c["producto_id"], c["servicio_id"]): (c["dia"] or CERO, c["mes"] or CERO)
        for c in consumos.values("usuario_id", "producto_id", "servicio_id").annotate(
            dia=Sum("monto", filter=Q(fecha=fecha)), mes=Sum("monto")
        )
    }
    filas = []
    for t in topes:
        dia, mes = sumas.get((t.asignacion.usuario_id, t.asignacion.producto_id, t.servicio_id), (CERO, CERO))
        filas.append(Acumulado(t, dia, mes))
    return filas


def filas_de_usuario(usuario: Usuario) -> list[dict]:
    """Consulta de topes of one user: every service × assigned product, zero when unset."""
    asignaciones = asignaciones_de(usuario)
    topes = topes_de(usuario)
    return [
        {"usuario": usuario, "servicio": s, "asignacion": a, "montos": topes.get((a.pk, s.pk), Montos())}
        for s in servicios_activos()
        for a in asignaciones
    ]


def filas_de_servicio(empresa: Empresa | int, servicio: Servicio) -> list[dict]:
    """Consulta de topes of one service: every secondary user's assigned products. Two queries."""
    asignaciones = (
        ProductoAsignado.objects.filter(usuario__empresa=empresa, usuario__es_administrador=False)
        .select_related("usuario", "producto")
        .order_by("usuario__username", "producto__tipo", "producto__nombre")
    )
    topes = {
        t.asignacion_id: Montos.de(t)
        for t in TopeUsuario.objects.filter(asignacion__usuario__empresa=empresa, servicio=servicio)
    }
    return [
        {"usuario": a.usuario, "servicio": servicio, "asignacion": a, "montos": topes.get(a.pk, Montos())}
        for a in asignaciones
    ]
