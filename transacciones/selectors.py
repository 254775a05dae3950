"""Reads of operations, always through `transacciones.access` (scoped to the company and the user)."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass
from decimal import Decimal
from types import EllipsisType

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connection, connections
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from admin_usuarios.models import Producto, Usuario
from transacciones.access import operaciones_de
from transacciones.models import (
    BANCOS_BENEFICIARIO,
    Aprobacion,
    Beneficiario,
    Operacion,
    VersionPendientes,
)
from transacciones.reglas import pendientes_para

logger = logging.getLogger(__name__)

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


def _donde(qs: QuerySet[Operacion]) -> tuple[str, list] | None:
    """The WHERE of `qs` (one table: `pendientes_para` joins nothing), compiled once for the
    count and the page's ids: the ORM compiled each whole statement, which took longer than
    PostgreSQL took to run them. None when it matches nothing."""
    try:
        sql, params = qs.query.get_compiler(qs.db).compile(qs.query.where)
    except EmptyResultSet:
        return None
    return sql or "1 = 1", list(params)


def _leer(qs: QuerySet[Operacion], donde: tuple[str, list] | None, select: str, resto: str = "",
          extra: tuple = ()) -> list[tuple]:
    """`SELECT <select> FROM operations WHERE <qs's filter> <resto>`: only fixed SQL of ours
    and the ORM's compiled filter go into the text; every value is a bound parameter."""
    if donde is None:
        return []
    tabla = connections[qs.db].ops.quote_name(Operacion._meta.db_table)
    with connections[qs.db].cursor() as cursor:
        cursor.execute(f"SELECT {select} FROM {tabla} WHERE {donde[0]} {resto}", [*donde[1], *extra])  # noqa: S608
        return cursor.fetchall()


CONTEO_EN_CACHE = 600  # seconds; a cached count is keyed by the company's version, this only frees memory


def _clave_conteo(qs: QuerySet[Operacion], donde: tuple[str, list], empresa_id: int) -> str | None:
    """The cache key of this exact filter (it names the user, the company and the approver's
    limits) under the company's VersionPendientes, which the triggers move at the commit of
    every change of what awaits approval: a cached count is never older than the data.
    None where there are no triggers (SQLite), or inside a transaction (its own uncommitted
    changes have not moved the version yet: count)."""
    conexion = connections[qs.db]
    if conexion.vendor != "postgresql" or conexion.in_atomic_block:
        return None
    with conexion.cursor() as cursor:
        cursor.execute(f"SELECT version FROM {conexion.ops.quote_name(VersionPendientes._meta.db_table)} "  # noqa: S608
                       "WHERE empresa_id = %s", [empresa_id])
        fila = cursor.fetchone()
    huella = repr((conexion.settings_dict["NAME"], empresa_id, fila[0] if fila else 0, donde[0], donde[1]))
    return "transacciones:por_aprobar:" + hashlib.sha256(huella.encode()).hexdigest()


def _de_cache(llamada):
    """The cache is a shortcut: if it is unreachable the page counts instead of failing."""
    try:
        return llamada()
    except Exception:  # noqa: BLE001 (any cache backend error: Redis down, timeout)
        logger.warning("cache no disponible para el contador de autorizaciones", exc_info=True)
        return None


def contar_por_aprobar(user: Usuario, qs: QuerySet[Operacion] | None = None,
                       donde: tuple[str, list] | None | EllipsisType = ...) -> int:
    """"Usted tiene N Autorización(es)". Counted once per request: the page's paging and the
    layout's counter share it (kept on the request's user object); and on PostgreSQL once per
    state of the company's pending operations (cached under its version). `qs` and its
    compiled `donde`, when the caller has them."""
    n = getattr(user, "_por_aprobar", None)
    if n is None:
        qs = qs if qs is not None else pendientes_para(user)
        donde = _donde(qs) if donde is ... else donde
        clave = _clave_conteo(qs, donde, user.empresa_id) if donde is not None else None
        n = _de_cache(lambda: cache.get(clave)) if clave else None
        if n is None:
            filas = _leer(qs, donde, "COUNT(*)")
            n = filas[0][0] if filas else 0
            if clave:
                _de_cache(lambda: cache.set(clave, n, CONTEO_EN_CACHE))
        user._por_aprobar = n
    return n


def pagina_por_aprobar(user: Usuario, numero: str | None, tamano: int) -> Page:
    """One page of what awaits this user (a Django Page, for the shared paging footer).

    The page's ids are read alone from the `operacion_pendientes` index, from the nearer end:
    a page in the second half is read backwards (newest first), so the last page costs what
    the first does and no page skips more than half the list. Then only those rows, as
    plain values."""
    qs = pendientes_para(user)
    donde = _donde(qs)
    paginator = Paginator(qs.values_list("pk", flat=True), tamano)
    paginator.count = total = contar_por_aprobar(user, qs, donde)  # a cached_property: set, not computed again
    try:
        n = paginator.validate_number(numero)
    except PageNotAnInteger:
        n = 1
    except EmptyPage:
        n = paginator.num_pages
    desde, hasta = (n - 1) * tamano, min(n * tamano, total)
    al_reves = desde > total - hasta
    if al_reves:
        desde, hasta = total - hasta, total - desde
    sentido = "DESC" if al_reves else "ASC"
    ids = [pk for (pk,) in _leer(qs, donde if hasta > desde else None, "id",
                                 f"ORDER BY creada {sentido}, id {sentido} LIMIT %s OFFSET %s", (hasta - desde, desde))]
    if al_reves:
        ids.reverse()
    filas = {f.pk: f for f in filas_por_aprobar(ids)}
    return Page([filas[pk] for pk in ids if pk in filas], n, paginator)


@dataclass(slots=True)
class FilaPorAprobar:
    """One row of Aprobación de Operaciones: plain values read with one statement (no model
    instance per row and per relation), shown as Operacion shows them."""

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


def _sql_filas(n: int) -> str:
    """The page's rows with their four relations, in one statement (no ORM compile: it took
    longer than the statement). Table names from the models; the ids are bound parameters."""
    t = {m: connection.ops.quote_name(m._meta.db_table) for m in (Operacion, Producto, Beneficiario, Usuario)}
    # Table names from the models, placeholders only:
    return (
        "SELECT o.id, o.tipo, po.nombre, po.numero, o.destino_id, pd.tipo, pd.nombre, pd.numero, o.beneficiario_id, "  # noqa: S608
        "b.alias, b.banco, b.numero_cuenta, o.formulario, o.numero_formulario, o.monto, o.fecha_programada, "
        "u.username, o.aprobaciones_recibidas, o.aprobaciones_requeridas "
        f"FROM {t[Operacion]} o JOIN {t[Producto]} po ON po.id = o.origen_id "
        f"LEFT JOIN {t[Producto]} pd ON pd.id = o.destino_id "
        f"LEFT JOIN {t[Beneficiario]} b ON b.id = o.beneficiario_id "
        f"JOIN {t[Usuario]} u ON u.id = o.captor_id "
        f"WHERE o.id IN ({', '.join(['%s'] * n)})"
    )


def filas_por_aprobar(ids: list[int]) -> list[FilaPorAprobar]:
    """The rows of `ids` (any order), their destination worded as `Operacion.destino_texto`."""
    if not ids:
        return []
    url = reverse("transacciones:operacion", args=[0]).removesuffix("0/")  # one reverse() for the page
    tipos, productos = dict(Operacion.Tipo.choices), dict(Producto.Tipo.choices)
    bancos, formularios = dict(BANCOS_BENEFICIARIO), dict(Operacion.Formulario.choices)
    with connection.cursor() as cursor:
        cursor.execute(_sql_filas(len(ids)), ids)
        crudas = cursor.fetchall()
    filas = []
    for (pk, tipo, o_nombre, o_numero, destino_id, d_tipo, d_nombre, d_numero, beneficiario_id, alias, banco,
         cuenta, formulario, numero_formulario, monto, fecha, captor, recibidas, requeridas) in crudas:
        if destino_id:
            destino = f"{productos.get(d_tipo, d_tipo)} {d_nombre} - {d_numero}"
        elif beneficiario_id:
            destino = f"{alias} - {bancos.get(banco, banco)} {cuenta}"
        elif formulario:
            destino = f"{formularios.get(formulario, formulario)} No. {numero_formulario}"
        else:
            destino = ""
        filas.append(FilaPorAprobar(
            pk=pk, tipo=str(tipos.get(tipo, tipo)), origen=f"{o_nombre} - {o_numero}", destino=destino,
            # SQLite hands back what it stored (a number, an ISO date); PostgreSQL, Decimal and date.
            monto=monto if isinstance(monto, Decimal) else Decimal(str(monto)),
            fecha_programada=fecha if isinstance(fecha, dt.date) else dt.date.fromisoformat(fecha),
            captor=captor, aprobaciones_recibidas=recibidas, aprobaciones_requeridas=requeridas, url=f"{url}{pk}/"))
    return filas


def aprobaciones_de(op: Operacion) -> list[Aprobacion]:
    return list(op.aprobaciones.select_related("aprobador").order_by("creada", "id"))
