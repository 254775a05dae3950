"""The ledger under simultaneous calls, on real PostgreSQL (row locks, unique keys).

Each thread has its own database connection, as two gunicorn workers would.
"""

from __future__ import annotations

import threading
from decimal import Decimal

from django.db import connection

from cuentas import ledger
from cuentas.errores import FondosInsuficientes
from cuentas.models import Cuenta, Movimiento, Transferencia
from tests.cuentas.conftest import consignar
from tests.cuentas.test_ledger import _sumas_cuadran, correr_al_azar
from tests.factories import crear_empresa, crear_producto


def _en_hilos(funciones, timeout: float = 120) -> list[BaseException]:
    barrera = threading.Barrier(len(funciones))
    errores: list[BaseException] = []
    cerrojo = threading.Lock()

    def correr(f) -> None:
        try:
            barrera.wait()
            f()
        except BaseException as exc:  # noqa: BLE001 (reported to the test thread)
            with cerrojo:
                errores.append(exc)
        finally:
            connection.close()

    hilos = [threading.Thread(target=correr, args=(f,)) for f in funciones]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join(timeout)
        assert not h.is_alive(), "a thread is stuck (deadlock?)"
    return errores


def _cuentas(n: int) -> list[Cuenta]:
    empresa = crear_empresa()
    return [ledger.cuenta_de_producto(crear_producto(empresa, f"CAHO{i}", f"0158{i:05d}")) for i in range(n)]


def test_twenty_threads_with_the_same_id_make_one_transfer(requiere_postgres):
    (cuenta,) = _cuentas(1)
    resultados: list[ledger.Resultado] = []

    def llamar() -> None:
        resultados.append(consignar(cuenta, 1000, "deposito-unico", referencia="R"))

    assert _en_hilos([llamar] * 20) == []
    assert len(resultados) == 20 and sum(r.nueva for r in resultados) == 1
    assert {r.transferencia.pk for r in resultados} == {"deposito-unico"}
    assert Transferencia.objects.filter(pk="deposito-unico").count() == 1
    assert Cuenta.objects.get(pk=cuenta.pk).saldo == 1000
    assert Movimiento.objects.filter(cuenta=cuenta).count() == 1


def test_opposite_transfers_in_parallel_neither_deadlock_nor_drift(requiere_postgres):
    a, b = _cuentas(2)
    consignar(a, 100_000, "ini-a")
    consignar(b, 100_000, "ini-b")
    N = 150

    def de(origen, destino, prefijo):
        def mover() -> None:
            for i in range(N):
                ledger.crear_transferencia(f"{prefijo}{i}", debito=origen, credito=destino, monto=Decimal(7))
        return mover

    assert _en_hilos([de(a, b, "ab"), de(b, a, "ba"), de(a, b, "ab2-"), de(b, a, "ba2-")]) == []
    a, b = Cuenta.objects.get(pk=a.pk), Cuenta.objects.get(pk=b.pk)
    assert a.saldo == b.saldo == 100_000
    assert a.movimientos == b.movimientos == 1 + 4 * N
    _sumas_cuadran()
    # The running balances are a gapless chain on each account.
    for c in (a, b):
        anterior = Decimal(0)
        filas = Movimiento.objects.filter(cuenta=c).order_by("n").values_list("n", "es_debito", "monto", "saldo")
        for esperado, (n, es_debito, monto, saldo) in enumerate(filas, 1):
            anterior += -monto if es_debito else monto
            assert (n, saldo) == (esperado, anterior)


def test_concurrent_spending_never_overdraws(requiere_postgres):
    a, b = _cuentas(2)
    consignar(a, 1000, "ini")
    rechazos: list[int] = []

    def gastar(i: int):
        def f() -> None:
            try:
                ledger.crear_transferencia(f"g{i}", debito=a, credito=b, monto=Decimal(100))
            except FondosInsuficientes:
                rechazos.append(i)
        return f

    assert _en_hilos([gastar(i) for i in range(16)]) == []
    assert len(rechazos) == 6
    assert Cuenta.objects.get(pk=a.pk).saldo == 0


def test_debits_equal_credits_after_concurrent_random_runs(requiere_postgres):
    cuentas = _cuentas(4) + [ledger.cuenta_banco("banco:nomina"), ledger.cuenta_banco("banco:impuestos")]
    for c in cuentas[:4]:
        consignar(c, 200_000, f"ini-{c.pk}")
    conteos: list[dict] = []
    hilos = [lambda s=s: conteos.append(correr_al_azar(s, 400, cuentas, prefijo=f"h{s}-")) for s in range(4)]
    assert _en_hilos(hilos) == []
    assert sum(c["ok"] for c in conteos) > 1000
    _sumas_cuadran()
    for c in Cuenta.objects.filter(debitos_no_exceden_creditos=True):
        assert c.debitos_posteados + c.debitos_pendientes <= c.creditos_posteados + c.limite
