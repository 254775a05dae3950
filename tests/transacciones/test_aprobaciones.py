"""Aprobación de Operaciones and the home counter: who sees what (each approver rule on its
own, the same answer as the approval itself), the rows as the detail words them, paging
from both ends, and list pages whose number of queries does not grow with their rows."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from admin_usuarios.models import Perfil
from comun.errores import AccionRechazada
from tests.factories import login_portal
from tests.transacciones.conftest import M, capturar, topes
from topes.models import TopeUsuario
from transacciones import reglas, selectors
from transacciones.actions.operaciones import do_aprobar_operacion, do_rechazar_operacion
from transacciones.models import Operacion

pytestmark = pytest.mark.django_db
T = Operacion.Tipo


def _cliente(usuario) -> Client:
    c = Client()
    login_portal(c, usuario)
    return c


def _lista(usuario) -> set[Operacion]:
    return set(reglas.pendientes_para(usuario))


def _puede(op: Operacion, usuario) -> bool:
    """What the approval action itself accepts (its rule, not the list's)."""
    op.refresh_from_db()
    if op.estado != Operacion.Estado.POR_APROBAR or op.aprobaciones.filter(aprobador=usuario).exists():
        return False
    try:
        reglas.verificar_aprobador(op, usuario)
    except AccionRechazada:
        return False
    return True


@pytest.fixture
def operador_amplio(operador, origen, corriente):
    # Room to capture above an approver's per-transaction tope and from the current account too.
    topes(operador, origen, transaccion=100 * M, diario=1000 * M, mensual=10_000 * M)
    topes(operador, corriente, transaccion=100 * M, diario=1000 * M, mensual=10_000 * M)
    return operador


def test_within_the_approvers_tope_is_listed(operador_amplio, sup1, origen, corriente):
    op = capturar(operador_amplio, origen, corriente, monto=10 * M)  # sup1's tope is exactly 10 M
    assert _lista(sup1) == {op} and _puede(op, sup1)


def test_over_the_approvers_transaction_tope_is_not_listed(operador_amplio, sup1, origen, corriente):
    op = capturar(operador_amplio, origen, corriente, monto=10 * M + 1)
    assert _lista(sup1) == set() and not _puede(op, sup1)


def test_an_origin_not_assigned_to_the_approver_is_not_listed(operador_amplio, sup1, origen, corriente):
    op = capturar(operador_amplio, corriente, origen, monto=M)  # sup1 has CAHOAndres only
    assert _lista(sup1) == set() and not _puede(op, sup1)


def test_a_service_without_a_tope_for_the_approver_is_not_listed(operador_amplio, sup1, origen):
    TopeUsuario.objects.filter(asignacion__usuario=sup1, servicio__codigo="pagos-impuestos").delete()
    op = capturar(operador_amplio, origen, tipo=T.IMPUESTOS, formulario="490", numero_formulario="4910012345678")
    assert _lista(sup1) == set() and not _puede(op, sup1)


def test_what_i_captured_is_not_listed_even_for_ambos(ambos, sup1, origen, corriente):
    op = capturar(ambos, origen, corriente, monto=M)
    assert _lista(ambos) == set() and not _puede(op, ambos)
    assert _lista(sup1) == {op}


def test_what_i_already_approved_is_not_listed_but_awaits_the_other(operador, sup1, sup2, origen, corriente):
    op = capturar(operador, origen, corriente, monto=M)  # 2 approvals
    do_aprobar_operacion(op, actor=sup1)
    assert _lista(sup1) == set() and not _puede(op, sup1)
    assert _lista(sup2) == {op} and _puede(op, sup2)


def test_what_is_no_longer_por_aprobar_is_not_listed(operador, sup1, origen, corriente):
    op = capturar(operador, origen, corriente, monto=M)
    do_rechazar_operacion(op, motivo="Duplicada", actor=sup1)
    assert _lista(sup1) == set()


def test_without_the_approval_option_nothing_is_listed(operador, sup1, origen, corriente, perfiles):
    capturar(operador, origen, corriente, monto=M)
    Perfil.objects.filter(pk=perfiles["supervisor"].pk).update(opciones=["consulta_saldos"])
    sup1.perfil.refresh_from_db()
    assert _lista(sup1) == set()


def test_another_companys_approver_sees_nothing(operador, origen, corriente, admin_otra):
    capturar(operador, origen, corriente, monto=M)
    assert _lista(admin_otra) == set()


def test_the_list_is_what_the_approval_accepts(operador_amplio, sup1, sup2, ambos, origen, corriente):
    """All the cases together: the list and the action's rule agree on every operation."""
    ops = [capturar(operador_amplio, origen, corriente, monto=M), capturar(operador_amplio, origen, corriente,
                                                                            monto=50 * M),
           capturar(operador_amplio, corriente, origen, monto=M), capturar(ambos, origen, corriente, monto=M)]
    do_aprobar_operacion(ops[0], actor=sup2)
    for u in (sup1, sup2, ambos):
        assert _lista(u) == {op for op in ops if _puede(op, u)}, u.username
        assert selectors.contar_por_aprobar(u) == len(_lista(u))


def test_rows_word_each_operation_as_its_detail_does(operador, sup1, origen, corriente, beneficiario):
    ops = [capturar(operador, origen, corriente, monto=M),
           capturar(operador, origen, tipo=T.TERCEROS, beneficiario=beneficiario, monto=M),
           capturar(operador, origen, tipo=T.OTROS_BANCOS, beneficiario=beneficiario, monto=M),
           capturar(operador, origen, tipo=T.IMPUESTOS, formulario="490", numero_formulario="4910012345678", monto=M)]
    filas = {f.pk: f for f in selectors.pagina_por_aprobar(sup1, "1", 10)}
    assert set(filas) == {op.pk for op in ops}
    for op in Operacion.objects.filter(pk__in=[op.pk for op in ops]).select_related(*selectors.RELACIONES):
        f = filas[op.pk]
        assert (f.numero, f.tipo, f.origen, f.destino, f.monto, f.captor) == (
            op.numero, op.get_tipo_display(), str(op.origen), op.destino_texto, op.monto, op.captor.username)
        assert f.url == f"/transacciones/operaciones/{op.pk}/"
    body = _cliente(sup1).get("/transacciones/aprobaciones/").content.decode()
    assert "ProvCauca - Bancolombia 12345678901" in body and "No. 4910012345678" in body
    assert 'aria-label="Seleccionar la operación ' in body and f'value="{ops[0].pk}"' in body


@pytest.mark.parametrize("idioma, encabezados", [
    ("es", ["Seleccionar", "Operación", "Origen y destino", "Monto", "Fecha de aplicación", "Capturada por",
            "Aprobaciones"]),
    ("en", ["Select", "Operation", "Origin and destination", "Amount", "Application date", "Captured by",
            "Approvals"]),
])
def test_each_cells_phone_label_is_its_columns_header(operador, sup1, origen, corriente, idioma, encabezados):
    capturar(operador, origen, corriente, monto=M)
    c = _cliente(sup1)
    c.post("/i18n/idioma/", {"language": idioma, "next": "/inicio/"})
    body = c.get("/transacciones/aprobaciones/").content.decode()
    thead = re.search(r"<thead>(.*?)</thead>", body, re.S).group(1)
    assert [re.sub(r"<[^>]+>", "", th) for th in re.findall(r"<th scope=\"col\"[^>]*>(.*?)</th>", thead)] == encabezados
    assert re.findall(r'<td data-label="([^"]*)"', body) == encabezados
    assert '<span class="visually-hidden">' + encabezados[0] in thead  # read aloud, not shown


def test_pages_from_both_ends_follow_the_order(operador_amplio, sup1, origen, corriente, perfiles):
    Perfil.objects.filter(pk=perfiles["operador"].pk).update(aprobaciones=1)
    ops = [capturar(operador_amplio, origen, corriente, monto=1000 + i) for i in range(25)]
    esperado = [op.pk for op in sorted(ops, key=lambda o: (o.creada, o.pk))]
    vistas = []
    for numero in ("1", "2", "3"):
        pagina = selectors.pagina_por_aprobar(sup1, numero, 10)
        vistas += [f.pk for f in pagina]
        assert pagina.paginator.count == 25
    assert vistas == esperado
    assert [f.pk for f in selectors.pagina_por_aprobar(sup1, "99", 10)] == esperado[20:]  # past the end: the last
    assert [f.pk for f in selectors.pagina_por_aprobar(sup1, "x", 10)] == esperado[:10]
    body = _cliente(sup1).get("/transacciones/aprobaciones/?pagina=3").content.decode()
    assert "Mostrando registros 21 al 25 de un total de 25" in body


# --- queries that do not grow with the rows -------------------------------------------------------------

def _variadas(operador, origen, corriente, beneficiario, n: int) -> None:
    """Operations of every kind of destination, so a per-row relation would show."""
    tipos = [dict(destino=corriente), dict(tipo=T.TERCEROS, beneficiario=beneficiario),
             dict(tipo=T.IMPUESTOS, formulario="490", numero_formulario="4910012345678")]
    while Operacion.objects.count() < n:
        capturar(operador, origen, monto=1000, **tipos[Operacion.objects.count() % 3])


def _consultas(c: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert c.get(url).status_code == 200
    return len(ctx)


@pytest.fixture
def flat(monkeypatch, operador, origen, perfiles):
    # Seeding can outlast the session's activity interval on a busy machine; its periodic
    # write is not the page's cost.
    monkeypatch.setattr("portal.middleware._ACTIVIDAD_GRANULARIDAD", 10**6)
    Perfil.objects.filter(pk=perfiles["operador"].pk).update(aprobaciones=1)
    topes(operador, origen, transaccion=M, diario=1000 * M, mensual=10_000 * M)


def test_approvals_pages_and_counter_queries_do_not_grow(flat, operador, sup1, origen, corriente, beneficiario):
    c = _cliente(sup1)
    cuentas = {}
    for n in (3, 30):
        _variadas(operador, origen, corriente, beneficiario, n)
        ultima = -(-n // 10)
        cuentas[n] = [_consultas(c, "/transacciones/aprobaciones/?ver=50"),
                      _consultas(c, f"/transacciones/aprobaciones/?pagina={ultima}"),
                      _consultas(c, "/inicio/")]
        assert f"de un total de {n}" in c.get("/transacciones/aprobaciones/").content.decode()
    assert cuentas[3] == cuentas[30]


def test_historico_queries_are_the_same_for_3_and_30(flat, operador, origen, corriente, beneficiario):
    c = _cliente(operador)
    cuentas = {}
    for n in (3, 30):
        _variadas(operador, origen, corriente, beneficiario, n)
        cuentas[n] = [_consultas(c, "/transacciones/historico/?ver=50"),
                      _consultas(c, f"/transacciones/historico/?pagina={-(-n // 10)}")]
    assert cuentas[3] == cuentas[30]
