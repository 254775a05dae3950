"""Each rule of transacciones.validacion, the one module Inscripción de Cuentas and every
row of a payment file use."""

from __future__ import annotations

from decimal import Decimal

import pytest

from transacciones import validacion as v


def _invalido(fn, *args) -> str:
    with pytest.raises(v.Invalido) as exc:
        fn(*args)
    return exc.value.mensaje


@pytest.mark.parametrize(("texto", "esperado"), [
    ("1.500.000,50", Decimal("1500000.50")), ("1500000.50", Decimal("1500000.50")), ("1500000,5", Decimal("1500000.50")),
    ("1.500", Decimal("1500.00")), ("$ 2.350.000", Decimal("2350000.00")), ("12", Decimal("12.00")),
    (1500.5, Decimal("1500.50")), (2000000, Decimal("2000000.00")),
])
def test_amount_accepts_colombian_and_plain_formats(texto, esperado):
    assert v.monto(texto) == esperado


@pytest.mark.parametrize("texto", ["1,5,0", "1.5.0", "abc", "1.500,505", "1500.505", "-3", "1.50.000", 12.345])
def test_amount_refuses_malformed_or_over_two_decimals(texto):
    assert "Valor inválido" in _invalido(v.monto, texto)


@pytest.mark.parametrize("texto", ["0", "0,00", 0])
def test_amount_must_be_positive(texto):
    assert "mayor que cero" in _invalido(v.monto, texto)


@pytest.mark.parametrize("valor", ["", "   ", None])
def test_empty_field_is_refused(valor):
    assert _invalido(v.requerido, valor) == "Campo vacío."
    assert _invalido(v.banco, valor) == "Campo vacío."


def test_bank_known_by_code_or_name_and_unknown_refused():
    assert v.banco("bancolombia") == "bancolombia"
    assert v.banco("Banco de Bogotá") == v.banco("BOGOTA") == "bogota"
    assert v.banco("Banco de Occidente") == "occidente"
    assert "Banco desconocido" in _invalido(v.banco, "Banco Inventado")


def test_account_type():
    assert v.tipo_cuenta("Ahorros") == v.tipo_cuenta("CAHO") == "CAHO"
    assert v.tipo_cuenta("Cuenta Corriente") == "CCTE"
    assert "Tipo de cuenta" in _invalido(v.tipo_cuenta, "Plazo fijo")


def test_account_number_has_the_banks_length_and_only_digits():
    assert v.numero_cuenta("20834567812", "bancolombia") == "20834567812"
    assert v.numero_cuenta("015829393", "occidente") == "015829393"
    assert v.numero_cuenta("20834567812.0", "bancolombia") == "20834567812"  # Excel's number
    assert "11 dígitos" in _invalido(v.numero_cuenta, "2083456781", "bancolombia")
    assert "9 dígitos" in _invalido(v.numero_cuenta, "0158293AB", "occidente")


def test_id_type():
    assert v.tipo_identificacion("nit") == "NIT"
    assert "Tipo de identificación" in _invalido(v.tipo_identificacion, "RUT")


def test_nit_check_digit_with_stdnum():
    assert v.numero_identificacion("900123456-8", "NIT") == "900123456-8"
    assert v.numero_identificacion("900.123.456-8", "NIT") == "900123456-8"
    assert "dígito de verificación" in _invalido(v.numero_identificacion, "900123456-7", "NIT")


@pytest.mark.parametrize(("tipo", "bueno", "malo"), [
    ("CC", "1012345678", "10123456789"), ("CC", "79.123.456", "AB12345"), ("TI", "1002003004", "12"),
    ("CE", "391007", "CE39A"), ("PA", "AB123456", "AB-12"),
])
def test_cc_ce_pa_formats(tipo, bueno, malo):
    assert v.numero_identificacion(bueno, tipo)
    assert "Número de identificación inválido" in _invalido(v.numero_identificacion, malo, tipo)


@pytest.mark.parametrize("texto", ["２００００００００１", "²³⁴⁵⁶⁷⁸⁹¹²³", "٢٠٠٠٠٠٠٠٠٠١"])
def test_numbers_are_ascii_digits_only(texto):
    """Digits of other scripts pass str.isdigit(); an account or identity number never has them."""
    assert "cuenta" in _invalido(v.numero_cuenta, texto, "bancolombia").lower()
    assert _invalido(v.numero_identificacion, texto[:8], "CC")
    assert _invalido(v.numero_identificacion, texto[:8], "CE")
