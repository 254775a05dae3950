"""`check_operation`: the one function that says whether a monetary operation is allowed.

When it says yes it also reserves the amount in the ledger (Consumo), in the
same transaction and under a row lock on the user's limit row (PostgreSQL
SELECT … FOR UPDATE), so concurrent operations are serialised per user,
product and service and together can never exceed a limit.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, connections, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from admin_usuarios.models import Horario, Producto, ProductoAsignado, Usuario
from comun import filas
from comun.dinero import formato_cop
from comun.filas import Lector
from seguridad.reglas import es_festivo, operacion_monetaria_permitida
from topes.models import Consumo, Servicio, TopeUsuario
from topes.rules import CERO

# Reasons (stable codes for callers and tests).
PERMITIDA = "permitida"
MONTO_INVALIDO = "monto_invalido"
SERVICIO_INACTIVO = "servicio_inactivo"
PRODUCTO_NO_ASIGNADO = "producto_no_asignado"
PRODUCTO_DESHABILITADO = "producto_deshabilitado"
DIA_NO_PERMITIDO = "dia_no_permitido"
SIN_TOPE = "sin_tope"
EXCEDE_TRANSACCION = "excede_transaccion"
EXCEDE_DIARIO = "excede_diario"
EXCEDE_MENSUAL = "excede_mensual"


@dataclass(frozen=True)
class Resultado:
    permitida: bool
    motivo: str
    mensaje: str
    consumo: Consumo | None = None

    def __bool__(self) -> bool:
        return self.permitida


def _no(motivo: str, mensaje: str) -> Resultado:
    return Resultado(False, motivo, mensaje)


def _servicio(servicio: Servicio | str | int) -> Servicio | None:
    if isinstance(servicio, Servicio):
        return servicio if servicio.activo else None
    campo = "codigo" if isinstance(servicio, str) else "pk"
    return Servicio.objects.filter(activo=True, **{campo: servicio}).first()


# `check_operation(tope=...)` when the caller has not read the limit row under its lock.
SIN_LEER = object()


def check_operation(user: Usuario, product: Producto | int, service: Servicio | str | int, amount: Decimal,
                    when: dt.datetime | None = None, *, reservar: bool = True,
                    referencia: str = "", tope: TopeUsuario | None | object = SIN_LEER) -> Resultado:
    """Whether `user` may move `amount` from `product` through `service` at `when` (default now).

    Checks, in order: a positive amount; an active service; the product is
    assigned to the user and still enabled by the bank; the day allows monetary operations (Sábado, Domingo
    and Festivo flags of the user's schedule, Colombian holidays); the
    transaction limit; today's and this month's consumption plus `amount`
    within the daily and monthly limits. With `reservar` (default) an allowed
    operation is recorded in the ledger; `reservar=False` only asks.

    `tope`: the limit row the caller already read with `consulta_tope`, in this transaction
    (locked as this function would lock it), or None if there is none; by default it is
    read here.
    """
    amount = Decimal(amount)
    if amount <= 0:
        return _no(MONTO_INVALIDO, _("El monto de la operación debe ser mayor que cero."))
    servicio = _servicio(service)
    if servicio is None:
        return _no(SERVICIO_INACTIVO, _("El servicio no está disponible."))
    producto_id = product.pk if isinstance(product, Producto) else int(product)
    local = timezone.localtime(when or timezone.now())
    fecha = local.date()

    # Inside the caller's transaction (a capture) no savepoint: nothing here writes before a
    # refusal, and an error rolls the caller back anyway; two round trips fewer per capture.
    with transaction.atomic(savepoint=False):
        # The lock serialises every reservation on this user × product × service.
        if tope is SIN_LEER:
            tope = _bloquear_tope(user, producto_id, servicio)
        elif tope is not None and (tope.servicio_id, tope.producto_id) != (servicio.pk, producto_id):
            raise ValueError("check_operation: the limit row read is of another product or service")
        if tope is not None:
            habilitado = tope.producto_habilitado
        else:
            habilitado = (user.productos_asignados.filter(producto_id=producto_id)
                          .values_list("producto__habilitado", flat=True).first())
            if habilitado is None:
                return _no(PRODUCTO_NO_ASIGNADO, _("El producto no está asignado al usuario."))
        if not habilitado:
            # The bank disabled it: the assignment and its limits stay, unused, until it is enabled again.
            return _no(PRODUCTO_DESHABILITADO, _("El banco deshabilitó este producto para la empresa."))
        # Only Saturdays, Sundays and holidays depend on the schedule's flags: skip its queries otherwise.
        dia_especial = fecha.weekday() >= 5 or es_festivo(fecha)
        if dia_especial and not operacion_monetaria_permitida(Horario.objects.vigente(user), fecha):
            if es_festivo(fecha):
                dia = _("los días festivos")
            elif fecha.weekday() == 5:
                dia = _("los sábados")
            else:
                dia = _("los domingos")
            return _no(DIA_NO_PERMITIDO, _("El usuario no puede realizar operaciones monetarias %(dia)s.")
                       % {"dia": dia})
        if tope is None or tope.mensual <= 0:
            return _no(SIN_TOPE, _("El usuario no tiene topes asignados para este producto y servicio."))
        if amount > tope.transaccion:
            return _no(EXCEDE_TRANSACCION, _("El monto supera el tope por transacción (%(tope)s).")
                       % {"tope": formato_cop(tope.transaccion)})
        en_un_paso = reservar and connection.vendor == "postgresql"
        if en_un_paso:
            dia, mes, consumo = _sumar_y_reservar_pg(user, producto_id, servicio, tope, amount, fecha, referencia)
        else:
            dia, mes = _sumas(user, producto_id, servicio, fecha)
            consumo = None
        if consumo is None:
            if dia + amount > tope.diario:
                return _no(EXCEDE_DIARIO, _("El monto supera el tope diario: disponible hoy %(disp)s.")
                           % {"disp": formato_cop(max(CERO, tope.diario - dia))})
            if mes + amount > tope.mensual:
                return _no(EXCEDE_MENSUAL, _("El monto supera el tope mensual: disponible este mes %(disp)s.")
                           % {"disp": formato_cop(max(CERO, tope.mensual - mes))})
            if reservar and not en_un_paso:
                consumo = Consumo.objects.create(
                    usuario=user, producto_id=producto_id, servicio=servicio, monto=amount, fecha=fecha,
                    referencia=referencia[:60],
                )
    return Resultado(True, PERMITIDA, _("Operación permitida."), consumo)


def _sumas(user: Usuario, producto_id: int, servicio: Servicio, fecha: dt.date) -> tuple[Decimal, Decimal]:
    """Consumed today and this month. Must run as its own statement AFTER the lock:
    under READ COMMITTED it then sees the rows committed by whoever held the lock
    before us (a subquery in the locking SELECT would read the old snapshot)."""
    sumas = Consumo.objects.filter(
        usuario=user, producto_id=producto_id, servicio=servicio,
        fecha__gte=fecha.replace(day=1), fecha__lte=fecha,
    ).aggregate(dia=Sum("monto", filter=Q(fecha=fecha)), mes=Sum("monto"))
    return sumas["dia"] or CERO, sumas["mes"] or CERO


def servicio_por_codigo(codigo: str) -> Servicio | None:
    """The service of this code (active or not: `check_operation` says what an inactive one means)."""
    return filas.leer_juntos(connection, consulta_servicio(codigo))[0]


def consulta_servicio(codigo: str) -> filas.Consulta:
    """`servicio_por_codigo` as a statement, to read together with others (comun.filas.leer_juntos)."""
    return filas.Consulta(_sql_servicio(connection.alias), [codigo],
                          lambda fila: None if fila is None else _SERVICIO.leer(fila, 0, connection))


def _bloquear_tope(user: Usuario, producto_id: int, servicio: Servicio) -> TopeUsuario | None:
    """The user's limit row for this product and service, locked (PostgreSQL SELECT … FOR UPDATE),
    with the bank's enabled flag of the product riding along (`producto_habilitado`)."""
    with filas.cursor(connection) as cursor:
        cursor.execute(_sql_tope(connection.alias), [producto_id, user.pk, producto_id, servicio.pk])
        return _tope_de_fila(cursor.fetchone(), producto_id)


def consulta_tope(user: Usuario, producto_id: int, codigo_servicio: str) -> filas.Consulta:
    """The limit row `check_operation` locks, by the service's code, as a statement to read
    together with others (comun.filas.leer_juntos) in the caller's transaction: its lock is
    taken by the joint statement. Hand the answer to `check_operation(tope=...)`."""
    return filas.Consulta(_sql_tope(connection.alias, por_codigo=True),
                          [producto_id, user.pk, producto_id, codigo_servicio],
                          lambda fila: _tope_de_fila(fila, producto_id))


def _tope_de_fila(fila, producto_id: int) -> TopeUsuario | None:
    if fila is None:
        return None
    tope = _TOPE.leer(fila, 0, connection)
    tope.producto_habilitado = bool(fila[_TOPE.ancho])
    tope.producto_id = producto_id  # the row is of this product (its assignment's)
    return tope


_SERVICIO, _TOPE = Lector(Servicio, "s"), Lector(TopeUsuario, "t")


# Plain SQL written once: compiling the querysets (the lock's join and subquery, the ordering's
# join) cost this hot path more than running them.
@functools.cache
def _sql_servicio(alias: str) -> str:
    q = connections[alias].ops.quote_name
    return f"SELECT {_SERVICIO.columnas(q)} FROM {q(Servicio._meta.db_table)} s WHERE s.codigo = %s"  # noqa: S608


@functools.cache
def _sql_tope(alias: str, *, por_codigo: bool = False) -> str:
    """Params: the product's id, the user's, the product's again, the service's id (or code)."""
    c = connections[alias]
    q = c.ops.quote_name
    t, a, p, s = (q(m._meta.db_table) for m in (TopeUsuario, ProductoAsignado, Producto, Servicio))
    sql = (f"SELECT {_TOPE.columnas(q)}, (SELECT habilitado FROM {p} WHERE id = %s) FROM {t} t"  # noqa: S608
           f" JOIN {a} a ON a.id = t.asignacion_id WHERE a.usuario_id = %s AND a.producto_id = %s")
    if por_codigo:
        sql += f" AND t.servicio_id = (SELECT id FROM {s} WHERE codigo = %s)"  # noqa: S608 (fixed names)
    else:
        sql += " AND t.servicio_id = %s"
    if c.features.has_select_for_update_of:
        sql += " FOR UPDATE OF t"
    return sql

_RESERVAR_SQL = """
WITH sumas AS (
    SELECT COALESCE(SUM(monto) FILTER (WHERE fecha = %(fecha)s), 0) AS dia, COALESCE(SUM(monto), 0) AS mes
    FROM {tabla}
    WHERE usuario_id = %(usuario)s AND producto_id = %(producto)s AND servicio_id = %(servicio)s
      AND fecha >= %(inicio)s AND fecha <= %(fecha)s
), nuevo AS (
    INSERT INTO {tabla} (usuario_id, producto_id, servicio_id, monto, fecha, creado, referencia)
    SELECT %(usuario)s, %(producto)s, %(servicio)s, %(monto)s, %(fecha)s, %(creado)s, %(referencia)s
    FROM sumas
    WHERE sumas.dia + %(monto)s <= %(diario)s AND sumas.mes + %(monto)s <= %(mensual)s
    RETURNING id
)
SELECT sumas.dia, sumas.mes, (SELECT id FROM nuevo) FROM sumas
"""


def _sumar_y_reservar_pg(user: Usuario, producto_id: int, servicio: Servicio, tope: TopeUsuario,
                         amount: Decimal, fecha: dt.date, referencia: str) -> tuple[Decimal, Decimal, Consumo | None]:
    """PostgreSQL: sum and (when within the limits) insert in ONE statement, still after the lock.

    Same rule as `_sumas` + `Consumo.objects.create`, one round trip fewer: the
    statement takes a fresh snapshot after the lock was granted, so it sees every
    reservation committed before ours. Returns (today, month, the new row or None).
    """
    creado = timezone.now()
    params = {
        "usuario": user.pk, "producto": producto_id, "servicio": servicio.pk, "monto": amount, "fecha": fecha,
        "inicio": fecha.replace(day=1), "diario": tope.diario, "mensual": tope.mensual, "creado": creado,
        "referencia": referencia[:60],
    }
    with filas.cursor(connection) as cursor:
        cursor.execute(_RESERVAR_SQL.format(tabla=Consumo._meta.db_table), params)
        dia, mes, nuevo_id = cursor.fetchone()
    if nuevo_id is None:
        return Decimal(dia), Decimal(mes), None
    consumo = Consumo(pk=nuevo_id, usuario=user, producto_id=producto_id, servicio=servicio, monto=amount,
                      fecha=fecha, creado=creado, referencia=referencia[:60])
    consumo._state.adding = False
    return Decimal(dia), Decimal(mes), consumo
