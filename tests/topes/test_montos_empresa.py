"""Seguridad → Configuración de Montos por Servicio."""

from __future__ import annotations

import pytest

from auditoria.models import Evento
from tests.factories import codigo_fresco, login_portal
from tests.topes.conftest import M, poner_tope
from topes.eventos import Eventos as Acciones
from topes.models import MontoEmpresa, TopeUsuario

pytestmark = pytest.mark.django_db
URL = "/administracion/topes/montos/"


def _datos(servicios, valores=("20.000.000", "100.000.000", "1.000.000.000"), **extra) -> dict:
    datos = {}
    for s in servicios.values():
        for campo, v in zip(("transaccion", "diario", "mensual"), valores, strict=True):
            datos[f"m_{s.pk}_{campo}"] = v
    datos.update(extra)
    return datos


def test_anonymous_redirected_to_login(client):
    r = client.get(URL)
    assert r.status_code == 302 and r.url.startswith("/?next=")


def test_secondary_user_forbidden(client, secundario):
    login_portal(client, secundario)
    assert client.get(URL).status_code == 403


def test_outsider_sees_only_own_company(cliente_otra, empresa, servicios, techos):
    # The page has no object id: another company's admin sees their own (empty) amounts, never ours.
    html = cliente_otra.get(URL).content.decode()
    assert "$20.000.000,00" not in html and "$50.000.000,00" not in html


def test_page_shows_bank_caps_and_amounts(cliente_admin, servicios, techos):
    html = cliente_admin.get(URL).content.decode()
    assert "Configuración de Montos por Servicio" in html
    assert "$50.000.000,00" in html  # bank cap
    assert 'value="$20.000.000,00"' in html


def test_above_bank_cap_marked_and_kept(cliente_admin, empresa, servicios, techos):
    s = servicios["pagos-impuestos"]
    datos = _datos(servicios, accion="guardar")
    datos[f"m_{s.pk}_transaccion"] = "60.000.000"
    html = cliente_admin.post(URL, datos).content.decode()
    assert "Supera el tope del banco: $50.000.000,00." in html and 'value="60.000.000"' in html
    assert MontoEmpresa.objects.get(empresa=empresa, servicio=s).transaccion == 20 * M


def test_step_up_required_then_saved_and_audited(cliente_admin, admin, empresa, servicios, techos):
    datos = _datos(servicios, ("30.000.000", "150.000.000", "1.500.000.000"), accion="guardar")
    html = cliente_admin.post(URL, datos).content.decode()
    assert "Ingrese el código de su token para confirmar." in html
    assert not MontoEmpresa.objects.filter(transaccion=30 * M).exists()
    r = cliente_admin.post(URL, {**datos, "codigo_token": codigo_fresco(admin.device)})
    assert r.status_code == 302
    assert MontoEmpresa.objects.filter(empresa=empresa, transaccion=30 * M).count() == len(servicios)
    evento = Evento.objects.get(accion=Acciones.MONTOS_EMPRESA)
    assert evento.actor == admin and evento.empresa == empresa
    assert evento.detalles["antes"]["pagos-nomina"]["transaccion"] == "20000000.00"


def test_lowering_below_users_refused_with_list_before_token(cliente_admin, admin, empresa, secundario,
                                                             asignaciones, servicios, techos):
    poner_tope(asignaciones[0], servicios["pagos-terceros"], 10 * M, 50 * M, 500 * M)
    datos = _datos(servicios, ("5.000.000", "100.000.000", "1.000.000.000"), accion="guardar",
                   codigo_token=codigo_fresco(admin.device))
    html = cliente_admin.post(URL, datos).content.decode()
    assert "los siguientes usuarios tienen topes superiores" in html
    assert "mguerrero · CAHOAndres - 015829393 · Pagos - A Terceros" in html
    assert MontoEmpresa.objects.get(empresa=empresa, servicio=servicios["pagos-terceros"]).transaccion == 20 * M
    # Option chosen: lower them in the same save.
    r = cliente_admin.post(URL, {**datos, "ajustar": "1", "codigo_token": codigo_fresco(admin.device)})
    assert r.status_code == 302
    tope = TopeUsuario.objects.get(asignacion=asignaciones[0], servicio=servicios["pagos-terceros"])
    assert tope.transaccion == 5 * M and tope.diario == 50 * M
    assert Evento.objects.filter(accion=Acciones.TOPES_AJUSTADOS, objetivo=secundario).count() == 1


def test_replicate_on_company_amounts(cliente_admin, servicios, techos):
    r = cliente_admin.post(URL, _datos(servicios, accion="replicar", rep_transaccion="1.000.000"))
    assert r.content.decode().count('value="$1.000.000,00"') == len(servicios)
