"""Reads of operations, always through `transacciones.access` (scoped to the company and the user)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from admin_usuarios.models import Producto, Usuario
from transacciones.access import operaciones_de
from transacciones.models import BANCOS_BENEFICIARIO, Aprobacion, Operacion
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
    """One page of what awaits this user (a Django Page, for the shared paging footer).

    The page's ids are read alone from the `operacion_pendientes` index, from the nearer end:
    a page in the second half is read backwards (newest first), so the last page costs what
    the first does and no page skips more than half the list. Then only those rows, as
    plain values."""
    qs = pendientes_para(user)
    paginator = Paginator(qs.values_list("pk", flat=True), tamano)
    paginator.count = total = contar_por_aprobar(user, qs)  # a cached_property: set, not computed again
    try:
        n = paginator.validate_number(numero)
    except PageNotAnInteger:
        n = 1
    except EmptyPage:
        n = paginator.num_pages
    desde, hasta = (n - 1) * tamano, min(n * tamano, total)
    ids: list[int] = []
    if hasta > desde:
        if desde > total - hasta:
            ids = list(qs.order_by("-creada", "-id").values_list("pk", flat=True)[total - hasta:total - desde])[::-1]
        else:
            ids = list(qs.order_by("creada", "id").values_list("pk", flat=True)[desde:hasta])
    filas = {f.pk: f for f in filas_por_aprobar(ids)}
    return Page([filas[pk] for pk in ids if pk in filas], n, paginator)


@dataclass(slots=True)
class FilaPorAprobar:
    """One row of Aprobación de Operaciones: plain values read with one `values()` query
    (no model instance per row and per relation), shown as Operacion shows them."""

    pk: int
    tipo: str
    origen: str
    destino: str
    monto: Decimal
    fecha_programada: dt.date
    captor: str
    aprobaciones_recibidas: int
    aprobaciones_requeridas: int
    url: str

    @property
    def numero(self) -> str:
        return f"{self.pk:08d}"


_CAMPOS_FILA = ("pk", "tipo", "origen__nombre", "origen__numero", "destino_id", "destino__tipo", "destino__nombre",
                "destino__numero", "beneficiario_id", "beneficiario__alias", "beneficiario__banco",
                "beneficiario__numero_cuenta", "formulario", "numero_formulario", "monto", "fecha_programada",
                "captor__username", "aprobaciones_recibidas", "aprobaciones_requeridas")


def filas_por_aprobar(ids: list[int]) -> list[FilaPorAprobar]:
    """The rows of `ids` (any order), their destination worded as `Operacion.destino_texto`."""
    if not ids:
        return []
    url = reverse("transacciones:operacion", args=[0]).removesuffix("0/")  # one reverse() for the page
    tipos, productos = dict(Operacion.Tipo.choices), dict(Producto.Tipo.choices)
    bancos, formularios = dict(BANCOS_BENEFICIARIO), dict(Operacion.Formulario.choices)
    filas = []
    for v in Operacion.objects.filter(pk__in=ids).order_by().values(*_CAMPOS_FILA):
        if v["destino_id"]:
            destino = f"{productos.get(v['destino__tipo'], v['destino__tipo'])} {v['destino__nombre']} - {v['destino__numero']}"
        elif v["beneficiario_id"]:
            destino = (f"{v['beneficiario__alias']} - {bancos.get(v['beneficiario__banco'], v['beneficiario__banco'])} "
                       f"{v['beneficiario__numero_cuenta']}")
        elif v["formulario"]:
            destino = f"{formularios.get(v['formulario'], v['formulario'])} No. {v['numero_formulario']}"
        else:
            destino = ""
        filas.append(FilaPorAprobar(
            pk=v["pk"], tipo=str(tipos.get(v["tipo"], v["tipo"])), origen=f"{v['origen__nombre']} - {v['origen__numero']}",
            destino=destino, monto=v["monto"], fecha_programada=v["fecha_programada"], captor=v["captor__username"],
            aprobaciones_recibidas=v["aprobaciones_recibidas"], aprobaciones_requeridas=v["aprobaciones_requeridas"],
            url=f"{url}{v['pk']}/"))
    return filas


def aprobaciones_de(op: Operacion) -> list[Aprobacion]:
    return list(op.aprobaciones.select_related("aprobador").order_by("creada", "id"))
