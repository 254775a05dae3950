"""/banco/: opening balances and deposits (confirmed, audited, idempotent); the ledger read-only."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from auditoria.models import Evento
from cuentas.actions import do_cargar_saldo_inicial, do_consignar
from cuentas.eventos import Eventos as Acciones
from cuentas.models import Cuenta, Movimiento, Transferencia

pytestmark = pytest.mark.django_db


def test_opening_balance_is_confirmed_then_loaded_once_and_audited(banco, productos):
    url = "/banco/cuentas/cuenta/saldo-inicial/"
    datos = {"producto": productos[0].pk, "monto": "2500000.00"}
    r = banco.post(url, datos)
    assert r.status_code == 200 and "Confirmar" in r.content.decode() and "$2.500.000,00" in r.content.decode()
    assert not Transferencia.objects.exists()  # nothing until confirmed
    r = banco.post(url, {**datos, "confirmado": "True"})
    assert r.status_code == 302
    cuenta = Cuenta.objects.get(producto=productos[0])
    assert cuenta.saldo == Decimal("2500000.00")
    assert Evento.objects.filter(accion=Acciones.SALDO_INICIAL).count() == 1
    r = banco.post(url, {**datos, "confirmado": "True"}, follow=True)
    assert "ya tenía saldo inicial" in r.content.decode()
    r = banco.post(url, {**datos, "monto": "999", "confirmado": "True"})
    assert "ya tiene saldo inicial ($2.500.000,00)" in r.content.decode()
    assert Cuenta.objects.get(pk=cuenta.pk).saldo == Decimal("2500000.00")
    assert Evento.objects.filter(accion=Acciones.SALDO_INICIAL).count() == 1


def test_card_gets_its_cupo_with_the_opening(banco, productos):
    banco.post("/banco/cuentas/cuenta/saldo-inicial/",
               {"producto": productos[2].pk, "monto": "0", "cupo": "30000000", "confirmado": "True"})
    assert Cuenta.objects.get(producto=productos[2]).limite == Decimal(30_000_000)
    r = banco.post("/banco/cuentas/cuenta/saldo-inicial/",
                   {"producto": productos[0].pk, "monto": "0", "cupo": "5", "confirmado": "True"})
    assert "Solo las tarjetas de crédito tienen cupo." in r.content.decode()


def test_deposit_submitted_twice_is_one_deposit(banco, productos):
    url = "/banco/cuentas/cuenta/consignar/"
    datos = {"producto": productos[0].pk, "monto": "150000", "referencia": "CONS-1", "descripcion": "Consignación",
             "id_operacion": str(uuid.uuid4()), "confirmado": "True"}
    assert banco.post(url, datos).status_code == 302
    r = banco.post(url, datos, follow=True)
    assert "ya se había registrado" in r.content.decode()
    assert Cuenta.objects.get(producto=productos[0]).saldo == 150000
    assert Movimiento.objects.filter(cuenta__producto=productos[0]).count() == 1
    evento = Evento.objects.get(accion=Acciones.CONSIGNACION)
    assert evento.detalles["monto"] == "150000.00" and evento.empresa_id == productos[0].empresa_id


def test_actions_audit_in_the_same_transaction(staff, productos):
    r = do_consignar(productos[0], Decimal(10), id_operacion="x", actor=staff)
    assert r.nueva and not do_consignar(productos[0], Decimal(10), id_operacion="x", actor=staff).nueva
    assert do_cargar_saldo_inicial(productos[1], Decimal(5), actor=staff).nueva
    assert Evento.objects.filter(accion__in=[Acciones.CONSIGNACION, Acciones.SALDO_INICIAL]).count() == 2


def test_ledger_is_read_only_in_the_admin(banco, productos, staff):
    do_consignar(productos[0], Decimal(10), id_operacion="x", actor=staff)
    for modelo in ("cuenta", "transferencia", "movimiento"):
        assert banco.get(f"/banco/cuentas/{modelo}/").status_code == 200
        assert banco.get(f"/banco/cuentas/{modelo}/add/").status_code == 403
    t = Transferencia.objects.get()
    assert banco.post(f"/banco/cuentas/transferencia/{t.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Transferencia.objects.count() == 1


def test_company_users_cannot_reach_banco(client, admin):
    from tests.factories import login_portal

    login_portal(client, admin)
    assert client.get("/banco/cuentas/cuenta/consignar/").status_code == 302
