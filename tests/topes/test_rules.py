"""The one rule and the Colombian amount formats."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from topes.rules import Montos, errores_montos, formato_cop, parse_monto


@pytest.mark.parametrize(
    "texto, esperado",
    [
        ("1.500.000", "1500000.00"),
        ("1500000", "1500000.00"),
        ("1.500.000,50", "1500000.50"),
        ("1500000,5", "1500000.50"),
        ("$1.234.567,00", "1234567.00"),
        (" $ 2.000 ", "2000.00"),
        ("0", "0.00"),
        ("1500.5", "1500.50"),
        ("", "0.00"),
    ],
)
def test_parse_accepts_colombian_formats(texto, esperado):
    assert parse_monto(texto) == Decimal(esperado)


@pytest.mark.parametrize(
    "texto, mensaje",
    [
        ("-1000", "negativo"),
        ("-1.000,00", "negativo"),
        ("1.500.000,505", "dos decimales"),
        ("1000,123", "dos decimales"),
        ("12abc", "solo números"),
        ("mil", "solo números"),
        ("1e6", "solo números"),
        ("1.50.000", "miles"),
        ("1,000,000", "coma"),
        ("99999999999999999", "grande"),
    ],
)
def test_parse_rejects_negatives_letters_and_extra_decimals(texto, mensaje):
    with pytest.raises(ValidationError) as e:
        parse_monto(texto)
    assert mensaje in " ".join(e.value.messages)


def test_blank_can_mean_nothing():
    assert parse_monto("  ", vacio=None) is None


@pytest.mark.parametrize(
    "valor, texto",
    [(Decimal("1234567"), "$1.234.567,00"), (Decimal("0"), "$0,00"), (Decimal("999.5"), "$999,50"),
     (Decimal("1000000.05"), "$1.000.000,05")],
)
def test_display_format(valor, texto):
    assert formato_cop(valor) == texto
    assert parse_monto(texto) == valor  # what is shown can be typed back


def test_rule_transaction_le_daily_le_monthly():
    assert errores_montos(Montos(Decimal(1), Decimal(2), Decimal(3))) == {}
    assert "transaccion" in errores_montos(Montos(Decimal(5), Decimal(2), Decimal(9)))
    assert "diario" in errores_montos(Montos(Decimal(1), Decimal(10), Decimal(9)))
    assert errores_montos(Montos(Decimal(-1), Decimal(0), Decimal(0)))["transaccion"]
    assert errores_montos(Montos(Decimal(0), Decimal(0), Decimal(0))) == {}


def test_rule_each_field_within_the_level_above():
    techo = Montos(Decimal(10), Decimal(100), Decimal(1000))
    assert errores_montos(Montos(Decimal(10), Decimal(100), Decimal(1000)), techo) == {}
    errores = errores_montos(Montos(Decimal(11), Decimal(100), Decimal(1001)), techo, "el monto de la empresa")
    assert set(errores) == {"transaccion", "mensual"}
    assert "el monto de la empresa" in errores["mensual"][0] and "$1.000,00" in errores["mensual"][0]
    assert "diario" in errores_montos(Montos(Decimal(1), Decimal(101), Decimal(500)), techo)
