"""The administrator's audit consult and its Excel export: company-scoped, filtered, paginated."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from auditoria.actions import registrar
from auditoria.models import Evento
from tests.factories import crear_secundario

pytestmark = pytest.mark.django_db

URL = "/administracion/auditoria/"
EXCEL = "/administracion/auditoria/excel/"


def _filas(xlsx: bytes) -> list[tuple]:
    ws = load_workbook(io.BytesIO(xlsx), read_only=True).active
    filas = [tuple(c for c in fila) for fila in ws.iter_rows(values_only=True)]
    inicio = next(i for i, f in enumerate(filas) if f and f[0] == "Fecha" and f[1] == "Acción")
    return filas[:inicio], filas[inicio + 1:]


@pytest.fixture
def rastro(empresa, otra_empresa, admin, admin_otra, secundario):
    registrar("CAMBIO_ESTADO", actor=admin, objetivo=secundario,
              detalles={"antes": {"estado": "ACTIVO"}, "despues": {"estado": "INACTIVO"}})
    registrar("CAMBIO_ESTADO", actor=admin, objetivo=secundario,
              detalles={"antes": {"estado": "INACTIVO"}, "despues": {"estado": "ACTIVO"}})
    registrar("PERFIL_CREADO", actor=admin, empresa=empresa, objetivo_descripcion="Perfil =HYPERLINK(\"x\")",
              detalles={"antes": {}, "despues": {"nombre": "=HYPERLINK(\"x\")"}})
    registrar("CAMBIO_ESTADO", actor=admin_otra, objetivo=crear_secundario(otra_empresa, username="vallero"),
              detalles={"antes": {"estado": "ACTIVO"}, "despues": {"estado": "INACTIVO"}})


def test_anonymous_is_sent_to_login(client):
    for url in (URL, EXCEL):
        r = client.get(url)
        assert r.status_code == 302 and r.url.startswith("/?next=")


def test_secondary_user_gets_403(client, secundario):
    from tests.factories import login_portal

    login_portal(client, secundario)
    assert client.get(URL).status_code == 403
    assert client.get(EXCEL).status_code == 403


def test_outsider_sees_only_own_company(cliente_otra, rastro):
    body = cliente_otra.get(URL).content.decode()
    assert "vallero" in body and "mguerrero" not in body
    # Not even by filtering on another company's username.
    body = cliente_otra.get(URL, {"usuario": "mguerrero"}).content.decode()
    assert "mguerrero</td>" not in body
    _cabecera, filas = _filas(cliente_otra.get(EXCEL).content)
    assert filas and all("mguerrero" not in str(f) and "adelgado" not in str(f) for f in filas)


def test_rows_show_before_and_after(cliente_admin, rastro):
    body = cliente_admin.get(URL, {"accion": "CAMBIO_ESTADO"}).content.decode()
    # Words in the reader's language, not the stored codes.
    assert "Estado: Activo → Inactivo" in body and "Estado: Inactivo → Activo" in body
    assert "Cambio de estado de usuario" in body  # the label, not the code


def test_filters_user_action_and_dates(cliente_admin, admin, empresa, rastro):
    total = Evento.objects.filter(empresa=empresa).count()
    r = cliente_admin.get(URL)
    assert r.context["pagina"].paginator.count == total
    r = cliente_admin.get(URL, {"accion": "PERFIL_CREADO"})
    assert r.context["pagina"].paginator.count == 1
    r = cliente_admin.get(URL, {"usuario": "MGUERRERO"})
    assert r.context["pagina"].paginator.count == 2
    hoy = timezone.localdate()
    r = cliente_admin.get(URL, {"desde": hoy.isoformat(), "hasta": hoy.isoformat()})
    assert r.context["pagina"].paginator.count == total
    manana = hoy + dt.timedelta(days=1)
    r = cliente_admin.get(URL, {"desde": manana.isoformat()})
    assert r.context["pagina"].paginator.count == 0
    r = cliente_admin.get(URL, {"hasta": (hoy - dt.timedelta(days=1)).isoformat()})
    assert r.context["pagina"].paginator.count == 0


def test_invalid_date_range_is_reported(cliente_admin, rastro):
    hoy = timezone.localdate()
    r = cliente_admin.get(URL, {"desde": hoy.isoformat(), "hasta": (hoy - dt.timedelta(days=2)).isoformat()})
    assert "posterior a la fecha desde" in r.content.decode()


def test_action_choices_are_the_company_actions(cliente_admin, rastro):
    r = cliente_admin.get(URL)
    valores = [v for v, _e in r.context["form"].fields["accion"].choices]
    assert set(valores) == {"", "CAMBIO_ESTADO", "PERFIL_CREADO", "INGRESO"}  # INGRESO: the admin's login


def test_export_contains_exactly_the_filtered_rows(cliente_admin, empresa, rastro):
    r = cliente_admin.get(EXCEL, {"accion": "CAMBIO_ESTADO", "usuario": "mguerrero"})
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    cabecera, filas = _filas(r.content)
    esperadas = Evento.objects.filter(empresa=empresa, accion="CAMBIO_ESTADO", objetivo_descripcion="mguerrero")
    assert len(filas) == esperadas.count() == 2
    assert all(f[1] == "Cambio de estado de usuario" and f[3] == "mguerrero" for f in filas)
    texto_cabecera = str(cabecera)
    assert "Comercializadora Andina S.A.S. - 900123456-8" in texto_cabecera
    assert "Cambio de estado de usuario" in texto_cabecera and "mguerrero" in texto_cabecera  # the filters used
    r = cliente_admin.get(EXCEL)
    _c, todas = _filas(r.content)
    assert len(todas) == Evento.objects.filter(empresa=empresa).count()


def test_export_neutralises_formulas(cliente_admin, rastro):
    _c, filas = _filas(cliente_admin.get(EXCEL, {"accion": "PERFIL_CREADO"}).content)
    assert len(filas) == 1
    for celda in filas[0]:
        assert not (isinstance(celda, str) and celda.startswith(("=", "+", "-", "@")))
    assert filas[0][3] == "Perfil =HYPERLINK(\"x\")"
    assert filas[0][5].startswith("Nombre:") and "=HYPERLINK" in filas[0][5]


def test_export_cell_starting_with_formula_is_prefixed():
    from comun.excel import texto_seguro as neutralizar

    assert neutralizar("=1+1") == "'=1+1"
    assert neutralizar("+57 300") == "'+57 300"
    assert neutralizar("-2") == "'-2"
    assert neutralizar("@SUM(A1)") == "'@SUM(A1)"
    assert neutralizar("normal") == "normal"


@pytest.mark.parametrize("n", [3, 300])
def test_page_queries_do_not_grow(cliente_admin, admin, empresa, n, django_assert_max_num_queries):
    Evento.objects.bulk_create([Evento(accion="CAMBIO_ESTADO", actor=admin, actor_nombre="adelgado",
                                       empresa=empresa, detalles={"antes": {"estado": "A"}, "despues": {"estado": "B"}})
                                for _ in range(n)])
    with django_assert_max_num_queries(8):
        r = cliente_admin.get(URL, {"pagina": "2"})
    assert r.status_code == 200


def test_long_details_show_three_parts_and_fold_the_rest(cliente_admin, admin, secundario):
    cambios = {f"celda{i}": i for i in range(7)}
    registrar("TOPES_USUARIO", actor=admin, objetivo=secundario,
              detalles={"antes": {k: 0 for k in cambios}, "despues": cambios})
    body = cliente_admin.get(URL).content.decode()
    assert "Asignación de topes del usuario" in body  # the action's label, not its code
    visibles, plegado = body.split("<details>", 1)
    assert "Celda2: 0 → 2" in visibles and "Celda3" not in visibles.split("Celda2")[-1].split("</td>")[0]
    assert "y 4 más" in plegado and "Celda6: 0 → 6" in plegado.split("</details>")[0]


def test_details_read_as_sentences_in_bogota_time():
    from auditoria.selectors import partes_detalles

    assert partes_detalles({"causa": "usuario_bloqueado", "intentos": 3}) == [
        "Causa: el usuario está bloqueado", "Intentos fallidos: 3"]
    assert partes_detalles({"filtros": {"Estado": "Activo"}}) == ["Filtros: Estado: Activo"]
    assert partes_detalles({"antes": {}, "despues": {"estado": "PENDIENTE"}}) == ["Estado: Pendiente"]
    assert partes_detalles({"vence": "2018-08-01T15:05:00+00:00"}) == ["Vence: 2018/08/01 10:05"]
    assert partes_detalles({"antes": {"diario": "0.00"}, "despues": {"diario": "1234567.00"}}) == [
        "Diario: $0,00 → $1.234.567,00"]
