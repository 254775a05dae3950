"""The ledger's guarantees, one by one (TigerBeetle's documented behaviour)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from cuentas import ledger
from cuentas.errores import (
    ExcedeMontoPendiente,
    ExisteConOtrosDatos,
    FechaRetrocede,
    FondosInsuficientes,
    PendienteExpirada,
    PendienteYaResuelta,
    TransferenciaInvalida,
)
from cuentas.models import Cuenta, Movimiento, Transferencia
from tests.cuentas.conftest import M, consignar

pytestmark = pytest.mark.django_db


def _fresca(cuenta: Cuenta) -> Cuenta:
    return Cuenta.objects.get(pk=cuenta.pk)


def test_same_id_twice_is_one_transfer_and_the_second_call_returns_the_first(cuentas, caja):
    primero = consignar(cuentas[0], 1000, "op-1", referencia="R1")
    segundo = consignar(cuentas[0], 1000, "op-1", referencia="R1")
    assert primero.nueva and not segundo.nueva
    assert segundo.transferencia.pk == primero.transferencia.pk
    assert Transferencia.objects.filter(pk="op-1").count() == 1
    assert _fresca(cuentas[0]).saldo == Decimal(1000)
    assert Movimiento.objects.filter(cuenta=cuentas[0]).count() == 1


def test_same_id_with_another_payload_is_refused(cuentas, caja):
    consignar(cuentas[0], 1000, "op-1")
    with pytest.raises(ExisteConOtrosDatos) as exc:
        consignar(cuentas[0], 2000, "op-1")
    assert exc.value.codigo == "exists_with_different_fields"
    with pytest.raises(ExisteConOtrosDatos):
        consignar(cuentas[1], 1000, "op-1")  # other accounts: caught by the unique key, same answer
    assert _fresca(cuentas[0]).saldo == Decimal(1000) and _fresca(cuentas[1]).saldo == 0


def test_overdraft_refused_by_code(cuentas, caja):
    consignar(cuentas[0], 500, "dep")
    with pytest.raises(FondosInsuficientes):
        ledger.crear_transferencia("pago", debito=cuentas[0], credito=cuentas[1], monto=Decimal("500.01"))
    ledger.crear_transferencia("pago", debito=cuentas[0], credito=cuentas[1], monto=Decimal(500))
    assert _fresca(cuentas[0]).saldo == 0 and _fresca(cuentas[1]).saldo == 500
    assert not Transferencia.objects.filter(debito=cuentas[0], monto=Decimal("500.01")).exists()


def test_overdraft_refused_by_the_database_constraint(cuentas, caja):
    consignar(cuentas[0], 500, "dep")
    # Bypass the ledger's code: the CHECK constraint alone must refuse the row.
    with pytest.raises(IntegrityError), transaction.atomic():
        Cuenta.objects.filter(pk=cuentas[0].pk).update(debitos_posteados=Decimal("500.01"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Cuenta.objects.filter(pk=cuentas[0].pk).update(debitos_pendientes=Decimal("500.01"))
    # The bank's own accounts carry no such flag: the cash account is negative by design.
    assert _fresca(caja).saldo == Decimal(-500)


def test_a_refused_transfer_leaves_the_callers_transaction_usable(cuentas, caja):
    # On PostgreSQL the transfer is one function call that answers a refusal with a
    # state, not a database error: the caller's transaction goes on without a savepoint.
    with transaction.atomic():
        consignar(cuentas[0], 100, "dep")
        with pytest.raises(FondosInsuficientes):
            ledger.crear_transferencia("x", debito=cuentas[0], credito=cuentas[1], monto=101)
        with pytest.raises(ExisteConOtrosDatos):
            consignar(cuentas[0], 101, "dep")
        ledger.crear_transferencia("y", debito=cuentas[0], credito=cuentas[1], monto=100)
    assert (_fresca(cuentas[0]).saldo, _fresca(cuentas[1]).saldo) == (0, 100)
    assert not Transferencia.objects.filter(pk="x").exists()


def test_credit_card_goes_down_to_minus_its_cupo_and_no_further(productos, caja):
    tarjeta = ledger.cuenta_de_producto(productos[2], cupo=10 * M)
    ledger.crear_transferencia("compra-1", debito=tarjeta, credito=caja, monto=6 * M)
    with pytest.raises(FondosInsuficientes):
        ledger.crear_transferencia("compra-2", debito=tarjeta, credito=caja, monto=4 * M + 1)
    ledger.crear_transferencia("compra-2", debito=tarjeta, credito=caja, monto=4 * M)
    s = ledger.saldo(tarjeta)
    assert (s.cupo, s.utilizado, s.disponible, s.total) == (10 * M, 10 * M, 0, -10 * M)
    with pytest.raises(FondosInsuficientes):
        ledger.cuenta_de_producto(productos[2], cupo=9 * M)  # below what is used
    with pytest.raises(IntegrityError), transaction.atomic():
        Cuenta.objects.filter(pk=tarjeta.pk).update(limite=9 * M)


def test_pending_then_post_moves_the_held_amount(cuentas, caja):
    consignar(cuentas[0], 1000, "dep")
    ledger.crear_transferencia("hold", debito=cuentas[0], credito=cuentas[1], monto=700, pendiente=True)
    a, b = _fresca(cuentas[0]), _fresca(cuentas[1])
    assert (a.saldo, a.retenido, a.disponible) == (1000, 700, 300)
    assert b.creditos_pendientes == 700 and b.saldo == 0
    with pytest.raises(FondosInsuficientes):  # held money is not available
        ledger.crear_transferencia("otro", debito=cuentas[0], credito=cuentas[1], monto=301)
    r = ledger.postear_pendiente("post", "hold")
    assert r.transferencia.tipo == Transferencia.Tipo.POSTEO and r.transferencia.monto == 700
    a, b = _fresca(cuentas[0]), _fresca(cuentas[1])
    assert (a.saldo, a.retenido, a.disponible) == (300, 0, 300)
    assert (b.saldo, b.creditos_pendientes) == (700, 0)
    assert ledger.postear_pendiente("post", "hold").nueva is False  # a retry
    with pytest.raises(PendienteYaResuelta):
        ledger.anular_pendiente("void", "hold")


def test_partial_post_releases_the_rest_and_cannot_exceed_the_hold(cuentas, caja):
    consignar(cuentas[0], 1000, "dep")
    ledger.crear_transferencia("hold", debito=cuentas[0], credito=cuentas[1], monto=700, pendiente=True)
    with pytest.raises(ExcedeMontoPendiente):
        ledger.postear_pendiente("post", "hold", monto=701)
    ledger.postear_pendiente("post", "hold", monto=200)
    a = _fresca(cuentas[0])
    assert (a.saldo, a.retenido, a.disponible) == (800, 0, 800)


def test_pending_then_void_restores_the_accounts(cuentas, caja):
    consignar(cuentas[0], 1000, "dep")
    ledger.crear_transferencia("hold", debito=cuentas[0], credito=cuentas[1], monto=700, pendiente=True)
    ledger.anular_pendiente("void", "hold")
    a, b = _fresca(cuentas[0]), _fresca(cuentas[1])
    assert (a.saldo, a.retenido, a.disponible) == (1000, 0, 1000)
    assert (b.saldo, b.creditos_pendientes) == (0, 0)
    assert not Movimiento.objects.filter(cuenta=b).exists()  # nothing posted, nothing on the statement
    with pytest.raises(PendienteYaResuelta):
        ledger.postear_pendiente("post", "hold")


def test_pending_expires_after_its_timeout(cuentas, caja):
    consignar(cuentas[0], 1000, "dep")
    ledger.crear_transferencia("hold", debito=cuentas[0], credito=cuentas[1], monto=700, pendiente=True,
                               timeout=60)
    assert ledger.expirar_pendientes() == 0  # not yet
    despues = timezone.now() + dt.timedelta(seconds=61)
    assert ledger.expirar_pendientes(despues) == 1
    assert ledger.expirar_pendientes(despues) == 0  # at most once
    a = _fresca(cuentas[0])
    assert (a.saldo, a.retenido) == (1000, 0)
    assert Transferencia.objects.get(pendiente_id="hold").tipo == Transferencia.Tipo.EXPIRACION
    with pytest.raises(PendienteYaResuelta):
        ledger.postear_pendiente("post", "hold")


def test_an_expired_hold_cannot_be_posted_even_before_the_sweep(cuentas, caja, monkeypatch):
    consignar(cuentas[0], 1000, "dep")
    ledger.crear_transferencia("hold", debito=cuentas[0], credito=cuentas[1], monto=700, pendiente=True,
                               timeout=1)
    futuro = timezone.now() + dt.timedelta(seconds=5)
    monkeypatch.setattr(timezone, "now", lambda: futuro)
    with pytest.raises(PendienteExpirada):
        ledger.postear_pendiente("post", "hold")


def test_invalid_transfers_are_refused(cuentas, caja):
    with pytest.raises(TransferenciaInvalida):
        consignar(cuentas[0], 0, "cero")
    with pytest.raises(TransferenciaInvalida):
        consignar(cuentas[0], Decimal("1.001"), "milesima")
    with pytest.raises(TransferenciaInvalida):
        ledger.crear_transferencia("misma", debito=cuentas[0], credito=cuentas[0], monto=1)
    with pytest.raises(TypeError):
        ledger.crear_transferencia("float", debito=caja, credito=cuentas[0], monto=1.5)
    assert not Transferencia.objects.exists()


def test_movements_are_numbered_and_carry_the_running_balance(cuentas, caja):
    consignar(cuentas[0], 1000, "a")
    ledger.crear_transferencia("b", debito=cuentas[0], credito=cuentas[1], monto=300)
    consignar(cuentas[0], 50, "c")
    filas = list(Movimiento.objects.filter(cuenta=cuentas[0]).order_by("n").values_list("n", "es_debito", "monto",
                                                                                         "saldo"))
    assert filas == [(1, False, 1000, 1000), (2, True, 300, 700), (3, False, 50, 750)]
    assert _fresca(cuentas[0]).movimientos == 3


def test_an_imported_date_may_not_go_back(cuentas, caja):
    hace = timezone.now() - dt.timedelta(days=10)
    consignar(cuentas[0], 1000, "a", fecha=hace)
    with pytest.raises(FechaRetrocede):
        consignar(cuentas[0], 1000, "b", fecha=hace - dt.timedelta(days=1))
    consignar(cuentas[0], 1000, "b", fecha=hace + dt.timedelta(days=1))


def test_transfers_and_movements_cannot_be_rewritten_by_the_orm(cuentas, caja):
    t = consignar(cuentas[0], 1000, "a").transferencia
    with pytest.raises(PermissionError):
        Transferencia.objects.filter(pk=t.pk).update(monto=1)
    with pytest.raises(PermissionError):
        Movimiento.objects.filter(cuenta=cuentas[0]).delete()


def test_transfers_are_append_only_in_postgresql(requiere_postgres, empresa):
    from tests.factories import crear_producto

    cuenta = ledger.cuenta_de_producto(crear_producto(empresa))
    consignar(cuenta, 1000, "a")
    for sql in ("UPDATE cuentas_transferencia SET monto = 1", "DELETE FROM cuentas_transferencia",
                "UPDATE cuentas_movimiento SET saldo = 0", "DELETE FROM cuentas_movimiento"):
        with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql)


def _sumas_cuadran() -> None:
    dp, cp, dn, cn = ledger.totales()
    assert dp == cp and dn == cn
    # And the rows agree with the movements they posted.
    for c in Cuenta.objects.all():
        ultimo = Movimiento.objects.filter(cuenta=c).order_by("-n").first()
        assert c.saldo == (ultimo.saldo if ultimo else 0)
        assert c.movimientos == (ultimo.n if ultimo else 0)


def correr_al_azar(semilla: int, n: int, cuentas: list[Cuenta], prefijo: str = "") -> dict[str, int]:
    """A seeded mix of posted, pending, posted-pending, voided and refused transfers (and retries)."""
    azar = random.Random(semilla)
    pendientes: list[str] = []
    cuenta_de: dict[str, int] = {"ok": 0, "rechazadas": 0}
    for i in range(n):
        tid = f"{prefijo}t{i}"
        d, c = azar.sample(cuentas, 2)
        monto = Decimal(azar.randint(1, 5_000_000)) / 100
        accion = azar.random()
        try:
            if accion < 0.1 and pendientes:
                ledger.postear_pendiente(tid, pendientes.pop(azar.randrange(len(pendientes))))
            elif accion < 0.2 and pendientes:
                ledger.anular_pendiente(tid, pendientes.pop(azar.randrange(len(pendientes))))
            elif accion < 0.35:
                ledger.crear_transferencia(tid, debito=d, credito=c, monto=monto, pendiente=True)
                pendientes.append(tid)
            else:
                ledger.crear_transferencia(tid, debito=d, credito=c, monto=monto)
                if accion > 0.95:  # a retry of the same call changes nothing
                    assert not ledger.crear_transferencia(tid, debito=d, credito=c, monto=monto).nueva
            cuenta_de["ok"] += 1
        except (FondosInsuficientes, PendienteYaResuelta):
            cuenta_de["rechazadas"] += 1
    return cuenta_de


def test_debits_equal_credits_after_a_seeded_random_run(productos, caja):
    cuentas = [ledger.cuenta_de_producto(p, cupo=Decimal(100_000)) for p in productos] + [
        caja, ledger.cuenta_banco("banco:nomina"), ledger.cuenta_banco("banco:compensacion:bancolombia")]
    for c in cuentas[:3]:
        consignar(c, 200_000, f"ini-{c.pk}")
    resultado = correr_al_azar(20240601, 2000, cuentas)
    assert resultado["ok"] > 1500 and resultado["rechazadas"] > 0
    _sumas_cuadran()
    for c in Cuenta.objects.filter(debitos_no_exceden_creditos=True):
        assert c.debitos_posteados + c.debitos_pendientes <= c.creditos_posteados + c.limite
