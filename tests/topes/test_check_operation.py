"""`topes.check_operation`: every reason to say no, the ledger, and concurrency on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection

import topes
from admin_usuarios.models import Horario, ProductoAsignado
from tests.factories import crear_producto
from tests.topes.conftest import M, poner_tope
from topes import operaciones as op
from topes.models import Consumo

BOGOTA = dt.timezone(dt.timedelta(hours=-5))
# 2026-11-24 is a Tuesday, 2026-11-28 a Saturday, 2026-11-29 a Sunday,
# 2026-12-08 (Inmaculada Concepción) a Colombian holiday.
MARTES = dt.datetime(2026, 11, 24, 10, 0, tzinfo=BOGOTA)


@pytest.fixture
def tope(secundario, asignaciones, servicios, techos):
    return poner_tope(asignaciones[0], servicios["pagos-terceros"], 1 * M, 3 * M, 5 * M)


def _check(secundario, asignaciones, servicios, monto, when=MARTES, **kw):
    return topes.check_operation(secundario, asignaciones[0].producto, servicios["pagos-terceros"],
                                 Decimal(monto), when, **kw)


@pytest.mark.django_db
def test_allowed_reserves_in_ledger(secundario, asignaciones, servicios, tope):
    r = _check(secundario, asignaciones, servicios, 1 * M)
    assert r and r.motivo == op.PERMITIDA
    consumo = Consumo.objects.get()
    assert consumo.monto == 1 * M and consumo.fecha == dt.date(2026, 11, 24) and consumo.usuario == secundario


@pytest.mark.django_db
def test_the_limit_row_read_beforehand_is_the_one_used(secundario, asignaciones, servicios, tope):
    """`consulta_tope` reads the row `check_operation` would lock (the capture reads it with the
    schedule and the service): the same answer; a row of another service is refused."""
    from comun import filas

    leido = filas.leer_juntos(connection, op.consulta_tope(secundario, asignaciones[0].producto_id,
                                                           "pagos-terceros"))[0]
    assert (leido.pk, leido.producto_habilitado) == (tope.pk, True)
    r = _check(secundario, asignaciones, servicios, 4 * M, tope=leido)
    assert not r and r.motivo == op.EXCEDE_TRANSACCION
    assert _check(secundario, asignaciones, servicios, 1 * M, tope=leido)
    assert _check(secundario, asignaciones, servicios, 1 * M, tope=None).motivo == op.SIN_TOPE
    poner_tope(asignaciones[0], servicios["pagos-impuestos"], 1 * M, 3 * M, 5 * M)
    otro = filas.leer_juntos(connection, op.consulta_tope(secundario, asignaciones[0].producto_id,
                                                          "pagos-impuestos"))[0]
    with pytest.raises(ValueError):
        _check(secundario, asignaciones, servicios, 1 * M, tope=otro)


@pytest.mark.django_db
def test_dry_run_does_not_reserve(secundario, asignaciones, servicios, tope):
    assert _check(secundario, asignaciones, servicios, 1 * M, reservar=False)
    assert not Consumo.objects.exists()


@pytest.mark.django_db
def test_service_by_code(secundario, asignaciones, servicios, tope):
    assert topes.check_operation(secundario, asignaciones[0].producto.pk, "pagos-terceros", Decimal(1), MARTES)


@pytest.mark.django_db
def test_amount_must_be_positive(secundario, asignaciones, servicios, tope):
    r = _check(secundario, asignaciones, servicios, 0)
    assert not r and r.motivo == op.MONTO_INVALIDO


@pytest.mark.django_db
def test_inactive_service(secundario, asignaciones, servicios, tope):
    servicios["pagos-terceros"].activo = False
    servicios["pagos-terceros"].save(update_fields=["activo"])
    r = _check(secundario, asignaciones, servicios, 1)
    assert r.motivo == op.SERVICIO_INACTIVO


@pytest.mark.django_db
def test_product_not_assigned(secundario, empresa, servicios, tope):
    otro = crear_producto(empresa, "CAHOCarlos", "278823810")
    r = topes.check_operation(secundario, otro, servicios["pagos-terceros"], Decimal(1), MARTES)
    assert not r and r.motivo == op.PRODUCTO_NO_ASIGNADO and "no está asignado" in r.mensaje


@pytest.mark.django_db
def test_product_disabled_by_the_bank_is_refused_until_enabled_again(secundario, asignaciones, servicios, staff,
                                                                     tope):
    from admin_usuarios.actions.empresas import do_cambiar_habilitacion_producto

    producto = asignaciones[0].producto
    assert _check(secundario, asignaciones, servicios, 1, reservar=False)
    do_cambiar_habilitacion_producto(producto, False, actor=staff)
    r = _check(secundario, asignaciones, servicios, 1)
    assert not r and r.motivo == op.PRODUCTO_DESHABILITADO and "deshabilitó" in r.mensaje
    assert not Consumo.objects.exists()
    # The assignment and its limits were kept: enabling the product restores them as they were.
    do_cambiar_habilitacion_producto(producto, True, actor=staff)
    assert _check(secundario, asignaciones, servicios, 1)
    # Without limits for the service the answer is the same: the product comes first.
    sin_tope = asignaciones[1].producto
    do_cambiar_habilitacion_producto(sin_tope, False, actor=staff)
    r = topes.check_operation(secundario, sin_tope, servicios["pagos-terceros"], Decimal(1), MARTES)
    assert r.motivo == op.PRODUCTO_DESHABILITADO


@pytest.mark.django_db
def test_assigned_without_limit(secundario, asignaciones, servicios, tope):
    r = topes.check_operation(secundario, asignaciones[1].producto, servicios["pagos-terceros"], Decimal(1), MARTES)
    assert r.motivo == op.SIN_TOPE


@pytest.mark.django_db
def test_transaction_limit(secundario, asignaciones, servicios, tope):
    r = _check(secundario, asignaciones, servicios, 1 * M + 1)
    assert not r and r.motivo == op.EXCEDE_TRANSACCION and "$1.000.000,00" in r.mensaje
    assert not Consumo.objects.exists()


@pytest.mark.django_db
def test_daily_limit_counts_the_ledger(secundario, asignaciones, servicios, tope):
    for _ in range(3):
        assert _check(secundario, asignaciones, servicios, 1 * M)
    r = _check(secundario, asignaciones, servicios, 1)
    assert not r and r.motivo == op.EXCEDE_DIARIO and "$0,00" in r.mensaje
    # The next day the daily amount is free again.
    assert _check(secundario, asignaciones, servicios, 1 * M, MARTES + dt.timedelta(days=1))


@pytest.mark.django_db
def test_monthly_limit_counts_the_ledger(secundario, asignaciones, servicios, tope):
    for dia in range(3):
        for _ in range(2 if dia < 2 else 1):
            assert _check(secundario, asignaciones, servicios, 1 * M, MARTES + dt.timedelta(days=dia))
    r = _check(secundario, asignaciones, servicios, 1, MARTES + dt.timedelta(days=3))
    assert not r and r.motivo == op.EXCEDE_MENSUAL
    # A new month starts from zero (December 1st, 2026 is a Tuesday).
    assert _check(secundario, asignaciones, servicios, 1 * M, dt.datetime(2026, 12, 1, 9, tzinfo=BOGOTA))


@pytest.mark.django_db
def test_reassigning_a_product_does_not_reset_consumption(secundario, asignaciones, servicios, tope):
    for _ in range(3):
        assert _check(secundario, asignaciones, servicios, 1 * M)
    asignaciones[0].delete()
    nueva = ProductoAsignado.objects.create(usuario=secundario, producto=asignaciones[0].producto)
    poner_tope(nueva, servicios["pagos-terceros"], 1 * M, 3 * M, 5 * M)
    assert _check(secundario, asignaciones, servicios, 1).motivo == op.EXCEDE_DIARIO


@pytest.mark.django_db
@pytest.mark.parametrize(
    "bandera, cuando, palabra",
    [
        ("monetarias_sabado", dt.datetime(2026, 11, 28, 10, tzinfo=BOGOTA), "sábados"),
        ("monetarias_domingo", dt.datetime(2026, 11, 29, 10, tzinfo=BOGOTA), "domingos"),
        ("monetarias_festivo", dt.datetime(2026, 12, 8, 10, tzinfo=BOGOTA), "festivos"),
    ],
)
def test_day_not_allowed_for_monetary_operations(secundario, asignaciones, servicios, tope, bandera, cuando, palabra):
    assert _check(secundario, asignaciones, servicios, 1, cuando, reservar=False)
    Horario.objects.create(usuario=secundario, **{bandera: False})
    r = _check(secundario, asignaciones, servicios, 1, cuando)
    assert not r and r.motivo == op.DIA_NO_PERMITIDO and palabra in r.mensaje
    assert _check(secundario, asignaciones, servicios, 1, MARTES)


@pytest.mark.django_db
def test_company_schedule_applies_without_user_schedule(secundario, empresa, asignaciones, servicios, tope):
    Horario.objects.filter(empresa=empresa).update(monetarias_domingo=False)
    r = _check(secundario, asignaciones, servicios, 1, dt.datetime(2026, 11, 29, 10, tzinfo=BOGOTA))
    assert r.motivo == op.DIA_NO_PERMITIDO


@pytest.mark.postgres
def test_quota_never_exceeded_under_concurrency(requiere_postgres, secundario, asignaciones, servicios, tope):
    """N threads reserve 1 M each against a 3 M daily limit: exactly 3 succeed."""
    hilos_n = 10
    barrera = threading.Barrier(hilos_n)
    resultados: list[str] = []
    candado = threading.Lock()

    def reservar() -> None:
        try:
            barrera.wait()
            r = _check(secundario, asignaciones, servicios, 1 * M)
            with candado:
                resultados.append(r.motivo)
        finally:
            connection.close()

    hilos = [threading.Thread(target=reservar) for _ in range(hilos_n)]
    for h in hilos:
        h.start()
    for h in hilos:
        h.join()
    assert resultados.count(op.PERMITIDA) == 3
    assert resultados.count(op.EXCEDE_DIARIO) == hilos_n - 3
    assert Consumo.objects.filter(usuario=secundario).count() == 3
