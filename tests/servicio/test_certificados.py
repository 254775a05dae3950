"""Certificados y Referencias: a PDF certificate of a product the user may see, audited."""

from __future__ import annotations

import pytest

from auditoria.models import Evento
from tests.factories import crear_admin, crear_producto, login_portal

URL = "/servicio/certificados/"


@pytest.fixture
def cliente(client, tesorero):
    login_portal(client, tesorero)
    return client


def test_the_form_offers_the_users_products(cliente, origen, corriente, empresa):
    crear_producto(empresa, "CAHONoAsignada", "777000111")
    html = cliente.get(URL).content.decode()
    assert "CAHOAndres" in html and "CCTEAndina" in html and "CAHONoAsignada" not in html


def test_a_certificate_is_a_pdf_and_is_audited(cliente, tesorero, origen):
    r = cliente.post(URL, {"producto": origen.pk, "incluir_saldo": "on"})
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF") and origen.numero in r["Content-Disposition"]
    evento = Evento.objects.get(accion="CERTIFICADO_EMITIDO")
    assert evento.actor == tesorero and evento.detalles == {"producto": origen.numero, "tipo": "CAHO",
                                                            "incluir_saldo": True}


def test_no_product_chosen_is_a_message_next_to_the_field(cliente):
    r = cliente.post(URL, {"producto": ""})
    assert r.status_code == 200 and "Seleccione un producto." in r.content.decode()
    assert not Evento.objects.filter(accion="CERTIFICADO_EMITIDO").exists()


def test_an_unassigned_or_other_companys_product_is_404(cliente, empresa, otra_empresa):
    for producto in (crear_producto(empresa, "CAHONoAsignada", "777000111"),
                     crear_producto(otra_empresa, "CAHOValle", "888000111")):
        assert cliente.post(URL, {"producto": producto.pk}).status_code == 404
    assert cliente.post(URL, {"producto": 99999999}).status_code == 404
    assert not Evento.objects.filter(accion="CERTIFICADO_EMITIDO").exists()


def test_the_administrator_certifies_any_product_of_the_company(client, empresa, origen):
    admin = crear_admin(empresa)
    login_portal(client, admin)
    assert client.get(URL).status_code == 200
    assert client.post(URL, {"producto": origen.pk})["Content-Type"] == "application/pdf"


def test_outsider_administrator_gets_404(client, origen, admin_otra):
    login_portal(client, admin_otra)
    assert client.post(URL, {"producto": origen.pk}).status_code == 404


def test_the_certificate_states_holder_nit_product_balance_and_date(cliente, origen):
    import io

    from django.utils import timezone
    from pypdf import PdfReader

    from cuentas import ledger

    ledger.crear_transferencia("fondos-cert", debito=ledger.cuenta_banco("banco:caja"),
                               credito=ledger.cuenta_de_producto(origen), monto=1_234_567)
    texto = PdfReader(io.BytesIO(cliente.post(URL, {"producto": origen.pk, "incluir_saldo": "on"}).content)) \
        .pages[0].extract_text()
    for dato in ("Comercializadora Andina S.A.S.", "900123456-8", "Cuenta Ahorros", "015829393", "$1.234.567,00",
                 timezone.localdate().strftime("%Y/%m/%d")):
        assert dato in texto, dato
    sin_saldo = PdfReader(io.BytesIO(cliente.post(URL, {"producto": origen.pk}).content)).pages[0].extract_text()
    assert "$1.234.567,00" not in sin_saldo and "015829393" in sin_saldo
