"""Reads of the ledger for Consultas, always through an account the actor may see
(cuentas.access) and never growing with the number of movements shown."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import connection
from django.db.models import Count, F, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from admin_usuarios.models import Producto, Usuario
from cuentas.access import cuenta_de, productos_de
from cuentas.models import CERO, Cuenta, Movimiento

CAMPOS_FILA = ("n", "fecha", "descripcion", "referencia", "es_debito", "monto", "saldo")


@dataclass(frozen=True)
class Fila:
    """One line of Movimientos or of the extracto (plain values, no model instance)."""

    n: int
    fecha: dt.datetime
    descripcion: str
    referencia: str
    debito: Decimal
    credito: Decimal
    saldo: Decimal

    @classmethod
    def de(cls, valores: tuple) -> Fila:
        n, fecha, descripcion, referencia, es_debito, monto, saldo = valores
        return cls(n, fecha, descripcion, referencia, monto if es_debito else CERO,
                   CERO if es_debito else monto, saldo)


@dataclass(frozen=True)
class Saldos:
    cuentas: list[tuple[Producto, Cuenta]]  # savings and current accounts
    tarjetas: list[tuple[Producto, Cuenta]]  # credit cards (cupo, disponible, utilizado)


def saldos_de(user: Usuario) -> Saldos:
    """Saldos and the home page: every product the user may see with its account. One query."""
    filas = [(p, cuenta_de(p)) for p in productos_de(user)]
    tarjeta = Producto.Tipo.TARJETA_CREDITO
    return Saldos(cuentas=[f for f in filas if f[0].tipo != tarjeta], tarjetas=[f for f in filas if f[0].tipo == tarjeta])


def limites(desde: dt.date, hasta: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start of `desde`, start of the day after `hasta`) in Bogotá time."""
    inicio = timezone.make_aware(dt.datetime.combine(desde, dt.time.min))
    fin = timezone.make_aware(dt.datetime.combine(hasta + dt.timedelta(days=1), dt.time.min))
    return inicio, fin


def _en_rango(cuenta: Cuenta, inicio: dt.datetime, fin: dt.datetime) -> QuerySet[Movimiento]:
    return Movimiento.objects.filter(cuenta_id=cuenta.pk, fecha__gte=inicio, fecha__lt=fin)


def rango(cuenta: Cuenta, desde: dt.date, hasta: dt.date) -> tuple[int, int]:
    """First and last movement numbers of the date range ((0, -1) when empty). One query.

    Dates never go back within an account (the ledger guarantees it), so the
    range's movements are exactly the numbers between these two.
    """
    if cuenta.pk is None:
        return 0, -1
    inicio, fin = limites(desde, hasta)
    base = _en_rango(cuenta, inicio, fin)
    primero = base.order_by("fecha", "n").values("n")[:1]
    ultimo = base.order_by("-fecha", "-n").values("n")[:1]
    fila = Cuenta.objects.filter(pk=cuenta.pk).values_list(Subquery(primero), Subquery(ultimo)).first()
    if not fila or fila[0] is None:
        return 0, -1
    return fila[0], fila[1]


class PorNumero:
    """Movements `lo`…`hi` of an account, newest first, as a sequence Django's
    Paginator can page: position i is movement number hi - i, so any page
    (the last of a million included) is one index range read, never an OFFSET.

    `previa` = (start, rows) of a page already read with the range (see
    `pagina_de`): the Paginator's slice of that page costs no query."""

    def __init__(self, cuenta: Cuenta, lo: int, hi: int, previa: tuple[int, list[Fila]] | None = None) -> None:
        self.cuenta, self.lo, self.hi, self.previa = cuenta, lo, hi, previa

    def count(self) -> int:
        return max(0, self.hi - self.lo + 1)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, corte: slice) -> list[Fila]:
        if not isinstance(corte, slice):
            raise TypeError("PorNumero only supports slices")
        a, b = corte.start or 0, min(corte.stop if corte.stop is not None else self.count(), self.count())
        if b <= a:
            return []
        if self.previa is not None and self.previa[0] == a and len(self.previa[1]) == b - a:
            return self.previa[1]
        filas = (Movimiento.objects.filter(cuenta_id=self.cuenta.pk, n__lte=self.hi - a, n__gt=self.hi - b)
                 .order_by("-n").values_list(*CAMPOS_FILA))
        return [Fila.de(f) for f in filas]


_PAGINA_SQL = """
    WITH r AS (
        SELECT (SELECT n FROM cuentas_movimiento WHERE cuenta_id = %(c)s AND fecha >= %(i)s AND fecha < %(f)s
                 ORDER BY fecha, n LIMIT 1) AS lo,
               (SELECT n FROM cuentas_movimiento WHERE cuenta_id = %(c)s AND fecha >= %(i)s AND fecha < %(f)s
                 ORDER BY fecha DESC, n DESC LIMIT 1) AS hi)
    SELECT m.n, m.fecha, m.descripcion, m.referencia, m.es_debito, m.monto, m.saldo, r.lo, r.hi
      FROM r JOIN cuentas_movimiento m
        ON m.cuenta_id = %(c)s AND m.n <= r.hi - %(a)s AND m.n > r.hi - %(b)s AND m.n >= r.lo
     ORDER BY m.n DESC
"""


def pagina_de(cuenta: Cuenta, desde: dt.date, hasta: dt.date, numero: int, tamano: int) -> PorNumero:
    """The range and the rows of page `numero` in ONE query: the range's first and
    last movement numbers are two index probes (InitPlans) and the page is the
    index range below the last one. An empty answer (an empty range, or a page
    past the end, which the Paginator turns into the last page) falls back to
    `rango` and a read of whatever page the Paginator asks for."""
    if cuenta.pk is None:
        return PorNumero(cuenta, 0, -1)
    inicio, fin = limites(desde, hasta)
    base = _en_rango(cuenta, inicio, fin)
    primero = Subquery(base.order_by("fecha", "n").values("n")[:1])
    ultimo = Subquery(base.order_by("-fecha", "-n").values("n")[:1])
    a = (max(numero, 1) - 1) * tamano
    if connection.vendor == "postgresql":
        # The same statement written once: the ORM spent longer compiling its five
        # subqueries than PostgreSQL spends running them.
        with connection.cursor() as cur:
            cur.execute(_PAGINA_SQL, {"c": cuenta.pk, "i": inicio, "f": fin, "a": a, "b": a + tamano})
            filas = cur.fetchall()
    else:
        filas = list(Movimiento.objects.filter(cuenta_id=cuenta.pk)
                     .annotate(_lo=primero, _hi=ultimo)
                     .filter(n__lte=F("_hi") - a, n__gt=F("_hi") - (a + tamano), n__gte=F("_lo"))
                     .order_by("-n").values_list(*CAMPOS_FILA, "_lo", "_hi"))
    if not filas:
        return PorNumero(cuenta, *rango(cuenta, desde, hasta))
    lo, hi = filas[0][-2], filas[0][-1]
    return PorNumero(cuenta, lo, hi, previa=(a, [Fila.de(f[:-2]) for f in filas]))


class Busqueda:
    """The range's movements matching a reference or an amount, newest first (small results: OFFSET paging)."""

    def __init__(self, qs: QuerySet[Movimiento]) -> None:
        self.qs = qs

    def count(self) -> int:
        return self.qs.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, corte: slice) -> list[Fila]:
        return [Fila.de(f) for f in self.qs[corte]]


def monto_buscado(texto: str) -> Decimal | None:
    """'$1.234.567,89', '1234567,89' or '1234567' as an amount; None when it is not one."""
    limpio = texto.replace("$", "").replace(" ", "").replace(".", "").replace(",", ".")
    try:
        valor = Decimal(limpio)
    except InvalidOperation:
        return None
    return valor if valor.is_finite() and valor > 0 else None


def movimientos(cuenta: Cuenta, desde: dt.date, hasta: dt.date, texto: str = "", *, pagina: int = 1,
                tamano: int = 10) -> PorNumero | Busqueda:
    """What the Movimientos table pages through: the whole range (page `pagina`
    of `tamano` rows read with it), or a search within it."""
    if not texto:
        return pagina_de(cuenta, desde, hasta, pagina, tamano)
    lo, hi = rango(cuenta, desde, hasta)
    condicion = Q(referencia__icontains=texto)
    if (monto := monto_buscado(texto)) is not None:
        condicion |= Q(monto=monto)
    qs = Movimiento.objects.filter(cuenta_id=cuenta.pk, n__gte=lo, n__lte=hi).filter(condicion)
    return Busqueda(qs.order_by("-n").values_list(*CAMPOS_FILA))


@dataclass(frozen=True)
class Resumen:
    """The head of an extracto: balances at both ends of the period and its totals."""

    saldo_inicial: Decimal
    saldo_final: Decimal
    total_debitos: Decimal
    total_creditos: Decimal
    numero_debitos: int
    numero_creditos: int
    lo: int
    hi: int


def resumen(cuenta: Cuenta, desde: dt.date, hasta: dt.date) -> Resumen:
    """Opening and closing balances (the running balance before the period's first
    movement and after its last) and the period's totals."""
    lo, hi = rango(cuenta, desde, hasta)
    if cuenta.pk is None:
        return Resumen(CERO, CERO, CERO, CERO, 0, 0, lo, hi)
    inicio, _fin = limites(desde, hasta)
    antes = (Movimiento.objects.filter(cuenta_id=cuenta.pk, fecha__lt=inicio).order_by("-fecha", "-n")
             .values_list("saldo", flat=True).first())
    saldo_inicial = antes if antes is not None else CERO
    if hi < lo:
        return Resumen(saldo_inicial, saldo_inicial, CERO, CERO, 0, 0, lo, hi)
    t = Movimiento.objects.filter(cuenta_id=cuenta.pk, n__gte=lo, n__lte=hi).aggregate(
        d=Sum("monto", filter=Q(es_debito=True)), c=Sum("monto", filter=Q(es_debito=False)),
        nd=Count("pk", filter=Q(es_debito=True)), nc=Count("pk", filter=Q(es_debito=False)),
    )
    final = Movimiento.objects.filter(cuenta_id=cuenta.pk, n=hi).values_list("saldo", flat=True).get()
    return Resumen(saldo_inicial, final, t["d"] or CERO, t["c"] or CERO, t["nd"], t["nc"], lo, hi)


def filas_extracto(cuenta: Cuenta, lo: int, hi: int, chunk_size: int = 1000) -> Iterator[tuple]:
    """The period's movements oldest first, as a statement lists them; streamed."""
    if cuenta.pk is None or hi < lo:
        return iter(())
    return (Movimiento.objects.filter(cuenta_id=cuenta.pk, n__gte=lo, n__lte=hi).order_by("n")
            .values_list(*CAMPOS_FILA).iterator(chunk_size=chunk_size))




_FILAS_EXCEL_SQL = """
    SELECT (fecha AT TIME ZONE %s), descripcion, referencia,
           CASE WHEN es_debito THEN monto END, CASE WHEN es_debito THEN NULL ELSE monto END, saldo
      FROM cuentas_movimiento WHERE cuenta_id = %s AND n BETWEEN %s AND %s ORDER BY n
"""


def filas_excel(cuenta: Cuenta, lo: int, hi: int, chunk_size: int = 1000) -> Iterator[tuple]:
    """The period's movements oldest first, as the spreadsheet's cells: (local naive
    date, description, reference, debit or None, credit or None, balance).

    On PostgreSQL the database does the per-row work (the time zone, the debit and
    credit columns) and a server-side cursor streams the rows in chunks, so the
    Python side hands each row to openpyxl as it comes; elsewhere the same values
    are built from the ORM's rows."""
    if cuenta.pk is None or hi < lo:
        return
    if connection.vendor != "postgresql":
        zona = timezone.get_current_timezone()
        for f in map(Fila.de, filas_extracto(cuenta, lo, hi, chunk_size)):
            yield (f.fecha.astimezone(zona).replace(tzinfo=None), f.descripcion, f.referencia,
                   f.debito or None, f.credito or None, f.saldo)
        return
    with connection.chunked_cursor() as cur:
        cur.execute(_FILAS_EXCEL_SQL, [timezone.get_current_timezone_name(), cuenta.pk, lo, hi])
        while filas := cur.fetchmany(chunk_size):
            yield from filas
