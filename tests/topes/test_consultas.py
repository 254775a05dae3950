"""Consulta de topes (views and exports) and Consulta Montos Acumulados."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

import topes
from admin_usuarios.models import ProductoAsignado
from tests.factories import crear_producto, crear_secundario, login_portal
from tests.topes.conftest import M, poner_tope

pytestmark = pytest.mark.django_db


@pytest.fixture
def urls(secundario, servicios):
    return [
        "/administracion/topes/consulta/",
        f"/administracion/topes/consulta/usuario/{secundario.pk}/",
        f"/administracion/topes/consulta/servicio/{servicios['pagos-terceros'].pk}/",
        "/administracion/topes/acumulados/",
        f"/administracion/topes/acumulados/?usuario={secundario.pk}",
    ]


def test_anonymous_redirected_to_login(client, urls):
    for url in urls:
        r = client.get(url)
        assert r.status_code == 302 and r.url.startswith("/?next="), url


def test_secondary_user_forbidden(client, secundario, urls):
    login_portal(client, secundario)
    for url in urls:
        assert client.get(url).status_code == 403, url


def test_outsider_gets_404(cliente_otra, secundario, asignaciones, servicios, techos):
    poner_tope(asignaciones[0], servicios["pagos-terceros"], 1 * M, 2 * M, 3 * M)
    for url in [f"/administracion/topes/consulta/usuario/{secundario.pk}/",
                f"/administracion/topes/consulta/usuario/{secundario.pk}/?exportar=excel",
                f"/administracion/topes/consulta/usuario/{secundario.pk}/?exportar=pdf",
                f"/administracion/topes/acumulados/?usuario={secundario.pk}"]:
        assert cliente_otra.get(url).status_code == 404, url
    # Lists by service only ever hold the viewer's own company.
    for url in [f"/administracion/topes/consulta/servicio/{servicios['pagos-terceros'].pk}/",
                f"/administracion/topes/consulta/servicio/{servicios['pagos-terceros'].pk}/?exportar=excel",
                "/administracion/topes/acumulados/", "/administracion/topes/consulta/"]:
        html = cliente_otra.get(url).content
        assert b"mguerrero" not in html and b"015829393" not in html, url


def test_inactive_service_is_404(cliente_admin, servicios):
    s = servicios["pagos-nomina"]
    s.activo = False
    s.save(update_fields=["activo"])
    assert cliente_admin.get(f"/administracion/topes/consulta/servicio/{s.pk}/").status_code == 404


def test_user_limits_read_only_and_exports(cliente_admin, secundario, asignaciones, servicios, techos):
    poner_tope(asignaciones[0], servicios["pagos-terceros"], 1234567, 2 * M, 3 * M)
    url = f"/administracion/topes/consulta/usuario/{secundario.pk}/"
    html = cliente_admin.get(url).content.decode()
    assert "$1.234.567,00" in html and "Exportar a Excel" in html and "<input" not in html.split("occi-panel")[-1]
    r = cliente_admin.get(url + "?exportar=excel")
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    hoja = load_workbook(io.BytesIO(r.content)).active
    filas = [list(f) for f in hoja.iter_rows(values_only=True)]
    fila = next(f for f in filas if f and "015829393" in [str(c) for c in f] and f[2] == "Pagos - A Terceros")
    assert Decimal(str(fila[6])) == Decimal("1234567") and Decimal(str(fila[8])) == 3 * M
    assert len([f for f in filas if f and f[0] == "mguerrero"]) == len(asignaciones) * len(servicios)
    r = cliente_admin.get(url + "?exportar=pdf")
    assert r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")
    from pypdf import PdfReader

    texto = "".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages)
    assert "$1.234.567,00" in texto and "mguerrero" in texto


def test_all_users_of_one_service_and_export(cliente_admin, empresa, secundario, asignaciones, servicios, techos):
    otro = crear_secundario(empresa, username="jperez")
    a = ProductoAsignado.objects.create(usuario=otro, producto=asignaciones[0].producto)
    poner_tope(a, servicios["pagos-impuestos"], 7 * M, 8 * M, 9 * M)
    poner_tope(asignaciones[1], servicios["pagos-impuestos"], 1 * M, 2 * M, 3 * M)
    url = f"/administracion/topes/consulta/servicio/{servicios['pagos-impuestos'].pk}/"
    html = cliente_admin.get(url).content.decode()
    assert "jperez" in html and "mguerrero" in html and "$7.000.000,00" in html
    hoja = load_workbook(io.BytesIO(cliente_admin.get(url + "?exportar=excel").content)).active
    usuarios = [f[0] for f in hoja.iter_rows(values_only=True) if f and f[0] in {"jperez", "mguerrero"}]
    assert sorted(usuarios) == ["jperez", "mguerrero", "mguerrero"]


def _muchos(empresa, servicios, desde: int, hasta: int) -> None:
    for i in range(desde, hasta):
        u = crear_secundario(empresa, username=f"u{i:04d}")
        p = crear_producto(empresa, f"P{i}", f"9{i:08d}")
        a = ProductoAsignado.objects.create(usuario=u, producto=p)
        poner_tope(a, servicios["pagos-terceros"], 1, 2, 3)


@pytest.mark.parametrize("url", ["consulta/", "consulta/servicio/{s}/", "acumulados/"])
def test_list_query_count_flat(cliente_admin, empresa, servicios, techos, url, django_assert_max_num_queries):
    url = "/administracion/topes/" + url.format(s=servicios["pagos-terceros"].pk)
    _muchos(empresa, servicios, 0, 3)
    with django_assert_max_num_queries(20) as pocos:
        assert cliente_admin.get(url).status_code == 200
    _muchos(empresa, servicios, 3, 60)
    with django_assert_max_num_queries(len(pocos.captured_queries)):
        assert cliente_admin.get(url).status_code == 200


def test_accumulated_amounts_against_limits(cliente_admin, secundario, asignaciones, servicios, techos):
    poner_tope(asignaciones[0], servicios["pagos-terceros"], 2 * M, 5 * M, 10 * M)
    assert topes.check_operation(secundario, asignaciones[0].producto, servicios["pagos-terceros"], Decimal(1500000))
    assert topes.check_operation(secundario, asignaciones[0].producto, servicios["pagos-terceros"], Decimal(1000000))
    html = cliente_admin.get(f"/administracion/topes/acumulados/?usuario={secundario.pk}").content.decode()
    for texto in ["Consulta Montos Acumulados", "Consumido", "Disponible", "Hoy", "Mes"]:
        assert texto in html, texto
    hoy, mes = html.split("topes-acumulado", 1)[1].split("</tr>")[:2]
    # Today: limit 5 M, consumed 2,5 M, 2,5 M left; month: limit 10 M, consumed 2,5 M, 7,5 M left.
    assert ["$5.000.000,00", "$2.500.000,00", "$2.500.000,00"] == _montos(hoy)
    assert ["$10.000.000,00", "$2.500.000,00", "$7.500.000,00"] == _montos(mes)


def _montos(html: str) -> list[str]:
    import re

    return re.findall(r'class="monto[^"]*">([^<]+)<', html)
