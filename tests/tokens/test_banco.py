"""/banco/: batches of serials with a quota, quota changes, administrators' tokens, physical tokens."""

from __future__ import annotations

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from auditoria.models import Evento
from tests.factories import crear_usuario
from tests.tokens.helpers import enrolar
from tokens.eventos import Eventos as Acciones
from tokens.models import CupoTokens, TokenFisico, TokenVirtual
from tokens.selectors import dispositivo_activo

pytestmark = pytest.mark.django_db


def test_bank_loads_a_batch_with_its_quota(banco, empresa):
    r = banco.post("/banco/tokens/tokenvirtual/cargar-lote/", {
        "empresa": empresa.pk, "cupo": 6, "seriales": "FEF4900030\nFEF4900031\nFEF4900032"})
    assert r.status_code == 302
    assert TokenVirtual.objects.filter(empresa=empresa, estado="DISPONIBLE").count() == 3
    assert CupoTokens.objects.get(empresa=empresa).cantidad == 6
    assert Evento.objects.filter(accion=Acciones.LOTE).count() == 1
    r = banco.post("/banco/tokens/tokenvirtual/cargar-lote/", {
        "empresa": empresa.pk, "seriales": "FEF4900032\nmal serial!"})
    assert r.status_code == 200 and "Seriales no válidos" in r.content.decode()
    assert TokenVirtual.objects.count() == 3


def test_bank_lowering_quota_below_tokens_in_use_is_refused(banco, admin, empresa, inventario):
    cupo = CupoTokens.objects.get(empresa=empresa)
    r = banco.post(f"/banco/tokens/cupotokens/{cupo.pk}/change/", {"cantidad": 0})
    assert r.status_code == 200 and "1 tokens en uso" in r.content.decode()
    assert CupoTokens.objects.get(pk=cupo.pk).cantidad == 6
    r = banco.post(f"/banco/tokens/cupotokens/{cupo.pk}/change/", {"cantidad": 9})
    assert r.status_code == 302 and CupoTokens.objects.get(pk=cupo.pk).cantidad == 9
    assert Evento.objects.get(accion=Acciones.CUPO).detalles == {"antes": {"cupo": 6}, "despues": {"cupo": 9}}


def test_bank_assigns_and_activates_an_administrators_token(banco, empresa, inventario):
    nuevo = crear_usuario(empresa, "admin2", es_administrador=True)
    r = banco.post("/banco/tokens/tokenvirtual/asignar/", {"usuario": nuevo.pk})
    assert r.status_code == 302
    token = TokenVirtual.objects.get(usuario=nuevo)
    assert token.estado == "ASIGNADO"
    enrolar(token, nuevo)
    r = banco.post("/banco/tokens/tokenvirtual/", {
        "action": "token_activar", "_selected_action": [token.pk]})
    assert r.status_code == 302
    token.refresh_from_db()
    assert token.estado == "ACTIVO" and dispositivo_activo(nuevo) == token.dispositivo
    assert Evento.objects.filter(accion=Acciones.ACTIVAR, actor__username="banco").exists()


def test_bank_action_refused_transition_is_reported(banco, admin, secundario, inventario):
    from tokens import actions

    token = actions.do_asignar_token(secundario, actor=admin)
    r = banco.post("/banco/tokens/tokenvirtual/", {"action": "token_activar", "_selected_action": [token.pk]},
                   follow=True)
    assert "está en estado Asignado" in r.content.decode()
    token.refresh_from_db()
    assert token.estado == "ASIGNADO"


def test_bank_loads_a_physical_token(banco, secundario):
    r = banco.post("/banco/tokens/tokenfisico/add/", {
        "usuario": secundario.pk, "serial": "phy0001", "semilla": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"})
    assert r.status_code == 302
    fisico = TokenFisico.objects.get(serial="PHY0001")
    assert fisico.usuario == secundario and fisico.estado == "ACTIVO"
    assert dispositivo_activo(secundario) == fisico.dispositivo
    assert "JBSWY3DP" not in str(Evento.objects.get(accion=Acciones.FISICO_CARGADO).detalles)
    r = banco.post("/banco/tokens/tokenfisico/add/", {
        "usuario": secundario.pk, "serial": "PHY0002", "semilla": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"})
    assert r.status_code == 200 and "ya tiene un token físico activo" in r.content.decode()
    assert TOTPDevice.objects.filter(user=secundario).count() == 1


def test_company_users_never_reach_the_bank_screens(cliente_admin):
    for url in ("/banco/tokens/tokenvirtual/", "/banco/tokens/tokenvirtual/cargar-lote/",
                "/banco/tokens/cupotokens/", "/banco/tokens/tokenfisico/add/"):
        r = cliente_admin.get(url)
        assert r.status_code == 302 and "/banco/login/" in r.url


def test_bank_token_pages_render(banco, admin, empresa, inventario):
    body = banco.get("/banco/tokens/tokenvirtual/").content.decode()
    assert "Cargar lote de seriales" in body and "FEF4900031" in body
    assert "Seriales" in banco.get("/banco/tokens/tokenvirtual/cargar-lote/").content.decode()
    assert "Usuario" in banco.get("/banco/tokens/tokenvirtual/asignar/").content.decode()
    assert "Semilla" in banco.get("/banco/tokens/tokenfisico/add/").content.decode()
    cupo = CupoTokens.objects.get(empresa=empresa)
    assert banco.get(f"/banco/tokens/cupotokens/{cupo.pk}/change/").status_code == 200
    token = TokenVirtual.objects.get(usuario=admin)
    r = banco.get(f"/banco/tokens/tokenvirtual/{token.pk}/change/")
    assert r.status_code == 200 and token.dispositivo.key not in r.content.decode()
