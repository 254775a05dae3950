"""Consultas screens: Saldos, Movimientos, Extractos — tenancy, options, paging, running balance."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from admin_usuarios.models import Perfil
from cuentas import ledger
from tests.cuentas.conftest import M, consignar
from tests.factories import crear_producto, crear_secundario, login_portal

pytestmark = pytest.mark.django_db


def _login(client: Client, usuario) -> Client:
    login_portal(client, usuario)
    return client


@pytest.fixture
def sec(client, con_opciones, asignados):
    return _login(client, con_opciones)


def _hoy_a_las(hora: int, dias_atras: int = 0) -> dt.datetime:
    base = timezone.localtime().replace(hour=hora, minute=0, second=0, microsecond=0)
    return base - dt.timedelta(days=dias_atras)


# --- Saldos -------------------------------------------------------------------

def test_saldos_shows_assigned_products_with_balances(sec, cuentas, productos, caja):
    consignar(cuentas[0], Decimal("1234567"), "dep")
    ledger.crear_transferencia("hold", debito=cuentas[0], credito=caja, monto=Decimal("1000"), pendiente=True)
    ledger.cuenta_de_producto(productos[2], cupo=10 * M)
    ledger.crear_transferencia("compra", debito=cuentas[2], credito=caja, monto=Decimal("2500000"))
    body = sec.get("/consultas/saldos/").content.decode()
    assert "Cuenta Ahorros CAHOAndres - 015829393" in body
    assert "$1.233.567,00" in body and "$1.000,00" in body and "$1.234.567,00" in body
    assert "Tarjeta de Crédito TCEmpresarial - 4567890123" in body
    assert "$10.000.000,00" in body and "$7.500.000,00" in body and "$2.500.000,00" in body
    assert "CAHOFelipe" not in body  # not assigned


def test_administrator_sees_every_product_of_the_company(client, admin, productos, otra_empresa):
    crear_producto(otra_empresa, "CCTEValle", "112233445")
    _login(client, admin)
    body = client.get("/consultas/saldos/").content.decode()
    assert all(p.nombre in body for p in productos) and "CCTEValle" not in body
    body = client.get(f"/consultas/movimientos/?producto={productos[1].pk}").content.decode()
    assert "CAHOFelipe - 251830758" in body


def test_option_missing_from_the_profile_is_forbidden(client, secundario, productos):
    _login(client, secundario)  # profile without Consultas options
    for url in ("/consultas/saldos/", "/consultas/movimientos/", "/consultas/extractos/",
                f"/consultas/extractos/excel/?producto={productos[0].pk}"):
        assert client.get(url).status_code == 403, url


def test_each_screen_needs_its_own_option(client, con_opciones, asignados):
    Perfil.objects.filter(pk=con_opciones.perfil_id).update(opciones=["consulta_saldos"])
    _login(client, con_opciones)
    assert client.get("/consultas/saldos/").status_code == 200
    assert client.get("/consultas/movimientos/").status_code == 403
    assert client.get("/consultas/extractos/").status_code == 403


def test_anonymous_goes_to_login(client):
    assert client.get("/consultas/saldos/").status_code == 302


# --- Tenancy ------------------------------------------------------------------

@pytest.mark.parametrize("url", ["/consultas/movimientos/?producto={pk}", "/consultas/extractos/excel/?producto={pk}",
                                 "/consultas/extractos/pdf/?producto={pk}"])
def test_unassigned_product_gets_404(sec, productos, url):
    assert sec.get(url.format(pk=productos[1].pk)).status_code == 404  # CAHOFelipe: same company, not assigned


@pytest.mark.parametrize("url", ["/consultas/movimientos/?producto={pk}", "/consultas/extractos/excel/?producto={pk}",
                                 "/consultas/extractos/pdf/?producto={pk}"])
def test_another_companys_product_gets_404(client, admin_otra, productos, url):
    _login(client, admin_otra)
    assert client.get(url.format(pk=productos[0].pk)).status_code == 404


def test_another_companys_user_never_sees_our_products(client, otra_empresa, productos):
    intruso = crear_secundario(otra_empresa, "intruso")
    Perfil.objects.filter(pk=intruso.perfil_id).update(opciones=["consulta_saldos", "consulta_movimientos"])
    _login(client, intruso)
    assert "CAHOAndres" not in client.get("/consultas/saldos/").content.decode()
    assert client.get(f"/consultas/movimientos/?producto={productos[0].pk}").status_code == 404


def test_a_product_the_bank_disabled_disappears(sec, productos):
    productos[0].habilitado = False
    productos[0].save(update_fields=["habilitado"])
    assert sec.get(f"/consultas/movimientos/?producto={productos[0].pk}").status_code == 404
    assert "CAHOAndres" not in sec.get("/consultas/saldos/").content.decode()


# --- Movimientos --------------------------------------------------------------

def test_movements_newest_first_with_running_balance(sec, cuentas, caja):
    consignar(cuentas[0], 1000, "a", descripcion="Consignación", referencia="CONS-AAA", fecha=_hoy_a_las(0, 0))
    ledger.crear_transferencia("b", debito=cuentas[0], credito=caja, monto=Decimal("250.50"),
                               descripcion="Pago proveedor", referencia="FAC-77")
    consignar(cuentas[0], 100, "c", referencia="CONS-BBB")
    body = sec.get(f"/consultas/movimientos/?producto={cuentas[0].producto_id}").content.decode()
    i_c2, i_fac, i_c1 = body.index("CONS-BBB"), body.index("FAC-77"), body.index("CONS-AAA")
    assert i_c2 < i_fac < i_c1  # newest first
    # Saldo after each: 1000 → 749.50 → 849.50
    assert body.index("$849,50") < body.index("$749,50") < body.index("$1.000,00", i_fac)
    assert "$250,50" in body and "Pago proveedor" in body


def test_default_period_is_this_month(sec, cuentas, caja):
    hoy = timezone.localdate()
    viejo = _hoy_a_las(10, hoy.day + 3)  # last month
    consignar(cuentas[0], 1000, "viejo", referencia="MES-PASADO", fecha=viejo)
    consignar(cuentas[0], 500, "nuevo", referencia="ESTE-MES")
    body = sec.get(f"/consultas/movimientos/?producto={cuentas[0].producto_id}").content.decode()
    assert "ESTE-MES" in body and "MES-PASADO" not in body
    desde = (hoy - dt.timedelta(days=hoy.day + 5)).isoformat()
    body = sec.get(f"/consultas/movimientos/?producto={cuentas[0].producto_id}&desde={desde}").content.decode()
    assert "ESTE-MES" in body and "MES-PASADO" in body


def _muchos(cuenta, n: int) -> None:
    for i in range(n):
        consignar(cuenta, 1000 + i, f"m{i}", referencia=f"REF-{i:04d}")


def test_keyset_pages_cover_every_movement_once(sec, cuentas, caja):
    _muchos(cuentas[0], 23)
    url = f"/consultas/movimientos/?producto={cuentas[0].producto_id}&ver=10"
    vistos = []
    for pagina in (1, 2, 3):
        body = sec.get(f"{url}&pagina={pagina}").content.decode()
        vistos += [f"REF-{i:04d}" for i in range(23) if f"REF-{i:04d}" in body]
    assert sorted(vistos) == [f"REF-{i:04d}" for i in range(23)]
    ultima = sec.get(f"{url}&pagina=3").content.decode()
    assert "REF-0000" in ultima and "REF-0002" in ultima and "REF-0003" not in ultima
    assert "Mostrando registros 21 al 23 de un total de 23" in ultima
    assert "Primero" in ultima and "Último" in ultima
    assert "Mostrando registros 1 al 23 de un total de 23" in sec.get(
        f"/consultas/movimientos/?producto={cuentas[0].producto_id}&ver=25").content.decode()


def test_search_by_reference_or_amount(sec, cuentas, caja):
    _muchos(cuentas[0], 12)
    base = f"/consultas/movimientos/?producto={cuentas[0].producto_id}"
    body = sec.get(f"{base}&q=REF-0007").content.decode()
    assert "REF-0007" in body and "REF-0006" not in body
    body = sec.get(f"{base}&q=$1.005,00").content.decode()  # amount of REF-0005
    assert "REF-0005" in body and "REF-0004" not in body
    assert "de un total de 1" in body


@pytest.mark.parametrize("n", [3, 300])
def test_movements_query_count_is_flat(sec, cuentas, caja, django_assert_max_num_queries, n, monkeypatch):
    # Seeding can outlast the session's activity interval on a busy machine; its
    # periodic write is not the page's cost.
    monkeypatch.setattr("portal.middleware._ACTIVIDAD_GRANULARIDAD", 10**6)
    _muchos(cuentas[0], n)
    ultima = -(-n // 50)
    with django_assert_max_num_queries(6):
        r = sec.get(f"/consultas/movimientos/?producto={cuentas[0].producto_id}&ver=50&pagina={ultima}")
    assert r.status_code == 200 and "REF-0000" in r.content.decode()


def test_saldos_query_count_is_flat(client, admin, empresa, django_assert_max_num_queries, monkeypatch):
    monkeypatch.setattr("portal.middleware._ACTIVIDAD_GRANULARIDAD", 10**6)
    for i in range(30):
        ledger.cuenta_de_producto(crear_producto(empresa, f"CAHO{i}", f"9{i:08d}"))
    _login(client, admin)
    # +1: the home panel's Mensajes and Notificaciones counters (bandeja), one query for both.
    with django_assert_max_num_queries(5):
        assert client.get("/consultas/saldos/").status_code == 200


# --- Menu and home ------------------------------------------------------------

def test_consultas_menu_follows_the_profile(client, secundario, con_opciones):
    from comun.menu import menu_para

    def consultas(u) -> list[str]:
        return [str(e["etiqueta"]) for s in menu_para(u) if s["clave"] == "consultas" for g in s["grupos"]
                for e in g.entradas]

    assert consultas(con_opciones) == ["Saldos", "Movimientos", "Extractos"]
    con_opciones.perfil.opciones = ["consulta_saldos"]
    assert consultas(con_opciones) == ["Saldos"]
    con_opciones.perfil.opciones = ["pagos_terceros"]
    assert consultas(con_opciones) == []


def test_home_shows_a_secondary_users_balances(sec, cuentas, caja):
    consignar(cuentas[0], Decimal("4321000"), "dep")
    body = sec.get("/inicio/").content.decode()
    assert "Sus saldos" in body and "CAHOAndres - 015829393" in body and "$4.321.000,00" in body
    assert "CAHOFelipe" not in body


def test_home_of_the_administrator_keeps_the_links(cliente_admin):
    body = cliente_admin.get("/inicio/").content.decode()
    assert "Sus saldos" not in body and 'href="/consultas/saldos/"' in body
