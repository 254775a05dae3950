"""The Transacciones screens: capture with token, approvals (one and bulk), detail, histórico,
comprobante, Inscripción de Cuentas, the home counter — and tenancy on every one of them."""

from __future__ import annotations

import io
import uuid

import pytest
from django.test import Client
from openpyxl import load_workbook
from pypdf import PdfReader

from admin_usuarios.models import Perfil
from tests.factories import codigo_fresco, crear_producto, login_portal
from tests.transacciones.conftest import M, capturar, topes
from transacciones.actions.operaciones import do_aprobar_operacion, hoy
from transacciones.models import Beneficiario, Operacion

pytestmark = pytest.mark.django_db
E = Operacion.Estado


def _cliente(usuario) -> Client:
    c = Client()
    login_portal(c, usuario)
    return c


def _datos(origen, corriente, **extra) -> dict:
    return {"origen": origen.pk, "destino": corriente.pk, "monto": "1.500.000", "fecha": hoy().strftime("%Y/%m/%d"),
            "referencia": "FAC-1020", "clave": str(uuid.uuid4()), **extra}


# --- capture ---------------------------------------------------------------------------------------------

def test_capture_with_the_token_makes_a_por_aprobar_operation(operador, origen, corriente, fondos):
    c = _cliente(operador)
    r = c.get("/transacciones/transferencias/internas/")
    assert r.status_code == 200 and 'name="clave"' in r.content.decode()
    r = c.post("/transacciones/transferencias/internas/",
               _datos(origen, corriente, codigo_token=codigo_fresco(operador.device)))
    op = Operacion.objects.get()
    assert r.status_code == 302 and r.url == f"/transacciones/operaciones/{op.pk}/"
    assert op.estado == E.POR_APROBAR and op.monto == 1_500_000 and op.referencia == "FAC-1020"
    body = c.get(r.url).content.decode()
    assert "Por Aprobar" in body and "$1.500.000,00" in body


def test_posting_the_same_form_again_shows_the_first_operation(operador, origen, corriente, fondos):
    c = _cliente(operador)
    datos = _datos(origen, corriente, codigo_token=codigo_fresco(operador.device))
    primera = c.post("/transacciones/transferencias/internas/", datos)
    segunda = c.post("/transacciones/transferencias/internas/", datos)
    assert Operacion.objects.count() == 1 and primera.url == segunda.url


def test_a_wrong_code_keeps_everything_typed(operador, origen, corriente):
    c = _cliente(operador)
    r = c.post("/transacciones/transferencias/internas/", _datos(origen, corriente, codigo_token="000000"))
    body = r.content.decode()
    assert r.status_code == 200 and not Operacion.objects.exists()
    assert "no es válido" in body and 'value="1.500.000"' in body and 'value="FAC-1020"' in body


def test_over_the_topes_the_message_is_next_to_the_amount(operador, origen, corriente):
    c = _cliente(operador)
    r = c.post("/transacciones/transferencias/internas/",
               _datos(origen, corriente, monto="11.000.000", codigo_token=codigo_fresco(operador.device)))
    body = r.content.decode()
    assert "id_monto_error" in body and "tope por transacción" in body and 'value="11.000.000"' in body
    assert not Operacion.objects.exists()


def test_capture_screens_are_forbidden_without_the_option_and_to_the_administrator(operador, admin, perfiles):
    Perfil.objects.filter(pk=perfiles["operador"].pk).update(opciones=["transferencias"])
    c = _cliente(operador)
    assert c.get("/transacciones/transferencias/internas/").status_code == 200
    assert c.get("/transacciones/pagos/terceros/").status_code == 403
    assert c.get("/transacciones/pagos/impuestos/").status_code == 403
    assert c.get("/transacciones/aprobaciones/").status_code == 403
    a = _cliente(admin)
    for url in ("/transacciones/transferencias/internas/", "/transacciones/aprobaciones/",
                "/transacciones/inscripcion-cuentas/"):
        assert a.get(url).status_code == 403
    menu = a.get("/inicio/").content.decode()
    assert "Histórico de Transacciones" in menu and "Aprobación de Operaciones" not in menu


def test_tax_and_third_party_screens(operador, origen, beneficiario):
    c = _cliente(operador)
    r = c.post("/transacciones/pagos/impuestos/", {
        "origen": origen.pk, "formulario": "490", "numero_formulario": "4910012345678", "monto": "2.000.000",
        "fecha": hoy().strftime("%Y/%m/%d"), "clave": str(uuid.uuid4()), "codigo_token": codigo_fresco(operador.device)})
    assert r.status_code == 302
    body = c.get("/transacciones/pagos/terceros/").content.decode()
    assert "ProvCauca" in body
    assert "ProvCauca" in c.get("/transacciones/transferencias/otros-bancos/").content.decode()


# --- approvals -----------------------------------------------------------------------------------------

def test_home_counter_links_to_what_awaits_me(operador, sup1, origen, corriente):
    capturar(operador, origen, corriente)
    body = _cliente(sup1).get("/inicio/").content.decode()
    assert "Usted tiene 1 Autorización(es)" in body and 'href="/transacciones/aprobaciones/"' in body
    assert "Usted tiene 0 Autorización(es)" in _cliente(operador).get("/inicio/").content.decode()


def test_approve_from_the_detail_with_the_token(operador, sup1, sup2, origen, corriente, fondos, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a wrong code first, then the right one at once
    op = capturar(operador, origen, corriente)
    c = _cliente(sup1)
    body = c.get(f"/transacciones/operaciones/{op.pk}/").content.decode()
    assert "Aprobar" in body and "Motivo del rechazo" in body and "Cancelar operación" not in body
    r = c.post(f"/transacciones/operaciones/{op.pk}/aprobar/", {"codigo_token": "000000"})
    assert r.status_code == 200 and "no es válido" in r.content.decode()
    r = c.post(f"/transacciones/operaciones/{op.pk}/aprobar/", {"codigo_token": codigo_fresco(sup1.device)})
    assert r.status_code == 302
    r = _cliente(sup2).post(f"/transacciones/operaciones/{op.pk}/aprobar/",
                            {"codigo_token": codigo_fresco(sup2.device)}, follow=True)
    assert "Ejecutada" in r.content.decode()
    op.refresh_from_db()
    assert op.estado == E.EJECUTADA


def test_bulk_approval_with_one_code(operador, sup1, origen, corriente, fondos, perfiles):
    Perfil.objects.filter(pk=perfiles["operador"].pk).update(aprobaciones=1)
    ops = [capturar(operador, origen, corriente, monto=M) for _i in range(3)]
    c = _cliente(sup1)
    body = c.get("/transacciones/aprobaciones/").content.decode()
    assert all(op.numero in body for op in ops) and "occi-apilable" in body
    r = c.post("/transacciones/aprobaciones/aprobar/", {"operaciones": [o.pk for o in ops[:2]],
                                                         "codigo_token": codigo_fresco(sup1.device)}, follow=True)
    assert "2 operación(es) aprobada(s)" in r.content.decode()
    estados = dict(Operacion.objects.values_list("pk", "estado"))
    assert [estados[o.pk] for o in ops] == [E.EJECUTADA, E.EJECUTADA, E.POR_APROBAR]


def test_bulk_approval_reports_each_refusal(operador, sup1, ambos, origen, corriente, fondos):
    mia = capturar(sup1 if False else ambos, origen, corriente, monto=M)  # captured by ambos
    otra = capturar(operador, origen, corriente, monto=M)
    c = _cliente(ambos)
    r = c.post("/transacciones/aprobaciones/aprobar/", {"operaciones": [mia.pk, otra.pk],
                                                         "codigo_token": codigo_fresco(ambos.device)}, follow=True)
    body = r.content.decode()
    assert "1 operación(es) aprobada(s)" in body and "no puede aprobarla" in body


def test_reject_with_a_reason_and_the_token(operador, sup1, origen, corriente):
    op = capturar(operador, origen, corriente)
    c = _cliente(sup1)
    r = c.post(f"/transacciones/operaciones/{op.pk}/rechazar/", {"motivo": "", "codigo_token": "123456"})
    assert "Indique el motivo" in r.content.decode()
    r = c.post(f"/transacciones/operaciones/{op.pk}/rechazar/",
               {"motivo": "Valor errado", "codigo_token": codigo_fresco(sup1.device)})
    assert r.status_code == 302
    op.refresh_from_db()
    assert op.estado == E.RECHAZADA and op.motivo == "Valor errado" and op.reserva is None


def test_the_captor_cancels_from_the_detail(operador, origen, corriente):
    op = capturar(operador, origen, corriente)
    c = _cliente(operador)
    assert "Cancelar operación" in c.get(f"/transacciones/operaciones/{op.pk}/").content.decode()
    c.post(f"/transacciones/operaciones/{op.pk}/cancelar/")
    op.refresh_from_db()
    assert op.estado == E.CANCELADA


def test_comprobante_of_an_executed_operation(operador, sup1, sup2, origen, corriente, fondos):
    op = capturar(operador, origen, corriente)
    c = _cliente(operador)
    assert c.get(f"/transacciones/operaciones/{op.pk}/comprobante/").status_code == 404
    do_aprobar_operacion(op, actor=sup1)
    do_aprobar_operacion(op, actor=sup2)
    r = c.get(f"/transacciones/operaciones/{op.pk}/comprobante/")
    assert r["Content-Type"] == "application/pdf"
    texto = "".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages)
    assert op.numero in texto and "$1.500.000,00" in texto and "suplopez" in texto


# --- histórico -------------------------------------------------------------------------------------------

def test_historico_filters_and_exports(operador, sup1, origen, corriente, admin):
    a = capturar(operador, origen, corriente, monto=M)
    b = capturar(operador, origen, corriente, monto=2 * M)
    do_aprobar_operacion(b, actor=sup1)
    from transacciones.actions.operaciones import do_cancelar_operacion

    do_cancelar_operacion(a, actor=operador)
    c = _cliente(operador)
    body = c.get("/transacciones/historico/?estado=CANCELADA").content.decode()
    assert a.numero in body and b.numero not in body
    r = c.get("/transacciones/historico/?exportar=excel")
    filas = list(load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
    assert len(filas) == 3 and {f[0] for f in filas[1:]} == {a.numero, b.numero}
    r = c.get("/transacciones/historico/?tipo=INTERNA&exportar=pdf")
    assert r["Content-Type"] == "application/pdf"
    # The administrator sees the company's operations.
    assert b.numero in _cliente(admin).get("/transacciones/historico/").content.decode()


def test_historico_excel_keeps_typed_text_as_text(operador, sup1, origen, beneficiario):
    """An alias that starts like a formula stays text; a rejection reason with a control
    character (pasted from a word processor) does not break the file."""
    from transacciones.actions.operaciones import do_rechazar_operacion

    Beneficiario.objects.filter(pk=beneficiario.pk).update(alias="=HYPERLINK(1)")
    op = capturar(operador, origen, tipo=Operacion.Tipo.TERCEROS, beneficiario=beneficiario, monto=M)
    do_rechazar_operacion(op, "Cuenta\x0b errada", actor=sup1)
    r = _cliente(operador).get("/transacciones/historico/?exportar=excel")
    assert r.status_code == 200
    fila = list(load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))[1]
    assert fila[4].startswith("'=HYPERLINK(1)") and fila[10] == "Cuenta errada"


def test_historico_queries_do_not_grow_with_rows(operador, origen, corriente, django_assert_max_num_queries,
                                                 perfiles):
    Perfil.objects.filter(pk=perfiles["operador"].pk).update(aprobaciones=1)
    topes(operador, origen, transaccion=M, diario=1000 * M, mensual=10_000 * M)
    c = _cliente(operador)
    for n in (3, 30):
        while Operacion.objects.count() < n:
            capturar(operador, origen, corriente, monto=1000)
        with django_assert_max_num_queries(12):
            assert c.get("/transacciones/historico/?ver=50").status_code == 200


# --- inscripción de cuentas ------------------------------------------------------------------------------

def test_a_beneficiary_is_registered_by_one_and_activated_by_another(operador, sup1, empresa):
    c = _cliente(operador)
    datos = {"titular": "Servicios del Pacífico", "tipo_identificacion": "NIT", "numero_identificacion": "900123456-1",
             "banco": "davivienda", "tipo_cuenta": "CCTE", "numero_cuenta": "4567000123", "alias": "Pacifico"}
    r = c.post("/transacciones/inscripcion-cuentas/", datos)
    assert "dígito de verificación" in r.content.decode() or "NIT" in r.content.decode()
    r = c.post("/transacciones/inscripcion-cuentas/", {**datos, "numero_identificacion": "900123456-8"})
    assert r.status_code == 302
    b = Beneficiario.objects.get()
    assert b.estado == Beneficiario.Estado.PENDIENTE
    # Not by the same person.
    Perfil.objects.filter(pk=operador.perfil_id).update(opciones=[*operador.perfil.opciones, "aprobaciones"])
    r = c.post(f"/transacciones/inscripcion-cuentas/{b.pk}/activar/", {"codigo_token": codigo_fresco(operador.device)},
               follow=True)
    assert "Otra persona" in r.content.decode()
    s = _cliente(sup1)
    r = s.post(f"/transacciones/inscripcion-cuentas/{b.pk}/activar/", {"codigo_token": codigo_fresco(sup1.device)})
    b.refresh_from_db()
    assert b.estado == Beneficiario.Estado.ACTIVO and b.activado_por == sup1


# --- tenancy ---------------------------------------------------------------------------------------------

@pytest.fixture
def extrano(otra_empresa):
    """A user of another company with every option, an Ambos, products and limits of their own."""
    from tests.transacciones.conftest import APRUEBA, CAPTURA
    from tests.transacciones.conftest import persona as _persona

    perfil = Perfil.objects.create(empresa=otra_empresa, nombre="Todo", tipo=Perfil.Tipo.AMBOS,
                                   opciones=CAPTURA + APRUEBA, aprobaciones=1)
    return _persona(otra_empresa, "extrano", perfil, crear_producto(otra_empresa, "CCTEValle", "112233445"))


def test_another_companys_user_gets_404_on_every_operation_and_beneficiary(operador, sup1, sup2, origen, corriente,
                                                                             fondos, beneficiario, extrano):
    por_aprobar = capturar(operador, origen, corriente)
    ejecutada = capturar(operador, origen, corriente)
    do_aprobar_operacion(ejecutada, actor=sup1)
    do_aprobar_operacion(ejecutada, actor=sup2)
    c = _cliente(extrano)
    for op in (por_aprobar, ejecutada):
        assert c.get(f"/transacciones/operaciones/{op.pk}/").status_code == 404
        assert c.get(f"/transacciones/operaciones/{op.pk}/comprobante/").status_code == 404
        for accion in ("aprobar", "rechazar", "cancelar"):
            assert c.post(f"/transacciones/operaciones/{op.pk}/{accion}/",
                          {"motivo": "x", "codigo_token": "123456"}).status_code == 404
    assert c.post("/transacciones/aprobaciones/aprobar/",
                  {"operaciones": [por_aprobar.pk], "codigo_token": "123456"}).status_code == 404
    assert c.get(f"/transacciones/inscripcion-cuentas/{beneficiario.pk}/activar/").status_code == 404
    assert c.post(f"/transacciones/inscripcion-cuentas/{beneficiario.pk}/inactivar/").status_code == 404
    # Lists and forms show nothing of the other company.
    for url in ("/transacciones/aprobaciones/", "/transacciones/historico/", "/transacciones/inscripcion-cuentas/",
                "/transacciones/pagos/terceros/", "/transacciones/transferencias/internas/"):
        body = c.get(url).content.decode()
        assert por_aprobar.numero not in body and "ProvCauca" not in body and "CAHOAndres" not in body, url
    for url in ("/transacciones/transferencias/otros-bancos/", "/transacciones/pagos/impuestos/"):
        body = c.get(url).content.decode()
        assert "ProvCauca" not in body and "CAHOAndres" not in body, url
    # Its operation numbers find nothing in Histórico, on the page or in the exports.
    for op in (por_aprobar, ejecutada):
        assert op.numero not in c.get(f"/transacciones/historico/?numero={op.pk}").content.decode()
        filas = list(load_workbook(io.BytesIO(c.get(f"/transacciones/historico/?numero={op.pk}&exportar=excel")
                                              .content)).active.iter_rows(values_only=True))
        assert len(filas) == 1  # the header only
        assert c.get(f"/transacciones/historico/?numero={op.pk}&exportar=pdf").status_code == 200
    assert "Usted tiene 0 Autorización(es)" in c.get("/inicio/").content.decode()
    # Nor by posting its products or beneficiaries into a capture form.
    r = c.post("/transacciones/pagos/terceros/", {"origen": origen.pk, "beneficiario": beneficiario.pk,
                                                  "monto": "1.000", "fecha": hoy().strftime("%Y/%m/%d"),
                                                  "clave": str(uuid.uuid4()), "codigo_token": "123456"})
    assert r.status_code == 200 and Operacion.objects.filter(captor=extrano).count() == 0


def test_a_colleague_without_the_origin_product_gets_404(operador, empresa, perfiles, origen, corriente):
    from tests.transacciones.conftest import persona as _persona

    otro = _persona(empresa, "supotro", perfiles["supervisor"], corriente)
    op = capturar(operador, origen, corriente)
    assert _cliente(otro).get(f"/transacciones/operaciones/{op.pk}/").status_code == 404
