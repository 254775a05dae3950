"""Each row's reason is a code plus data rendered in the reader's language: every code of
the catalogue has its English, field names included; the English screen, error file (CSV)
and result file (Excel) show no Spanish reason; rows stored before the codes still render."""

from __future__ import annotations

import io
import re

import pytest
from django.test import Client
from django.utils.translation import override
from openpyxl import load_workbook

from archivos import motivos, validar
from archivos.actions.carga import do_aceptar_archivo
from archivos.models import Archivo, Fila
from tests.archivos.conftest import csv_bytes, fila, subir
from tests.factories import login_portal
from transacciones import validacion as v
from transacciones.actions.operaciones import do_aprobar_operacion

DATOS = {"b": "Bancolombia", "n": "11"}


def _en_es(codigo: str, datos: dict) -> tuple[str, str]:
    with override("en"):
        en = motivos.texto(codigo, datos)
    with override("es"):
        es = motivos.texto(codigo, datos)
    return en, es


def _fuente(plantilla) -> str:
    """The Spanish source of a catalogue entry without its placeholders (the words to look for)."""
    with override("es"):
        return re.sub(r"%\([a-z_]+\)s", "", str(plantilla))


@pytest.mark.parametrize("codigo", sorted(motivos.MOTIVOS))
def test_every_reason_code_has_its_english(codigo):
    en, es = _en_es(codigo, DATOS)
    assert en and en != es
    assert _fuente(motivos.MOTIVOS[codigo]).strip(" .:") not in en


@pytest.mark.parametrize("campo", sorted(motivos.CAMPOS))
def test_every_field_name_inside_a_reason_has_its_english(campo):
    en, es = _en_es("vacio", {"campo": campo})
    assert en != es and en.endswith(": Empty field.")
    assert not en.startswith(_fuente(motivos.CAMPOS[campo]) + ":")


@pytest.mark.parametrize(("codigo", "datos", "es", "en"), [
    ("banco_desconocido", {"campo": "banco", "b": "Banco Inventado"},
     "Banco: Banco desconocido: Banco Inventado.", "Bank: Unknown bank: Banco Inventado."),
    ("valor_formato", {"campo": "valor"},
     "Valor: Valor inválido: use 1.500.000,50 o 1500000.50.", "Amount: Invalid amount: use 1.500.000,50 or 1500000.50."),
    ("nit_invalido", {"campo": "numero_identificacion"},
     "Número Identificación: NIT inválido: revise el dígito de verificación (ej. 900123456-8).",
     "ID number: Invalid NIT: check the verification digit (e.g. 900123456-8)."),
    (motivos.CUENTA_CERRADA, {}, "Cuenta cerrada en la compensación del banco destino.",
     "Account closed at the destination bank clearing."),
    (motivos.DUPLICADA, {}, "Fila duplicada: misma identificación, cuenta, valor y referencia que una fila anterior.",
     "Duplicate row: same ID, account, amount and reference as an earlier row."),
])
def test_some_reasons_in_both_languages(codigo, datos, es, en):
    assert _en_es(codigo, datos) == (en, es)


@pytest.mark.parametrize(("regla", "args"), [
    (v.requerido, ("",)), (v.banco, ("Banco Inventado",)), (v.tipo_cuenta, ("Plazo",)),
    (v.numero_cuenta, ("123", "bancolombia")), (v.tipo_identificacion, ("XX",)),
    (v.numero_identificacion, ("900123456-1", "NIT")), (v.numero_identificacion, ("12", "CC")),
    (v.numero_identificacion, ("12", "CE")), (v.numero_identificacion, ("1", "PA")), (v.monto, ("abc",)),
    (v.monto, (12.345,)), (v.monto, ("0",)), (v.monto, ("99999999999999999",)),
    (v.cuenta_beneficiario, ()),
])
def test_every_rule_refusal_names_a_catalogue_code_and_keeps_its_text(regla, args):
    """Inscripción de Cuentas shows `mensaje` next to the field: the same text the code renders."""
    with override("es"), pytest.raises(v.Invalido) as exc:
        regla(*args) if args else regla(banco_codigo="bancolombia", tipo="X", numero="1")
    assert exc.value.codigo in motivos.MOTIVOS
    assert exc.value.mensaje == motivos.texto(exc.value.codigo, exc.value.datos)
    with override("en"), pytest.raises(v.Invalido) as exc_en:
        regla(*args) if args else regla(banco_codigo="bancolombia", tipo="X", numero="1")
    assert exc_en.value.mensaje != exc.value.mensaje


def test_a_row_stores_code_data_and_the_spanish_text_whatever_the_language():
    a = Archivo(pk=1)
    with override("en"):
        f = validar.fila(a, 2, fila(1, banco="Banco Inventado"))
    assert (f.motivo_codigo, f.motivo_datos) == ("banco_desconocido", {"campo": "banco", "b": "Banco Inventado"})
    assert f.motivo == "Banco: Banco desconocido: Banco Inventado."
    with override("en"):
        assert f.motivo_texto == "Bank: Unknown bank: Banco Inventado."


@pytest.mark.parametrize(("legado", "en"), [
    ("Banco: Banco desconocido: Banco Inventado.", "Bank: Unknown bank: Banco Inventado."),
    ("Valor: Campo vacío.", "Amount: Empty field."),
    ("Número de Cuenta: Número de cuenta inválido: en Bancolombia tiene 11 dígitos.",
     "Account number: Invalid account number: at Bancolombia it has 11 digits."),
    ("Fondos insuficientes en el producto origen.", "Insufficient funds in the source product."),
    ("Un texto que no es del catálogo", "Un texto que no es del catálogo"),
])
def test_rows_stored_before_the_codes_render_from_their_text(legado, en):
    f = Fila(motivo=legado)
    with override("en"):
        assert f.motivo_texto == en
    with override("es"):
        assert f.motivo_texto == legado


def _en(c: Client, idioma: str) -> Client:
    c.cookies["django_language"] = idioma
    return c


@pytest.mark.django_db(transaction=True)
def test_english_screen_error_file_and_result_file_show_english_reasons(operador, sup1, sup2, origen, fondos):
    filas = [fila(1), fila(2, banco="Banco Inventado"), fila(3, valor="1,5,0"), fila(1), fila(5, banco="occidente")]
    filas[-1][5] = "123450000"  # Occidente, ends in 0000: closed at the clearing
    a = subir(operador, origen, csv_bytes(filas))
    assert a.estado == Archivo.Estado.CON_ERRORES and a.erroneas == 3
    url = f"/transacciones/pagos-por-archivo/{a.pk}/"

    c = Client(raise_request_exception=False)
    login_portal(c, operador)  # one session: a second login of the same user ends the first
    en = _en(c, "en")
    body = en.get(url).content.decode()
    assert "Bank: Unknown bank: Banco Inventado." in body
    assert "Amount: Invalid amount: use 1.500.000,50 or 1500000.50." in body
    assert "Duplicate row: same ID" in body
    assert "Banco desconocido" not in body and "Valor inválido" not in body and "Fila duplicada" not in body
    es_body = _en(c, "es").get(url).content.decode()
    assert "Banco: Banco desconocido: Banco Inventado." in es_body and "Bank: Unknown bank" not in es_body

    r = _en(c, "en").get(url + "errores.csv")
    lineas = b"".join(r.streaming_content).decode("utf-8-sig").splitlines()
    assert lineas[0].startswith("Row;") and lineas[0].endswith(";Reason")
    assert lineas[1].startswith("3;") and lineas[1].endswith(";Bank: Unknown bank: Banco Inventado.")
    assert lineas[2].endswith(";Amount: Invalid amount: use 1.500.000,50 or 1500000.50.")
    assert lineas[3].startswith("5;") and "Duplicate row" in lineas[3]
    es_csv = b"".join(_en(c, "es").get(url + "errores.csv").streaming_content).decode("utf-8-sig")
    assert "Banco: Banco desconocido: Banco Inventado." in es_csv
    _en(c, "en")

    op = do_aceptar_archivo(a, actor=operador)
    do_aprobar_operacion(op, actor=sup1)
    do_aprobar_operacion(op, actor=sup2)
    r = en.get(url + "resultado.xlsx")
    filas_xlsx = list(load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
    assert filas_xlsx[0][0] == "Row" and filas_xlsx[0][9:11] == ("Status", "Reason")
    por_fila = {f[0]: f[9:11] for f in filas_xlsx[1:]}
    assert por_fila[2][0] == "Paid"
    assert por_fila[3] == ("With error", "Bank: Unknown bank: Banco Inventado.")
    assert por_fila[6] == ("Failed", "Account closed at the destination bank clearing.")
    body = en.get(url).content.decode()
    assert "Account closed at the destination bank clearing." in body and "Cuenta cerrada" not in body
    assert "1 row(s) of the file could not be paid." in body and "no se pudieron pagar" not in body
