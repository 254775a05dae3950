"""The one rule and the Colombian amount formats."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from comun.dinero import formato_cop
from topes.rules import Montos, errores_montos, parse_monto, validar_montos


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


# --- word for word (the survivors of the first full mutmut run) ---------------------------------


def _es(funcion, *args, **kwargs):
    from django.utils import translation

    with translation.override("es"):
        return funcion(*args, **kwargs)


def test_each_rule_names_its_field_and_says_why():
    D = Decimal
    assert _es(errores_montos, Montos(D(-1), D(5), D(-3))) == {
        "transaccion": ["El monto no puede ser negativo."],
        "mensual": ["El monto no puede ser negativo."],
        "diario": ["Diario no puede ser mayor que Mensual."],
    }
    assert _es(errores_montos, Montos(D(5), D(2), D(9))) == {
        "transaccion": ["Transacción no puede ser mayor que Diario."]}


def test_over_the_ceiling_names_the_ceiling_and_its_amount():
    D = Decimal
    techo = Montos(D(100), D(1000), D(10000))
    assert _es(errores_montos, Montos(D(100), D(1001), D(10001)), techo) == {
        "diario": ["Supera el tope: $1.000,00."], "mensual": ["Supera el tope: $10.000,00."]}
    assert _es(errores_montos, Montos(D(101), D(1000), D(10000)), techo, "el monto de la empresa") == {
        "transaccion": ["Supera el monto de la empresa: $100,00."]}
    # A field that could not be read is skipped; the others still get their reasons.
    assert _es(errores_montos, Montos(None, D(1001), None), techo) == {"diario": ["Supera el tope: $1.000,00."]}


def test_validar_montos_raises_the_same_errors_by_field():
    D = Decimal
    techo = Montos(D(100), D(1000), D(10000))
    _es(validar_montos, Montos(D(100), D(1000), D(10000)), techo)  # at the ceiling: fine
    with pytest.raises(ValidationError) as e:
        _es(validar_montos, Montos(D(101), D(50), D(10000)), techo, "el monto de la empresa")
    assert {c: [str(m) for m in ms] for c, ms in e.value.message_dict.items()} == {
        "transaccion": ["Transacción no puede ser mayor que Diario.", "Supera el monto de la empresa: $100,00."]}


@pytest.mark.parametrize("texto", ["1\u00a0500\u00a0000", "\u00a01.500.000\u00a0", "1 500 000"])
def test_non_breaking_and_plain_spaces_inside_an_amount_are_ignored(texto):
    assert parse_monto(texto) == Decimal("1500000.00")


@pytest.mark.parametrize("texto", ["-5", "(5)", "5-", "1.000-", "$-1.000"])
def test_any_minus_sign_or_accounting_parenthesis_is_negative(texto):
    with pytest.raises(ValidationError) as e:
        _es(parse_monto, texto)
    assert e.value.code == "negativo"
    assert e.value.messages == ["El monto no puede ser negativo."]


@pytest.mark.parametrize("texto, codigo, mensaje", [
    ("-1000", "negativo", "El monto no puede ser negativo."),
    ("12abc", "invalido", "Ingrese solo números, por ejemplo 1.500.000 o 1.500.000,50."),
    ("1,000,000", "invalido", "Use la coma solo para los decimales, por ejemplo 1.500.000,50."),
    ("1.500,", "invalido", "Faltan los decimales después de la coma."),
    ("1000,123", "decimales", "El monto admite máximo dos decimales."),
    ("1,5x", "invalido", "Ingrese solo números, por ejemplo 1.500.000 o 1.500.000,50."),
    # A letter among grouped digits is a letter first, not a misplaced dot.
    ("1.5x0", "invalido", "Ingrese solo números, por ejemplo 1.500.000 o 1.500.000,50."),
    ("1,.5", "invalido", "Ingrese solo números, por ejemplo 1.500.000 o 1.500.000,50."),  # a dot among the cents
    (",50", "invalido", "Ingrese solo números, por ejemplo 1.500.000 o 1.500.000,50."),  # cents without pesos
    ("1.50.000", "invalido", "Los puntos separan miles de tres en tres, por ejemplo 1.500.000."),
    ("99999999999999999", "grande", "El monto es demasiado grande."),
    ("1" * 40, "grande", "El monto es demasiado grande."),  # beyond Decimal's precision: still just too big
    ("١٢٣", "invalido", "Ingrese solo números, por ejemplo 1.500.000 o 1.500.000,50."),  # other digits
])
def test_each_refusal_has_its_code_and_its_words(texto, codigo, mensaje):
    with pytest.raises(ValidationError) as e:
        _es(parse_monto, texto)
    assert (e.value.code, e.value.messages) == (codigo, [mensaje])


@pytest.mark.parametrize("texto, esperado", [("1500.5", "1500.50"), ("1500.50", "1500.50"), ("1.500", "1500.00"),
                                             ("1.500,5", "1500.50")])
def test_a_lone_dot_with_one_or_two_digits_is_the_decimal_point_three_digits_group_thousands(texto, esperado):
    assert parse_monto(texto) == Decimal(esperado)


def test_montos_from_a_mapping_read_missing_or_blank_as_zero():
    assert Montos.de({"transaccion": "10", "diario": "", "mensual": None}) == Montos(Decimal(10), Decimal(0),
                                                                                      Decimal(0))
    assert Montos.de({"diario": Decimal("2.5")}) == Montos(Decimal(0), Decimal("2.50"), Decimal(0))
    assert Montos.de(None) == Montos()


@pytest.mark.parametrize("valor, texto", [(Decimal("0.005"), "$0,01"), (Decimal("2.125"), "$2,13"),
                                          (Decimal("-2.125"), "-$2,13")])
def test_display_rounds_half_cents_up_away_from_zero(valor, texto):
    assert formato_cop(valor) == texto


def test_the_largest_amount_is_accepted_and_shown_back():
    assert parse_monto("9.999.999.999.999.999,99") == Decimal("9999999999999999.99")
    assert formato_cop(Decimal("9999999999999999.99")) == "$9.999.999.999.999.999,99"


@pytest.mark.parametrize("valor, texto", [(Decimal("1234567.5"), "1.234.567,50"), (0, "0,00"),
                                          (Decimal("-1500"), "-1.500,00")])
def test_amount_without_the_peso_sign(valor, texto):
    assert formato_cop(valor, simbolo=False) == texto
