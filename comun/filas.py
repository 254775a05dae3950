"""Model instances from the row of a plain SQL statement, as the ORM would build them.

For the hot paths that read one row with its related rows through a statement written
once (a module constant) instead of a queryset compiled on every call: the columns of
each model are listed by `Lector.columnas`, and `Lector.leer` turns its slice of the row
into an instance (the database's values through the same converters the ORM applies,
so SQLite's strings and integers come back as dates, decimals and booleans too).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connections, models, router
from django.utils.functional import cached_property

try:
    import psycopg
except ImportError:  # SQLite only
    psycopg = None


class Lector:
    """The concrete fields of `modelo`, read under the SQL alias `alias`."""

    def __init__(self, modelo: type[models.Model], alias: str) -> None:
        self.modelo = modelo
        self.alias = alias
        self._conversores: dict[str, list] = {}

    # Read on first use, once the app registry is ready (a Lector may be made at import time).
    @cached_property
    def campos(self) -> tuple[models.Field, ...]:
        return tuple(self.modelo._meta.concrete_fields)

    @cached_property
    def ancho(self) -> int:
        return len(self.campos)

    @cached_property
    def i_pk(self) -> int:
        return self.campos.index(self.modelo._meta.pk)

    def columnas(self, quote_name) -> str:
        return ", ".join(f"{self.alias}.{quote_name(f.column)}" for f in self.campos)

    def _de(self, connection) -> list:
        conversores = self._conversores.get(connection.alias)
        if conversores is None:
            conversores = []
            for i, f in enumerate(self.campos):
                col = f.get_col(self.alias)
                funciones = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
                if funciones:
                    conversores.append((i, col, funciones))
            self._conversores[connection.alias] = conversores
        return conversores

    def leer(self, fila: Sequence[Any], inicio: int, connection) -> models.Model | None:
        """The instance in `fila[inicio:inicio + ancho]`; None when its primary key is NULL (a LEFT JOIN)."""
        valores = list(fila[inicio:inicio + self.ancho])
        if valores[self.i_pk] is None:
            return None
        for i, col, funciones in self._de(connection):
            valor = valores[i]
            for funcion in funciones:
                valor = funcion(valor, col, connection)
            valores[i] = valor
        return self.modelo.from_db(connection.alias, None, valores)


def convertir(campo: models.Field, valor: Any, connection) -> Any:
    """One value of `campo` as the ORM would return it (a scalar subquery's result)."""
    col = campo.get_col(campo.model._meta.db_table)
    for funcion in connection.ops.get_db_converters(col) + col.get_db_converters(connection):
        valor = funcion(valor, col, connection)
    return valor


def insertar(objetos: list[models.Model], *, ids: bool = True) -> list[models.Model]:
    """New rows of one model in one INSERT per batch, their ids read back (RETURNING), like
    `bulk_create` for a model without multi-table inheritance or signals, without compiling a
    query each time: the statement for a number of rows is built once. Values go through each
    field's `pre_save` (auto_now_add) and `get_db_prep_save`, as the ORM does. Never an update:
    an object that has a primary key already is refused (the audit trail is append-only).

    `ids=False`: rows whose ids nobody reads (an action's audit rows and notifications), so
    nothing is read back and, inside `juntas`, the statement waits to go with the block's
    other writes, as one statement. Their `pk` stays None."""
    if not objetos:
        return objetos
    modelo = type(objetos[0])
    conexion = connections[router.db_for_write(modelo)]
    if not conexion.features.can_return_rows_from_bulk_insert:
        return modelo._default_manager.bulk_create(objetos)
    tamano = conexion.ops.bulk_batch_size(_campos_de_insert(modelo), objetos) or len(objetos)
    for inicio in range(0, len(objetos), tamano):
        lote = objetos[inicio:inicio + tamano]
        sql, valores = _sentencia_insert(lote, conexion, ids)
        if not ids and _diferir(conexion, sql, valores):
            leidos = [None] * len(lote)
        else:
            with cursor(conexion) as c:
                c.execute(sql, valores)
                leidos = [fila[0] for fila in c.fetchall()] if ids else [None] * len(lote)
        _insertados(lote, leidos, conexion)
    return objetos


def _sentencia_insert(lote: list[models.Model], conexion, ids: bool) -> tuple[str, list]:
    """The INSERT of these new rows of one model, and its values."""
    modelo = type(lote[0])
    campos = _campos_de_insert(modelo)
    filas = []
    for objeto in lote:
        if objeto.pk is not None or type(objeto) is not modelo:
            raise ValueError(f"insertar: {objeto!r} no es una fila nueva de {modelo.__name__}")
        objeto._prepare_related_fields_for_save(operation_name="insertar")
        filas.append([f.get_db_prep_save(f.pre_save(objeto, True), conexion) for f in campos])
    # VALUES, not UNNEST (the ORM's choice on PostgreSQL): dumping one array per column cost more.
    return _sql_insert(modelo, conexion.alias, len(filas), ids), [v for fila in filas for v in fila]


def _insertados(lote: list[models.Model], leidos: list, conexion) -> None:
    for objeto, pk in zip(lote, leidos, strict=True):
        objeto.pk = pk
        objeto._state.adding = False
        objeto._state.db = conexion.alias


def insertar_uno(objeto: models.Model) -> models.Model:
    return insertar([objeto])[0]


@functools.cache
def _campos_de_insert(modelo: type[models.Model]) -> tuple[models.Field, ...]:
    return tuple(f for f in modelo._meta.local_concrete_fields if not f.primary_key)


@functools.lru_cache(maxsize=256)
def _sql_insert(modelo: type[models.Model], alias: str, filas: int, ids: bool = True) -> str:
    q = connections[alias].ops.quote_name
    campos = _campos_de_insert(modelo)
    fila = f"({', '.join(['%s'] * len(campos))})"
    return (f"INSERT INTO {q(modelo._meta.db_table)} ({', '.join(q(f.column) for f in campos)})"  # noqa: S608
            f" VALUES {', '.join([fila] * filas)}" + (f" RETURNING {q(modelo._meta.pk.column)}" if ids else ""))


@contextmanager
def cursor(conexion):
    """The cursor of the statements written once (this module's users): on PostgreSQL, each is
    prepared on the connection the first time it runs (parsed and planned once, then only
    executed: the lock of an approval spent more planning than executing) and its parameters
    are sent apart (no quoting in Python). Elsewhere, the connection's own cursor.

    Still a Django cursor: the statements are counted like any other."""
    # Logged (DEBUG, a test capturing queries): the same statement through the connection's own
    # cursor, whose log shows it with its values (a prepared one would log nothing readable).
    if (conexion.vendor != "postgresql" or conexion.queries_logged
            or not getattr(settings, "OCCIRED_SENTENCIAS_PREPARADAS", True)):
        with conexion.cursor() as c:
            yield c
        return
    conexion.ensure_connection()
    if conexion.connection.prepare_threshold is None:
        # Django turns preparing off (None) for every statement: only ours ask for it (the ORM's
        # cursors bind on the client and never prepare), so no count ever reaches this threshold.
        conexion.connection.prepare_threshold = 2**31
    with conexion.wrap_database_errors:
        crudo = _Preparado(conexion.connection)
    with conexion._prepare_cursor(crudo) as c:
        yield c


class _Preparado(psycopg.Cursor if psycopg is not None else object):
    def execute(self, query, params=None, *, prepare=None, binary=None):
        return super().execute(query, params, prepare=True, binary=binary)


def actualizar(objetos: list[models.Model], campos: list[str]) -> None:
    """`bulk_update(objetos, campos)` in one statement per batch on PostgreSQL
    (UPDATE … FROM (VALUES …)), whose compiled CASE per field and row cost a bulk
    approval more than everything else it does; elsewhere the ORM's own `bulk_update`.
    Values go through each field's `get_db_prep_save`, as the ORM does. Inside `juntas`,
    it goes with the block's other writes; it never checks a row count."""
    if not objetos or not campos:
        return
    modelo = type(objetos[0])
    conexion = connections[router.db_for_write(modelo)]
    if conexion.vendor != "postgresql":
        modelo._default_manager.bulk_update(objetos, campos)
        return
    meta = modelo._meta
    lista = [meta.pk] + [meta.get_field(c) for c in campos]
    tamano = conexion.ops.bulk_batch_size(lista, objetos) or len(objetos)
    for inicio in range(0, len(objetos), tamano):
        lote = objetos[inicio:inicio + tamano]
        valores = []
        for objeto in lote:
            valores += [f.get_db_prep_save(getattr(objeto, f.attname), conexion) for f in lista]
        sql = _sql_update(modelo, conexion.alias, tuple(campos), len(lote))
        if not _diferir(conexion, sql, valores):
            with cursor(conexion) as c:
                c.execute(sql, valores)


@functools.lru_cache(maxsize=256)
def _sql_update(modelo: type[models.Model], alias: str, campos: tuple[str, ...], filas: int) -> str:
    conexion = connections[alias]
    q = conexion.ops.quote_name
    meta = modelo._meta
    lista = [meta.pk] + [meta.get_field(c) for c in campos]
    # Typed placeholders: a column of NULLs in VALUES would otherwise be text.
    fila = f"({', '.join(f'CAST(%s AS {f.db_type(conexion)})' for f in lista)})"
    nombres = ", ".join(q(f.column) for f in lista)
    asignaciones = ", ".join(f"{q(f.column)} = v.{q(f.column)}" for f in lista[1:])
    return (f"UPDATE {q(meta.db_table)} AS t SET {asignaciones} FROM (VALUES {', '.join([fila] * filas)})"  # noqa: S608
            f" AS v({nombres}) WHERE t.{q(meta.pk.column)} = v.{q(meta.pk.column)}")


# The writes of an action that nothing reads back, kept for one statement (`juntas`).
_ESCRITURAS = "_occired_escrituras"
# Bind parameters per statement: PostgreSQL takes at most 65,535.
MAX_PARAMETROS = 32_000


@contextmanager
def juntas(conexion):
    """On PostgreSQL, the block's writes that nobody reads back (`insertar(..., ids=False)`,
    `actualizar`) go to the server together at its end, as ONE statement (each a
    data-modifying WITH of the next): one round trip and one statement for an action's
    approval row, new state, audit rows and notifications. Elsewhere, each when called.

    They run at the end of the block, on one snapshot, so nothing in the block may read
    what they write, and none sees another's rows. An error of any of them (a unique key)
    is raised at the end of the block, inside the caller's transaction, as Django's error."""
    if conexion.vendor != "postgresql" or getattr(conexion, _ESCRITURAS, None) is not None:
        yield  # elsewhere one after the other; inside an outer block, with the outer one's
        return
    pendientes: list[tuple[str, list]] = []
    setattr(conexion, _ESCRITURAS, pendientes)
    try:
        yield
    finally:
        setattr(conexion, _ESCRITURAS, None)
    _escribir(conexion, pendientes)


def _diferir(conexion, sql: str, valores: list) -> bool:
    pendientes = getattr(conexion, _ESCRITURAS, None)
    if pendientes is None:
        return False
    pendientes.append((sql, valores))
    return True


def _escribir(conexion, pendientes: list[tuple[str, list]]) -> None:
    while pendientes:
        tramo, n = [], 0
        while pendientes and (not tramo or n + len(pendientes[0][1]) <= MAX_PARAMETROS):
            sql, valores = pendientes.pop(0)
            tramo.append((sql, valores))
            n += len(valores)
        with cursor(conexion) as c:
            c.execute(_sql_en_cadena(tuple(sql for sql, _v in tramo)), [v for _s, valores in tramo for v in valores])


@functools.lru_cache(maxsize=256)
def _sql_en_cadena(sentencias: tuple[str, ...]) -> str:
    """Several writes as one statement: every one but the last a data-modifying WITH."""
    *antes, ultima = sentencias
    if not antes:
        return ultima
    return "WITH " + ", ".join(f"e{i} AS ({sql})" for i, sql in enumerate(antes)) + " " + ultima


@dataclass(frozen=True)
class Consulta:
    """A statement written once, its parameters, and what its first row (or None) means;
    with `todas`, what its list of rows means."""

    sql: str
    params: list
    leer: Callable[[Any], Any]
    todas: bool = False

    def enviar(self, c) -> None:
        c.execute(self.sql, self.params)

    def respuesta(self, c) -> Any:
        return self.leer(c.fetchall() if self.todas else c.fetchone())


def leer_juntos(conexion, *consultas: Consulta) -> list:
    """Each `Consulta`'s answer, in order: independent reads an action needs before it can go
    on. On PostgreSQL, one statement (`_sql_juntas`); elsewhere, one after the other. At most
    one of them may answer several rows (`todas`)."""
    if sum(q.todas for q in consultas) > 1:  # on every database, so that SQLite's tests tell
        raise ValueError("leer_juntos: solo una de las consultas puede devolver varias filas")
    if conexion.vendor != "postgresql" or len(consultas) == 1:
        respuestas = []
        for consulta in consultas:
            with cursor(conexion) as c:
                consulta.enviar(c)
                respuestas.append(consulta.respuesta(c))
        return respuestas
    sql = _sql_juntas(tuple((q.sql, q.todas) for q in consultas))
    with cursor(conexion) as c:
        c.execute(sql, [p for q in consultas for p in q.params])
        return _repartir(consultas, c.fetchall(), _marcas(sql, c))


def insertar_leyendo(objeto: models.Model, consulta: Consulta) -> Any:
    """`insertar_uno(objeto)` and `consulta`'s answer, a read that does not depend on the new
    row: on PostgreSQL one statement (the insert a WITH of the read); elsewhere the insert,
    then the read."""
    conexion = connections[router.db_for_write(type(objeto))]
    if conexion.vendor != "postgresql":
        insertar_uno(objeto)
        return leer_juntos(conexion, consulta)[0]
    insert, valores = _sentencia_insert([objeto], conexion, True)
    sql = _sql_insertar_leyendo(insert, consulta.sql, consulta.todas)
    with cursor(conexion) as c:
        c.execute(sql, [*valores, *consulta.params])
        filas = c.fetchall()
        _insertados([objeto], [filas[0][0]], conexion)
        return _repartir([consulta], filas, _marcas(sql, c))[0]


# A column of ours in front of each read's own: NULL when the read found no row.
_HAY = "occired_hay"


def _subconsulta(sql: str, todas: bool) -> str:
    # row_number() keeps the order the read asked for (its ORDER BY) through the join.
    if todas:
        return f"(SELECT 1 AS {_HAY}, row_number() OVER () AS occired_n, x.* FROM ({sql}) x)"  # noqa: S608 (ours)
    return f"(SELECT 1 AS {_HAY}, x.* FROM ({sql}) x LIMIT 1)"  # noqa: S608 (statements of ours)


@functools.lru_cache(maxsize=256)
def _sql_juntas(partes: tuple[tuple[str, bool], ...]) -> str:
    """Independent reads as ONE statement, each a derived table joined to one row: their
    columns side by side, each after its `_HAY` marker, in one row (or one per row of the
    only read that may answer several)."""
    sql = "SELECT " + ", ".join(f"q{i}.*" for i in range(len(partes))) + " FROM (SELECT 1) AS occired_uno"  # noqa: S608
    sql += "".join(f" LEFT JOIN {_subconsulta(s, t)} AS q{i} ON true" for i, (s, t) in enumerate(partes))
    varias = [i for i, (_s, t) in enumerate(partes) if t]
    return sql + (f" ORDER BY q{varias[0]}.occired_n" if varias else "")


@functools.lru_cache(maxsize=64)
def _sql_insertar_leyendo(insert: str, sql: str, todas: bool) -> str:
    orden = " ORDER BY q.occired_n" if todas else ""
    return (f"WITH nueva AS ({insert}) SELECT nueva.*, q.* FROM nueva"  # noqa: S608 (statements of ours)
            f" LEFT JOIN {_subconsulta(sql, todas)} AS q ON true{orden}")


_MARCAS: dict[str, list[int]] = {}


def _marcas(sql: str, c) -> list[int]:
    """Where each read's `_HAY` column is in the rows of `sql`, then the row's width: a fixed
    statement's columns never move, so its description is read once."""
    marcas = _MARCAS.get(sql)
    if marcas is None:
        nombres = [columna.name for columna in c.description]
        marcas = _MARCAS[sql] = [i for i, nombre in enumerate(nombres) if nombre == _HAY] + [len(nombres)]
    return marcas


def _repartir(consultas, filas: list, marcas: list[int]) -> list:
    """Each read's answer from the rows of `_sql_juntas`: its columns run from after its
    marker (and its row number) to the next marker."""
    respuestas = []
    for consulta, marca, fin in zip(consultas, marcas, marcas[1:], strict=False):
        inicio = marca + (2 if consulta.todas else 1)
        propias = [fila[inicio:fin] for fila in filas if fila[marca] is not None]
        respuestas.append(consulta.leer(propias if consulta.todas else (propias[0] if propias else None)))
    return respuestas
