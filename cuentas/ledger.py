"""The narrow interface between the portal and the bank's core ledger.

Everything that moves money calls these functions and nothing else writes the
ledger's tables; the bank's real core can replace this module by implementing
the same functions. Guarantees, as TigerBeetle documents them:

- a transfer's id is chosen by the caller and a transfer exists at most once:
  the same call twice returns the first transfer (`Resultado.nueva` False), the
  same id with another payload is refused (`exists_with_different_fields`);
- balances (debits/credits, posted/pending) change on the account rows in the
  same database transaction as the transfer, under row locks always taken in
  account-id order, so two opposite transfers never deadlock;
- an account flagged `debitos_no_exceden_creditos` never has posted + pending
  debits above its credits plus its `limite` (checked here, and by a CHECK
  constraint in the database);
- a pending transfer resolves at most once (posted, voided or expired; a
  unique key on `pendiente` in the database);
- Σ debits = Σ credits over the whole ledger, posted and pending alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from admin_usuarios.models import Producto
from cuentas.errores import (
    ExcedeMontoPendiente,
    ExisteConOtrosDatos,
    FechaRetrocede,
    FondosInsuficientes,
    PendienteExpirada,
    PendienteNoEncontrada,
    PendienteYaResuelta,
    TransferenciaInvalida,
)
from cuentas.models import CERO, Cuenta, Movimiento, Transferencia

T = Transferencia.Tipo
CENTAVO = Decimal("0.01")
MAX_ID = 100  # the rest of the column is room for the ids the ledger derives ("expira:<id>")

# The bank's own accounts (key → type, name). Clearing has one account per other bank.
BANCOS = {
    "bogota": "Banco de Bogotá", "popular": "Banco Popular", "avvillas": "Banco AV Villas",
    "bancolombia": "Bancolombia", "davivienda": "Davivienda", "bbva": "BBVA Colombia",
}
CUENTAS_BANCO: dict[str, tuple[str, str]] = {
    "banco:caja": (Cuenta.Tipo.CAJA, "Caja y consignaciones"),
    "banco:apertura": (Cuenta.Tipo.APERTURA, "Saldos iniciales"),
    "banco:impuestos": (Cuenta.Tipo.RECAUDO_IMPUESTOS, "Recaudo de impuestos"),
    "banco:nomina": (Cuenta.Tipo.COMPENSACION_NOMINA, "Compensación de nómina"),
    **{f"banco:compensacion:{c}": (Cuenta.Tipo.COMPENSACION_BANCO, f"Compensación {n}") for c, n in BANCOS.items()},
}


@dataclass(frozen=True)
class Resultado:
    transferencia: Transferencia
    nueva: bool  # False: this id already existed with this payload (a retry)


@dataclass(frozen=True)
class Saldo:
    total: Decimal
    retenido: Decimal
    disponible: Decimal
    cupo: Decimal
    utilizado: Decimal


# ---------------------------------------------------------------------------
# Accounts
# ---------------------------------------------------------------------------

def cuenta_banco(clave: str) -> Cuenta:
    """One of the bank's own accounts (created on first use)."""
    tipo, nombre = CUENTAS_BANCO[clave]
    cuenta, _creada = Cuenta.objects.get_or_create(clave=clave, defaults={"tipo": tipo, "nombre": nombre})
    return cuenta


def cuenta_de_producto(producto: Producto, *, cupo: Decimal | None = None) -> Cuenta:
    """The account of a company product, opened on first use.

    Savings and current accounts may not go below zero; a credit card may go
    down to minus its cupo (`cupo` sets it; lowering it below what is used is refused).
    """
    cuenta, _creada = Cuenta.objects.get_or_create(
        clave=f"producto:{producto.pk}",
        defaults={"tipo": Cuenta.Tipo.PRODUCTO, "producto": producto, "nombre": str(producto)[:80],
                  "debitos_no_exceden_creditos": True},
    )
    if cupo is not None and producto.tipo == Producto.Tipo.TARJETA_CREDITO:
        cupo = _monto(cupo, cero_valido=True)
        if cupo != cuenta.limite:
            with transaction.atomic():
                cuenta = Cuenta.objects.select_for_update().get(pk=cuenta.pk)
                if cuenta.debitos_posteados + cuenta.debitos_pendientes > cuenta.creditos_posteados + cupo:
                    raise FondosInsuficientes(_("El cupo no puede ser menor que lo utilizado."))
                cuenta.limite = cupo
                cuenta.save(update_fields=["limite"])
    return cuenta


def saldo(cuenta: Cuenta | int) -> Saldo:
    c = Cuenta.objects.get(pk=cuenta.pk if isinstance(cuenta, Cuenta) else cuenta)
    return Saldo(total=c.saldo, retenido=c.retenido, disponible=c.disponible, cupo=c.limite, utilizado=c.utilizado)


# ---------------------------------------------------------------------------
# Transfers
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class _Datos:
    """The payload that identifies a transfer: a retry must repeat it exactly."""

    id: str
    tipo: str
    debito_id: int
    credito_id: int
    monto: Decimal
    pendiente_id: str | None = None
    codigo: int = 0
    descripcion: str = ""
    referencia: str = ""
    timeout: int = 0

    def igual_a(self, t: Transferencia) -> bool:
        return (t.tipo, t.debito_id, t.credito_id, t.monto, t.pendiente_id, t.codigo, t.descripcion,
                t.referencia, t.timeout) == (self.tipo, self.debito_id, self.credito_id, self.monto,
                                             self.pendiente_id, self.codigo, self.descripcion,
                                             self.referencia, self.timeout)


def _monto(valor: Decimal | int | str, *, cero_valido: bool = False) -> Decimal:
    if isinstance(valor, float):
        raise TypeError("Money is Decimal, never float.")
    monto = Decimal(valor)
    if monto != monto.quantize(CENTAVO) or monto < 0 or (monto == 0 and not cero_valido):
        raise TransferenciaInvalida(_("El monto debe ser mayor que cero, en pesos y centavos."), campo="monto")
    return monto.quantize(CENTAVO)


def _id(valor: str) -> str:
    valor = str(valor).strip()
    if not valor or len(valor) > MAX_ID:
        raise TransferenciaInvalida(_("Identificador de movimiento inválido."))
    return valor


def _pk(cuenta: Cuenta | int) -> int:
    return cuenta.pk if isinstance(cuenta, Cuenta) else int(cuenta)


def _bloquear(ids: Iterable[int], datos: _Datos) -> tuple[dict[int, Cuenta], Resultado | None]:
    """Lock the accounts, always in id order (two transfers over the same accounts
    queue up instead of deadlocking), and say in the same round trip whether the
    transfer id exists already. The existence seen here may predate a transfer
    committed while we waited for the locks; the unique key catches that case
    (see _con_idempotencia), so the answer is the same either way."""
    filas = list(Cuenta.objects.select_for_update(of=("self",)).filter(pk__in=set(ids)).order_by("pk")
                 .annotate(_existe=Exists(Transferencia.objects.filter(pk=datos.id))))
    previo = _existente(datos) if filas and filas[0]._existe else None
    return {c.pk: c for c in filas}, previo


def _existente(datos: _Datos) -> Resultado | None:
    existente = Transferencia.objects.filter(pk=datos.id).first()
    if existente is None:
        return None
    if not datos.igual_a(existente):
        raise ExisteConOtrosDatos()
    return Resultado(existente, nueva=False)


def _con_idempotencia(datos: _Datos, ejecutar) -> Resultado:
    """Run `ejecutar` in a transaction; a concurrent insert of the same id ends as a retry."""
    try:
        with transaction.atomic():
            return ejecutar()
    except IntegrityError:
        # Another transaction, over other accounts (so not queued behind our locks),
        # inserted this id first: the same answer as a retry arriving after it.
        resultado = _existente(datos)
        if resultado is None:
            raise
        return resultado


def _fecha(cuentas: Iterable[Cuenta], fecha: dt.datetime | None) -> dt.datetime:
    """The transfer's timestamp. Dates never go back within an account (Movimientos
    relies on it); an imported date (bank loads, demo) must respect it, as
    TigerBeetle's imported transfers must."""
    ultimas = [c.ultimo_movimiento for c in cuentas if c.ultimo_movimiento is not None]
    if fecha is not None:
        if ultimas and fecha < max(ultimas):
            raise FechaRetrocede()
        return fecha
    return max([timezone.now(), *ultimas])


def _postear(t: Transferencia, debito: Cuenta, credito: Cuenta, descripcion: str, referencia: str) -> None:
    """Write the two movements of a posted amount (balances already moved)."""
    filas = []
    for cuenta, es_debito in ((debito, True), (credito, False)):
        cuenta.movimientos += 1
        cuenta.ultimo_movimiento = t.fecha
        filas.append(Movimiento(cuenta=cuenta, n=cuenta.movimientos, transferencia=t, fecha=t.fecha,
                                es_debito=es_debito, monto=t.monto, saldo=cuenta.saldo,
                                descripcion=descripcion, referencia=referencia))
    Movimiento.objects.bulk_create(filas)


CAMPOS_SALDO = ["debitos_pendientes", "debitos_posteados", "creditos_pendientes", "creditos_posteados",
                "movimientos", "ultimo_movimiento"]


def _guardar(*cuentas: Cuenta) -> None:
    # Both rows in one UPDATE (one round trip), only the balance fields.
    Cuenta.objects.bulk_update(cuentas, CAMPOS_SALDO)


_CREAR_SQL = "SELECT * FROM cuentas_crear_transferencia(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"


def _crear_en_postgresql(datos: _Datos, fecha: dt.datetime | None) -> Resultado:
    """The same transfer as the Python path below, in one round trip: the PL/pgSQL
    function of migration 0003 checks the id, locks both rows in id order, checks
    the balance and the date on the locked rows, and writes transfer, balances and
    movements. It answers every expected outcome with a state instead of an error,
    so it needs no savepoint inside a caller's transaction, and in autocommit the
    statement is the whole transaction (the locks are held for the function and
    the commit only)."""
    with connection.cursor() as cur:
        cur.execute(_CREAR_SQL, [datos.id, datos.tipo, datos.debito_id, datos.credito_id, datos.monto, datos.codigo,
                                 datos.descripcion, datos.referencia, datos.timeout,
                                 fecha if fecha is not None else timezone.now(), fecha is not None])
        (estado, tipo, debito_id, credito_id, monto, pendiente_id, codigo, descripcion, referencia, timeout,
         expira, cuando) = cur.fetchone()
    if estado == "no_existe":
        raise TransferenciaInvalida(_("La cuenta no existe."))
    if estado == "fondos":
        raise FondosInsuficientes()
    if estado == "fecha":
        raise FechaRetrocede()
    t = Transferencia(id=datos.id, tipo=tipo, debito_id=debito_id, credito_id=credito_id, monto=monto,
                      pendiente_id=pendiente_id, codigo=codigo, descripcion=descripcion, referencia=referencia,
                      timeout=timeout, expira=expira, fecha=cuando)
    t._state.adding, t._state.db = False, connection.alias
    if estado == "existe":
        if not datos.igual_a(t):
            raise ExisteConOtrosDatos()
        return Resultado(t, nueva=False)
    return Resultado(t, nueva=True)


def crear_transferencia(id: str, *, debito: Cuenta | int, credito: Cuenta | int, monto: Decimal | int | str,
                        codigo: int = 0, descripcion: str = "", referencia: str = "", pendiente: bool = False,
                        timeout: int = 0, fecha: dt.datetime | None = None) -> Resultado:
    """Debit `debito` and credit `credito` by `monto`, posted now or held (`pendiente`).

    A pending transfer reserves the amount (debits/credits pending) until it is
    posted, voided or, after `timeout` seconds (0 = never), expires.
    """
    datos = _Datos(id=_id(id), tipo=T.PENDIENTE if pendiente else T.SIMPLE, debito_id=_pk(debito),
                   credito_id=_pk(credito), monto=_monto(monto), codigo=codigo, descripcion=descripcion[:120],
                   referencia=referencia[:40], timeout=timeout if pendiente else 0)
    if datos.debito_id == datos.credito_id:
        raise TransferenciaInvalida(_("La cuenta débito y la cuenta crédito deben ser distintas."))
    if connection.vendor == "postgresql":
        return _crear_en_postgresql(datos, fecha)

    def ejecutar() -> Resultado:
        cuentas, previo = _bloquear([datos.debito_id, datos.credito_id], datos)
        if previo is not None:
            return previo
        if len(cuentas) != 2:
            raise TransferenciaInvalida(_("La cuenta no existe."))
        d, c = cuentas[datos.debito_id], cuentas[datos.credito_id]
        if d.debitos_no_exceden_creditos and (
            d.debitos_posteados + d.debitos_pendientes + datos.monto > d.creditos_posteados + d.limite
        ):
            raise FondosInsuficientes()
        cuando = _fecha((d, c), fecha)
        if pendiente:
            d.debitos_pendientes += datos.monto
            c.creditos_pendientes += datos.monto
        else:
            d.debitos_posteados += datos.monto
            c.creditos_posteados += datos.monto
        t = Transferencia.objects.create(
            id=datos.id, tipo=datos.tipo, debito=d, credito=c, monto=datos.monto, codigo=codigo,
            descripcion=datos.descripcion, referencia=datos.referencia, timeout=datos.timeout, fecha=cuando,
            expira=cuando + dt.timedelta(seconds=timeout) if pendiente and timeout else None,
        )
        if not pendiente:
            _postear(t, d, c, datos.descripcion, datos.referencia)
        _guardar(d, c)
        return Resultado(t, nueva=True)

    return _con_idempotencia(datos, ejecutar)


def _resolver(id: str, pendiente_id: str, tipo: str, *, monto: Decimal | int | str | None = None,
              descripcion: str = "", referencia: str = "", ahora: dt.datetime | None = None) -> Resultado:
    pend = Transferencia.objects.filter(pk=pendiente_id, tipo=T.PENDIENTE).first()
    if pend is None:
        raise PendienteNoEncontrada()
    valor = pend.monto if monto is None else _monto(monto)
    datos = _Datos(id=_id(id) if tipo != T.EXPIRACION else id, tipo=tipo, debito_id=pend.debito_id,
                   credito_id=pend.credito_id, monto=valor, pendiente_id=pend.pk, codigo=pend.codigo,
                   descripcion=(descripcion or pend.descripcion)[:120],
                   referencia=(referencia or pend.referencia)[:40])

    def ejecutar() -> Resultado:
        cuentas, previo = _bloquear([pend.debito_id, pend.credito_id], datos)
        if previo is not None:
            return previo
        # Under the same locks as any other resolution of this pending transfer.
        if Transferencia.objects.filter(pendiente_id=pend.pk).exists():
            # Resolved by this very call, committed while we waited for the locks: a retry.
            if (previo := _existente(datos)) is not None:
                return previo
            raise PendienteYaResuelta()
        if valor > pend.monto:
            raise ExcedeMontoPendiente()
        cuando = ahora or timezone.now()
        if tipo != T.EXPIRACION and pend.expira is not None and pend.expira <= cuando:
            raise PendienteExpirada()
        d, c = cuentas[pend.debito_id], cuentas[pend.credito_id]
        d.debitos_pendientes -= pend.monto
        c.creditos_pendientes -= pend.monto
        if tipo == T.POSTEO:
            d.debitos_posteados += valor
            c.creditos_posteados += valor
        t = Transferencia.objects.create(
            id=datos.id, tipo=tipo, debito=d, credito=c, monto=valor, pendiente=pend, codigo=pend.codigo,
            descripcion=datos.descripcion, referencia=datos.referencia, fecha=_fecha((d, c), None),
        )
        if tipo == T.POSTEO:
            _postear(t, d, c, datos.descripcion, datos.referencia)
        _guardar(d, c)
        return Resultado(t, nueva=True)

    return _con_idempotencia(datos, ejecutar)


def postear_pendiente(id: str, pendiente_id: str, *, monto: Decimal | int | str | None = None,
                      descripcion: str = "", referencia: str = "") -> Resultado:
    """Post a pending transfer: all of it, or `monto` ≤ its amount (the rest is released)."""
    return _resolver(id, pendiente_id, T.POSTEO, monto=monto, descripcion=descripcion, referencia=referencia)


def anular_pendiente(id: str, pendiente_id: str) -> Resultado:
    """Void a pending transfer: its whole amount returns to the accounts."""
    return _resolver(id, pendiente_id, T.ANULACION)


def expirar_pendientes(ahora: dt.datetime | None = None, *, lote: int = 500) -> int:
    """Expire the pending transfers whose timeout has passed; returns how many."""
    ahora = ahora or timezone.now()
    vencidas = list(
        Transferencia.objects.filter(tipo=T.PENDIENTE, expira__lte=ahora, resolucion__isnull=True)
        .order_by("expira").values_list("pk", flat=True)[:lote]
    )
    n = 0
    for pk in vencidas:
        try:
            if _resolver(f"expira:{pk}", pk, T.EXPIRACION, ahora=ahora).nueva:
                n += 1
        except PendienteYaResuelta:
            continue  # posted or voided meanwhile
    return n


def totales() -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """(Σ debits posted, Σ credits posted, Σ debits pending, Σ credits pending) of the whole ledger."""
    s = Cuenta.objects.aggregate(dp=Sum("debitos_posteados"), cp=Sum("creditos_posteados"),
                                 dn=Sum("debitos_pendientes"), cn=Sum("creditos_pendientes"))
    return s["dp"] or CERO, s["cp"] or CERO, s["dn"] or CERO, s["cn"] or CERO
