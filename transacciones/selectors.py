"""Reads of operations, always through `transacciones.access` (scoped to the company and the user)."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import logging
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db import connection, connections
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from admin_usuarios.models import Producto, Usuario
from comun import filas
from transacciones.access import operaciones_de
from transacciones.models import (
    BANCOS_BENEFICIARIO,
    Aprobacion,
    Beneficiario,
    Operacion,
    VersionPendientes,
)
from transacciones.reglas import consulta_topes, pendientes_para, puede_aprobar

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


def _consulta_version(empresa_id: int) -> filas.Consulta | None:
    """The company's VersionPendientes, which the triggers move at the commit of every change
    of what awaits approval. None where there are no triggers (SQLite), or inside a
    transaction (its own uncommitted changes have not moved the version yet: count)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return None
    return filas.Consulta(_sql_version(connection.alias), [empresa_id], lambda fila: fila[0] if fila else 0)


@functools.cache
def _sql_version(alias: str) -> str:
    q = connections[alias].ops.quote_name
    return f"SELECT version FROM {q(VersionPendientes._meta.db_table)} WHERE empresa_id = %s"  # noqa: S608


def _pendientes_y_version(user: Usuario) -> tuple[QuerySet[Operacion], int | None]:
    """`pendientes_para(user)` and the version of the company's pending operations, read
    together (the approver's limits and the version: one round trip on PostgreSQL)."""
    if not puede_aprobar(user):
        return Operacion.objects.none(), None
    consultas = [consulta_topes(user)]
    version = _consulta_version(user.empresa_id)
    if version is not None:
        consultas.append(version)
    respuestas = filas.leer_juntos(connection, *consultas)
    return pendientes_para(user, topes=respuestas[0]), (respuestas[1] if version is not None else None)


def _clave_conteo(donde: tuple[str, list], empresa_id: int, version: int) -> str:
    """The cache key of this exact filter (it names the user, the company and the approver's
    limits) under the company's version: a cached count is never older than the data."""
    huella = repr((connection.settings_dict["NAME"], empresa_id, version, donde[0], donde[1]))
    return "transacciones:por_aprobar:" + hashlib.sha256(huella.encode()).hexdigest()


def _de_cache(llamada):
    """The cache is a shortcut: if it is unreachable the page counts instead of failing."""
    try:
        return llamada()
    except Exception:  # noqa: BLE001 (any cache backend error: Redis down, timeout)
        logger.warning("cache no disponible para el contador de autorizaciones", exc_info=True)
        return None


def contar_por_aprobar(user: Usuario,
                       leidos: tuple[QuerySet[Operacion], tuple[str, list] | None, int | None] | None = None) -> int:
    """"Usted tiene N Autorización(es)". Counted once per request: the page's paging and the
    layout's counter share it (kept on the request's user object); and on PostgreSQL once per
    state of the company's pending operations (cached under its version). `leidos`: the
    pending queryset, its compiled filter (`_donde`) and the version, when the caller has them."""
    n = getattr(user, "_por_aprobar", None)
    if n is None:
        if leidos is None:
            qs, version = _pendientes_y_version(user)
            leidos = (qs, _donde(qs), version)
        qs, donde, version = leidos
        clave = _clave_conteo(donde, user.empresa_id, version) if donde is not None and version is not None else None
        n = _de_cache(lambda: cache.get(clave)) if clave else None
        if n is None:
            conteo = _leer(qs, donde, "COUNT(*)")
            n = conteo[0][0] if conteo else 0
            if clave:
                _de_cache(lambda: cache.set(clave, n, CONTEO_EN_CACHE))
        user._por_aprobar = n
    return n


def pagina_por_aprobar(user: Usuario, numero: str | None, tamano: int) -> Page:
    """One page of what awaits this user (a Django Page, for the shared paging footer).

    The page's ids are read alone from the `operacion_pendientes` index, from the nearer end:
    a page in the second half is read backwards (newest first), so the last page costs what
    the first does and no page skips more than half the list; then, in the same statement,
    only those rows, as plain values. Before it, the approver's limits and the version of
    the cached count are read together: with the count cached, the page's own reads are
    those two statements, one cache GET and this one."""
    qs, version = _pendientes_y_version(user)
    donde = _donde(qs)
    paginator = Paginator(qs.values_list("pk", flat=True), tamano)
    paginator.count = total = contar_por_aprobar(user, (qs, donde, version))  # a cached_property: set, not computed again
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
    leidas = _pagina_de_filas(qs, donde if hasta > desde else None, "DESC" if al_reves else "ASC", hasta - desde, desde)
    if al_reves:
        leidas.reverse()
    return Page(leidas, n, paginator)


def _pagina_de_filas(qs: QuerySet[Operacion], donde: tuple[str, list] | None, sentido: str, limite: int,
                     desde: int) -> list[FilaPorAprobar]:
    """The page's rows in one statement: its ids from the `operacion_pendientes` index alone
    (an index-only scan of `qs`'s filter, ordered and cut), then only those rows and their
    relations. Only fixed SQL of ours and the ORM's compiled filter go into the text."""
    if donde is None:
        return []
    tabla = connections[qs.db].ops.quote_name(Operacion._meta.db_table)
    ids = (f"SELECT id, creada FROM {tabla} WHERE {donde[0]}"  # noqa: S608 (see the docstring)
           f" ORDER BY creada {sentido}, id {sentido} LIMIT %s OFFSET %s")
    return _filas(_sql_filas(ids, sentido), [*donde[1], limite, desde])


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


def _sql_filas(ids: str, sentido: str) -> str:
    """The rows picked by the subquery `ids` (id, creada), in its order, with their four
    relations. Each relation's column is a scalar subquery by primary key, not a join:
    planning four joins took PostgreSQL several times as long as running them (and the ORM
    longer to compile the statement than either). Table names from the models; every value
    is a bound parameter."""
    t = {m: connection.ops.quote_name(m._meta.db_table) for m in (Operacion, Producto, Beneficiario, Usuario)}

    def de(modelo, columna: str, fk: str) -> str:
        return f"(SELECT {columna} FROM {t[modelo]} WHERE id = o.{fk})"  # noqa: S608 (fixed names)

    columnas = [
        "o.id", "o.tipo", de(Producto, "nombre", "origen_id"), de(Producto, "numero", "origen_id"), "o.destino_id",
        de(Producto, "tipo", "destino_id"), de(Producto, "nombre", "destino_id"), de(Producto, "numero", "destino_id"),
        "o.beneficiario_id", de(Beneficiario, "alias", "beneficiario_id"), de(Beneficiario, "banco", "beneficiario_id"),
        de(Beneficiario, "numero_cuenta", "beneficiario_id"), "o.formulario", "o.numero_formulario", "o.monto",
        "o.fecha_programada", de(Usuario, "username", "captor_id"), "o.aprobaciones_recibidas",
        "o.aprobaciones_requeridas",
    ]
    return (f"SELECT {', '.join(columnas)} FROM {t[Operacion]} o JOIN ({ids}) p ON p.id = o.id"  # noqa: S608 (fixed names)
            f" ORDER BY p.creada {sentido}, p.id {sentido}")


def _filas(sql: str, params: list) -> list[FilaPorAprobar]:
    url = reverse("transacciones:operacion", args=[0]).removesuffix("0/")  # one reverse() for the page
    tipos, productos = dict(Operacion.Tipo.choices), dict(Producto.Tipo.choices)
    bancos, formularios = dict(BANCOS_BENEFICIARIO), dict(Operacion.Formulario.choices)
    # Not prepared: a generic plan of the page's LIMIT / OFFSET over the approver's filter read
    # far more of the index than each call's own plan does.
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        crudas = cursor.fetchall()
    leidas = []
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
        leidas.append(FilaPorAprobar(
            pk=pk, tipo=str(tipos.get(tipo, tipo)), origen=f"{o_nombre} - {o_numero}", destino=destino,
            # SQLite hands back what it stored (a number, an ISO date); PostgreSQL, Decimal and date.
            monto=monto if isinstance(monto, Decimal) else Decimal(str(monto)),
            fecha_programada=fecha if isinstance(fecha, dt.date) else dt.date.fromisoformat(fecha),
            captor=captor, aprobaciones_recibidas=recibidas, aprobaciones_requeridas=requeridas, url=f"{url}{pk}/"))
    return leidas


def aprobaciones_de(op: Operacion) -> list[Aprobacion]:
    return list(op.aprobaciones.select_related("aprobador").order_by("creada", "id"))
