"""Extracto: Excel and PDF hold the whole period, with the right opening and closing balances."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from cuentas import ledger
from tests.cuentas.conftest import consignar
from tests.factories import login_portal

pytestmark = pytest.mark.django_db


@pytest.fixture
def periodo(cuentas, caja):
    """40 movements in the period, one before it and one after it (dates in Bogotá)."""
    cuenta = cuentas[0]
    hoy = timezone.localdate()
    desde, hasta = hoy - dt.timedelta(days=20), hoy - dt.timedelta(days=2)

    def a_las(dia: dt.date, minuto: int) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(dia, dt.time(9, 0))) + dt.timedelta(minutes=minuto)

    consignar(cuenta, 5000, "antes", referencia="ANTES", fecha=a_las(desde - dt.timedelta(days=1), 0))
    for i in range(40):
        dia = desde + dt.timedelta(days=i % 19)
        cuando = a_las(dia, i)
        if i % 3 == 0:
            ledger.crear_transferencia(f"p{i}", debito=cuenta, credito=caja, monto=Decimal(100 + i), fecha=max(
                cuando, ledger.Cuenta.objects.get(pk=cuenta.pk).ultimo_movimiento), referencia=f"EXT-{i:02d}")
        else:
            consignar(cuenta, Decimal(200 + i), f"c{i}", referencia=f"EXT-{i:02d}", fecha=max(
                cuando, ledger.Cuenta.objects.get(pk=cuenta.pk).ultimo_movimiento))
    consignar(cuenta, 777, "despues", referencia="DESPUES", fecha=a_las(hasta + dt.timedelta(days=1), 0))
    debitos = sum(Decimal(100 + i) for i in range(40) if i % 3 == 0)
    creditos = sum(Decimal(200 + i) for i in range(40) if i % 3)
    return {"cuenta": cuenta, "desde": desde, "hasta": hasta, "inicial": Decimal(5000),
            "final": Decimal(5000) - debitos + creditos, "debitos": debitos, "creditos": creditos}


def _filas(contenido: bytes) -> list[tuple]:
    hoja = load_workbook(io.BytesIO(contenido), read_only=True).active
    return [tuple(f) + (None,) * (6 - len(f)) for f in hoja.iter_rows(values_only=True)]


def _url(formato: str, p: dict) -> str:
    return (f"/consultas/extractos/{formato}/?producto={p['cuenta'].producto_id}"
            f"&desde={p['desde'].isoformat()}&hasta={p['hasta'].isoformat()}")


def test_excel_has_the_whole_period_and_its_balances(client, con_opciones, asignados, periodo):
    login_portal(client, con_opciones)
    r = client.get(_url("excel", periodo))
    assert r.status_code == 200 and r["Content-Disposition"].endswith('.xlsx"')
    filas = _filas(r.content)
    texto = [str(c) for f in filas for c in f if c is not None]
    assert "Comercializadora Andina S.A.S." in texto and "900123456-8" in texto
    refs = [f[2] for f in filas if isinstance(f[2], str) and f[2].startswith("EXT-")]
    assert refs == [f"EXT-{i:02d}" for i in range(40)]  # the whole period, oldest first
    assert "ANTES" not in texto and "DESPUES" not in texto
    etiquetas = {f[0]: f for f in filas if f and isinstance(f[0], str)}
    assert etiquetas["Saldo inicial"][1] == periodo["inicial"]
    assert etiquetas["Total débitos"][3] == periodo["debitos"]
    assert etiquetas["Total créditos"][4] == periodo["creditos"]
    assert etiquetas["Saldo final"][5] == periodo["final"]
    movimientos = [f for f in filas if isinstance(f[2], str) and f[2].startswith("EXT-")]
    assert movimientos[-1][5] == periodo["final"]  # the running balance ends at the closing balance


def test_pdf_is_a_statement_of_the_whole_period(client, con_opciones, asignados, periodo):
    from comun.dinero import formato_cop

    login_portal(client, con_opciones)
    r = client.get(_url("pdf", periodo))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    texto = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages)
    for esperado in ("Comercializadora Andina S.A.S.", "900123456-8", "Cuenta Ahorros CAHOAndres - 015829393",
                     f"{periodo['desde']:%Y/%m/%d} - {periodo['hasta']:%Y/%m/%d}", "Saldo inicial", "Saldo final",
                     formato_cop(periodo["inicial"]), formato_cop(periodo["final"]),
                     formato_cop(periodo["debitos"]), formato_cop(periodo["creditos"])):
        assert esperado in texto, esperado
    assert all(f"EXT-{i:02d}" in texto for i in range(40))
    assert "ANTES" not in texto and "DESPUES" not in texto


def test_empty_period_keeps_the_balance(client, con_opciones, asignados, periodo):
    login_portal(client, con_opciones)
    lejos = periodo["desde"] - dt.timedelta(days=200)
    p = {**periodo, "desde": lejos, "hasta": lejos + dt.timedelta(days=5)}
    filas = _filas(client.get(_url("excel", p)).content)
    etiquetas = {f[0]: f for f in filas if f and isinstance(f[0], str)}
    assert etiquetas["Saldo inicial"][1] == 0 and etiquetas["Saldo final"][5] == 0


def test_extractos_page_offers_both_formats(client, con_opciones, asignados):
    login_portal(client, con_opciones)
    body = client.get("/consultas/extractos/").content.decode()
    assert 'formaction="/consultas/extractos/excel/"' in body and 'formaction="/consultas/extractos/pdf/"' in body
    assert "CAHOAndres" in body and "CAHOFelipe" not in body


def test_typed_text_in_the_excel_is_text_and_never_breaks_it(client, con_opciones, asignados, cuentas, caja):
    """A reference (typed by whoever paid) that starts like a formula stays text; one with a
    control character (a vertical tab pasted from a word processor) does not break the file."""
    ledger.crear_transferencia("formula", debito=caja, credito=cuentas[0], monto=Decimal(1),
                               descripcion="Pago\x0b recibido", referencia="=HYPERLINK(\"x\")")
    hoy = timezone.localdate()
    login_portal(client, con_opciones)
    r = client.get(_url("excel", {"cuenta": cuentas[0], "desde": hoy, "hasta": hoy}))
    assert r.status_code == 200
    fila = next(f for f in _filas(r.content) if f[2] and "HYPERLINK" in str(f[2]))
    assert fila[1:3] == ("Pago recibido", "'=HYPERLINK(\"x\")")
