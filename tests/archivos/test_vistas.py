"""The Pagos por Archivo screens: upload, detail with progress and errors, the JSON endpoint,
accept with the token, downloads — the profile option gate and tenancy on every one."""

from __future__ import annotations

import csv
import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from archivos.models import Archivo
from tests.archivos.conftest import _persona, csv_bytes, fila, subir
from tests.factories import codigo_fresco, crear_producto, login_portal
from transacciones.actions.operaciones import do_aprobar_operacion
from transacciones.models import Operacion

pytestmark = pytest.mark.django_db(transaction=True)


def _cliente(usuario) -> Client:
    c = Client(raise_request_exception=False)
    login_portal(c, usuario)
    return c


def _archivo(operador, origen, filas=None):
    return subir(operador, origen, csv_bytes(filas or [fila(1), fila(2), fila(3, banco="Banco Inventado")]))


def test_menu_entry_and_upload_screen(operador):
    c = _cliente(operador)
    r = c.get("/transacciones/pagos-por-archivo/")
    body = r.content.decode()
    assert r.status_code == 200 and "Pagos por Archivo" in body and 'enctype="multipart/form-data"' in body
    assert c.get("/inicio/").status_code == 200
    assert "/transacciones/pagos-por-archivo/" in c.get("/inicio/").content.decode()


@pytest.mark.parametrize("formato", ["csv", "xlsx"])
def test_template_downloads(operador, formato):
    r = _cliente(operador).get(f"/transacciones/pagos-por-archivo/plantilla.{formato}")
    assert r.status_code == 200 and "attachment" in r["Content-Disposition"]
    if formato == "xlsx":
        fila1 = next(load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
        assert fila1[0] == "Tipo Identificación" and fila1[-1] == "Referencia"
    else:
        assert r.content.decode("utf-8-sig").startswith("Tipo Identificación;Número Identificación")


def test_upload_by_the_screen_then_detail_progress_errors_accept_and_result(operador, sup1, sup2, origen, fondos,
                                                                           settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # a wrong code first, then the right one at once
    c = _cliente(operador)
    r = c.post("/transacciones/pagos-por-archivo/", {
        "tipo": "NOMINA", "origen": origen.pk, "clave": str(uuid.uuid4()),
        "archivo": SimpleUploadedFile("nomina.csv", csv_bytes([fila(1), fila(2), fila(3, banco="X")]))})
    a = Archivo.objects.get()
    assert r.status_code == 302 and r.url == f"/transacciones/pagos-por-archivo/{a.pk}/"
    body = c.get(r.url).content.decode()
    assert "Con errores" in body and "<progress" in body and "Banco desconocido" in body
    assert "Aceptar filas válidas" in body and "Cargar de nuevo" in body
    p = c.get(f"/transacciones/pagos-por-archivo/{a.pk}/progreso/").json()
    assert (p["hechas"], p["total"], p["erroneas"], p["en_proceso"]) == (3, 3, 1, False)
    err = c.get(f"/transacciones/pagos-por-archivo/{a.pk}/errores.csv")
    lineas = b"".join(err.streaming_content).decode("utf-8-sig").splitlines()
    assert len(lineas) == 2 and lineas[1].startswith("4;") and "Banco desconocido" in lineas[1]
    # The token code is required.
    r = c.post(f"/transacciones/pagos-por-archivo/{a.pk}/aceptar/", {"codigo_token": "000000"})
    assert r.status_code == 200 and not Operacion.objects.exists()
    r = c.post(f"/transacciones/pagos-por-archivo/{a.pk}/aceptar/", {"codigo_token": codigo_fresco(operador.device)})
    op = Operacion.objects.get()
    assert r.status_code == 302 and op.estado == Operacion.Estado.POR_APROBAR and op.tipo == "NOMINA"
    assert c.get(f"/transacciones/pagos-por-archivo/{a.pk}/resultado.xlsx").status_code == 404
    do_aprobar_operacion(op, actor=sup1)
    do_aprobar_operacion(op, actor=sup2)
    r = c.get(f"/transacciones/pagos-por-archivo/{a.pk}/resultado.xlsx")
    filas = list(load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
    assert [f[9] for f in filas[1:]] == ["Pagada", "Pagada", "Con error"]
    assert filas[1][11] == f"operacion:{op.pk}-2"
    # The operation's detail links to its file.
    assert f"/transacciones/pagos-por-archivo/operacion/{op.pk}/" in c.get(
        f"/transacciones/operaciones/{op.pk}/").content.decode()


def test_upload_errors_next_to_the_field_never_a_5xx(operador, origen):
    c = _cliente(operador)
    for nombre, contenido in [("a.pdf", b"%PDF"), ("a.csv", b""), ("a.csv", b"\x00\x01\x02"), ("a.xlsx", b"PK"),
                              ("a.csv", b"x;y\n1;2\n")]:
        r = c.post("/transacciones/pagos-por-archivo/", {
            "tipo": "NOMINA", "origen": origen.pk, "clave": str(uuid.uuid4()),
            "archivo": SimpleUploadedFile(nombre, contenido)})
        assert r.status_code == 200, nombre
        assert 'invalid-feedback d-block' in r.content.decode(), nombre
    r = c.post("/transacciones/pagos-por-archivo/", {"tipo": "OTRO", "origen": "abc", "clave": "x"})
    assert r.status_code == 200
    assert not Archivo.objects.exists()


def test_the_same_upload_posted_twice_is_one_file(operador, origen):
    c = _cliente(operador)
    clave = str(uuid.uuid4())
    for _i in range(2):
        r = c.post("/transacciones/pagos-por-archivo/", {
            "tipo": "NOMINA", "origen": origen.pk, "clave": clave,
            "archivo": SimpleUploadedFile("nomina.csv", csv_bytes([fila(1)]))})
        assert r.status_code == 302
    assert Archivo.objects.count() == 1


def test_without_the_profile_option_every_view_is_403(empresa, perfiles, origen, operador):
    a = _archivo(operador, origen)
    sin = _persona(empresa, "sinopcion", perfiles["sin_opcion"], origen)
    c = _cliente(sin)
    for url in _urls(a):
        assert c.get(url).status_code == 403, url
    assert c.post(f"/transacciones/pagos-por-archivo/{a.pk}/aceptar/").status_code == 403


def _urls(a: Archivo) -> list[str]:
    base = f"/transacciones/pagos-por-archivo/{a.pk}"
    return ["/transacciones/pagos-por-archivo/", f"{base}/", f"{base}/progreso/", f"{base}/errores.csv",
            f"{base}/resultado.xlsx", "/transacciones/pagos-por-archivo/plantilla.csv"]


def test_another_companys_user_gets_404_on_every_file_view(operador, origen, otra_empresa, perfiles, fondos, sup1,
                                                            sup2):
    from admin_usuarios.models import Perfil

    a = _archivo(operador, origen)
    from archivos.actions.carga import do_aceptar_archivo

    op = do_aceptar_archivo(a, actor=operador)
    perfil = Perfil.objects.create(empresa=otra_empresa, nombre="Op", tipo=Perfil.Tipo.AMBOS,
                                   opciones=["archivos", "aprobaciones"], aprobaciones=1)
    otro = _persona(otra_empresa, "opvalle", perfil, crear_producto(otra_empresa, "CAHOValle", "027733110"))
    c = _cliente(otro)
    base = f"/transacciones/pagos-por-archivo/{a.pk}"
    for url in [f"{base}/", f"{base}/progreso/", f"{base}/errores.csv", f"{base}/resultado.xlsx",
                f"/transacciones/pagos-por-archivo/operacion/{op.pk}/"]:
        assert c.get(url).status_code == 404, url
    assert c.post(f"{base}/aceptar/", {"codigo_token": codigo_fresco(otro.device)}).status_code == 404
    assert "nomina.csv" not in c.get("/transacciones/pagos-por-archivo/").content.decode()


def test_within_the_company_a_non_approver_sees_only_their_own_files(empresa, perfiles, origen, operador):
    a = _archivo(operador, origen)
    otro = _persona(empresa, "opotro", perfiles["operador"], origen)
    c = _cliente(otro)
    assert c.get(f"/transacciones/pagos-por-archivo/{a.pk}/").status_code == 404
    assert c.get(f"/transacciones/pagos-por-archivo/{a.pk}/progreso/").status_code == 404


def test_an_approver_sees_the_file_of_an_operation_they_approve(operador, sup1, origen):
    a = _archivo(operador, origen)
    c = _cliente(sup1)
    body = c.get(f"/transacciones/pagos-por-archivo/{a.pk}/").content.decode()
    assert "nomina.csv" in body and "Aceptar filas válidas" not in body
    assert c.post("/transacciones/pagos-por-archivo/", {"tipo": "NOMINA"}).status_code == 403


def test_only_the_captor_accepts(operador, sup1, origen):
    a = _archivo(operador, origen)
    c = _cliente(sup1)
    c.post(f"/transacciones/pagos-por-archivo/{a.pk}/aceptar/", {"codigo_token": codigo_fresco(sup1.device)})
    assert not Operacion.objects.exists()


def test_beneficiary_registration_uses_the_same_account_rules(operador, client):
    c = _cliente(operador)
    r = c.post("/transacciones/inscripcion-cuentas/", {
        "titular": "Ana", "tipo_identificacion": "CC", "numero_identificacion": "1012345678", "banco": "bancolombia",
        "tipo_cuenta": "CAHO", "numero_cuenta": "1234567", "alias": "Ana"})
    assert r.status_code == 200 and "en Bancolombia tiene 11 dígitos" in r.content.decode()


def _consultas(c, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as q:
        assert c.get(url).status_code == 200
    return len(q)


def test_lists_stay_flat_3_vs_30(operador, origen, monkeypatch):
    monkeypatch.setattr("portal.middleware._ACTIVIDAD_GRANULARIDAD", 10**6)
    c = _cliente(operador)
    pocos = subir(operador, origen, csv_bytes([fila(i, banco="X") for i in range(1, 4)]))
    muchos = subir(operador, origen, csv_bytes([fila(i, banco="X") for i in range(1, 31)]))
    assert _consultas(c, f"/transacciones/pagos-por-archivo/{pocos.pk}/?ver=50") == _consultas(
        c, f"/transacciones/pagos-por-archivo/{muchos.pk}/?ver=50")
    antes = _consultas(c, "/transacciones/pagos-por-archivo/")
    for _i in range(15):
        subir(operador, origen, csv_bytes([fila(1)]))
    assert _consultas(c, "/transacciones/pagos-por-archivo/") == antes


def test_the_company_administrator_does_not_move_money_here(admin, operador, origen):
    a = _archivo(operador, origen)
    c = _cliente(admin)
    for url in _urls(a):
        assert c.get(url).status_code == 403, url
    assert "pagos-por-archivo" not in c.get("/inicio/").content.decode()


def test_anonymous_goes_to_login(client, operador, origen):
    a = _archivo(operador, origen)
    for url in _urls(a):
        r = client.get(url)
        assert r.status_code == 302 and "next=" in r.url, url


def test_the_result_file_keeps_the_uploaded_text_as_text(operador, origen):
    """What the uploaded file said goes back into the result file: a name that starts like a
    formula stays text, and a control character (which a workbook cannot hold) is dropped
    instead of breaking the download."""
    from archivos.exports import resultado

    filas = [fila(1), fila(2)]
    filas[0][2] = "=HYPERLINK(\"http://x\")"
    filas[1][7] = "NOM\x0b-2"
    archivo = subir(operador, origen, csv_bytes(filas))
    hoja = list(load_workbook(io.BytesIO(resultado(archivo).content)).active.iter_rows(values_only=True))
    assert hoja[1][3] == "'=HYPERLINK(\"http://x\")" and hoja[2][8] == "NOM-2"


def test_the_errors_file_runs_no_formula_and_reads_back_as_sent(operador, origen):
    """The errors CSV goes back to whoever opens it in a spreadsheet: a name that starts like a
    formula gets the apostrophe there (OWASP CSV injection), and the corrected file, uploaded
    again, reads the name as the person first sent it."""
    from archivos.exports import errores

    malicioso = "=HYPERLINK(\"http://x\",\"ver\")"
    filas = [fila(1, banco="Inventado"), fila(2)]
    filas[0][2] = malicioso
    filas[1][2] = "'ya con apóstrofo"  # an apostrophe before plain text is the person's own
    archivo = subir(operador, origen, csv_bytes([f[:] for f in filas]))
    texto = b"".join(errores(archivo).streaming_content).decode("utf-8-sig")
    celdas = list(csv.reader(io.StringIO(texto), delimiter=";"))[1]
    assert celdas[3] == "'" + malicioso
    # Fixed (the bank, and the line number and reason columns removed) and uploaded again.
    celdas = celdas[1:-1]
    celdas[3] = "Bancolombia"
    otra = subir(operador, origen, csv_bytes([celdas, filas[1]]))
    assert otra.filas.get(numero=2).nombre == malicioso
    assert otra.filas.get(numero=3).nombre == "'ya con apóstrofo"
