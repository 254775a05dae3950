"""Writes: user limits, company amounts and bank caps, under the one rule."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from admin_usuarios.models import ProductoAsignado
from auditoria.models import Evento
from tests.topes.conftest import M, poner_tope
from topes.actions import (
    TopesAfectadosError,
    TopesInvalidosError,
    do_guardar_montos_empresa,
    do_guardar_tope_banco,
    do_guardar_topes_usuario,
)
from topes.eventos import Eventos as Acciones
from topes.forms import TopeBancoAdminForm
from topes.models import MontoEmpresa, TopeBanco, TopeUsuario
from topes.rules import Montos

pytestmark = pytest.mark.django_db


def _montos(t, d, m) -> Montos:
    return Montos(Decimal(t), Decimal(d), Decimal(m))


def test_save_user_limits_audited_per_cell(admin, secundario, asignaciones, servicios, techos):
    terceros = servicios["pagos-terceros"]
    a = asignaciones[0]
    cambios = do_guardar_topes_usuario(
        secundario, {(a.pk, terceros.pk): _montos(1 * M, 5 * M, 50 * M)}, actor=admin
    )
    assert cambios == 1
    tope = TopeUsuario.objects.get(asignacion=a, servicio=terceros)
    assert (tope.transaccion, tope.diario, tope.mensual) == (1 * M, 5 * M, 50 * M)
    do_guardar_topes_usuario(secundario, {(a.pk, terceros.pk): _montos(1 * M, 6 * M, 50 * M)}, actor=admin)
    eventos = list(Evento.objects.filter(accion=Acciones.TOPES_USUARIO).order_by("id"))
    assert len(eventos) == 2
    assert eventos[0].detalles["antes"]["015829393/pagos-terceros/diario"] == "0.00"
    assert eventos[0].detalles["despues"]["015829393/pagos-terceros/diario"] == "5000000.00"
    # Only the cell that changed is in the second row.
    assert eventos[1].detalles == {
        "antes": {"015829393/pagos-terceros/diario": "5000000.00"},
        "despues": {"015829393/pagos-terceros/diario": "6000000.00"},
    }
    assert eventos[1].objetivo == secundario and eventos[1].actor == admin


def test_user_limit_above_company_amount_refused_and_nothing_saved(admin, secundario, asignaciones, servicios, techos):
    a, b = asignaciones
    s = servicios["pagos-terceros"]
    valores = {
        (a.pk, s.pk): _montos(1 * M, 5 * M, 50 * M),           # fine
        (b.pk, s.pk): _montos(21 * M, 100 * M, 1000 * M),      # transacción above company's 20 M
    }
    with pytest.raises(TopesInvalidosError) as e:
        do_guardar_topes_usuario(secundario, valores, actor=admin)
    assert list(e.value.celdas) == [(b.pk, s.pk)]
    assert "transaccion" in e.value.celdas[(b.pk, s.pk)]
    assert not TopeUsuario.objects.exists()  # one transaction: the good cell was not saved either


def test_user_limit_order_rule_in_action(admin, secundario, asignaciones, servicios, techos):
    a = asignaciones[0]
    s = servicios["pagos-impuestos"]
    with pytest.raises(TopesInvalidosError) as e:
        do_guardar_topes_usuario(secundario, {(a.pk, s.pk): _montos(5 * M, 4 * M, 50 * M)}, actor=admin)
    assert "transaccion" in e.value.celdas[(a.pk, s.pk)]


def test_without_company_amount_only_zero_is_allowed(admin, secundario, asignaciones, servicios):
    a = asignaciones[0]
    s = servicios["pagos-impuestos"]
    with pytest.raises(TopesInvalidosError):
        do_guardar_topes_usuario(secundario, {(a.pk, s.pk): _montos(1, 1, 1)}, actor=admin)


def test_product_of_another_user_refused(admin, secundario, asignaciones, servicios, techos, empresa):
    from tests.factories import crear_secundario

    otro = crear_secundario(empresa, username="otro01")
    ajena = ProductoAsignado.objects.create(usuario=otro, producto=asignaciones[0].producto)
    with pytest.raises(ValidationError):
        do_guardar_topes_usuario(
            secundario, {(ajena.pk, servicios["pagos-terceros"].pk): _montos(1, 1, 1)}, actor=admin
        )


def test_removing_product_removes_its_limits(admin, secundario, asignaciones, servicios, techos):
    poner_tope(asignaciones[0], servicios["pagos-terceros"], 1, 2, 3)
    asignaciones[0].delete()
    assert not TopeUsuario.objects.exists()


# ---------------------------------------------------------------- company amounts

def test_company_amount_within_bank_cap(admin, empresa, servicios, techos):
    s = servicios["pagos-terceros"]
    with pytest.raises(TopesInvalidosError):
        do_guardar_montos_empresa(empresa, {s.pk: _montos(51 * M, 100 * M, 1000 * M)}, actor=admin)
    with pytest.raises(TopesInvalidosError):
        do_guardar_montos_empresa(empresa, {s.pk: _montos(20 * M, 10 * M, 1000 * M)}, actor=admin)
    do_guardar_montos_empresa(empresa, {s.pk: _montos(50 * M, 200 * M, 2000 * M)}, actor=admin)
    assert MontoEmpresa.objects.get(empresa=empresa, servicio=s).mensual == 2000 * M
    evento = Evento.objects.get(accion=Acciones.MONTOS_EMPRESA)
    assert evento.detalles["antes"]["pagos-terceros"]["mensual"] == str(1000 * M) + ".00"
    assert evento.detalles["despues"]["pagos-terceros"]["mensual"] == str(2000 * M) + ".00"


def test_lowering_company_amount_below_users_refused_with_list(admin, empresa, secundario, asignaciones, servicios, techos):
    s = servicios["pagos-terceros"]
    poner_tope(asignaciones[0], s, 10 * M, 50 * M, 500 * M)
    with pytest.raises(TopesAfectadosError) as e:
        do_guardar_montos_empresa(empresa, {s.pk: _montos(5 * M, 100 * M, 1000 * M)}, actor=admin)
    assert e.value.usuarios() == ["mguerrero"]
    assert "mguerrero" in " ".join(e.value.messages)
    assert MontoEmpresa.objects.get(empresa=empresa, servicio=s).transaccion == 20 * M


def test_lowering_company_amount_with_adjust_lowers_users_same_transaction(
    admin, empresa, secundario, asignaciones, servicios, techos
):
    s = servicios["pagos-terceros"]
    tope = poner_tope(asignaciones[0], s, 10 * M, 50 * M, 500 * M)
    otro = poner_tope(asignaciones[1], s, 1 * M, 2 * M, 3 * M)
    ajustados = do_guardar_montos_empresa(
        empresa, {s.pk: _montos(5 * M, 40 * M, 1000 * M)}, ajustar=True, actor=admin
    )
    assert [t.pk for t in ajustados] == [tope.pk]
    tope.refresh_from_db()
    otro.refresh_from_db()
    assert (tope.transaccion, tope.diario, tope.mensual) == (5 * M, 40 * M, 500 * M)
    assert (otro.transaccion, otro.diario, otro.mensual) == (1 * M, 2 * M, 3 * M)
    ajuste = Evento.objects.get(accion=Acciones.TOPES_AJUSTADOS)
    assert ajuste.objetivo == secundario
    assert ajuste.detalles["antes"]["015829393/pagos-terceros"]["transaccion"] == "10000000.00"
    assert ajuste.detalles["despues"]["015829393/pagos-terceros"]["transaccion"] == "5000000.00"


# ---------------------------------------------------------------- bank caps

def test_bank_cap_below_company_and_users_refused_or_adjusted(staff, empresa, secundario, asignaciones, servicios, techos):
    s = servicios["pagos-terceros"]
    tope = poner_tope(asignaciones[0], s, 10 * M, 50 * M, 500 * M)
    with pytest.raises(TopesAfectadosError) as e:
        do_guardar_tope_banco(empresa, s, _montos(8 * M, 200 * M, 2000 * M), actor=staff)
    assert e.value.empresa_excede and e.value.usuarios() == ["mguerrero"]
    assert TopeBanco.objects.get(empresa=empresa, servicio=s).transaccion == 50 * M

    do_guardar_tope_banco(empresa, s, _montos(8 * M, 200 * M, 2000 * M), ajustar=True, actor=staff)
    assert TopeBanco.objects.get(empresa=empresa, servicio=s).transaccion == 8 * M
    assert MontoEmpresa.objects.get(empresa=empresa, servicio=s).transaccion == 8 * M
    tope.refresh_from_db()
    assert tope.transaccion == 8 * M and tope.diario == 50 * M
    evento = Evento.objects.get(accion=Acciones.TOPE_BANCO)
    assert evento.empresa == empresa
    assert evento.detalles["monto_empresa"]["antes"]["transaccion"] == "20000000.00"


def test_bank_cap_below_company_only_refused(staff, empresa, servicios, techos):
    s = servicios["pagos-impuestos"]
    with pytest.raises(TopesAfectadosError) as e:
        do_guardar_tope_banco(empresa, s, _montos(50 * M, 90 * M, 2000 * M), actor=staff)
    assert e.value.empresa_excede and e.value.afectados == []


def test_bank_cap_order_rule(staff, empresa, servicios):
    with pytest.raises(ValidationError):
        do_guardar_tope_banco(empresa, servicios["pagos-impuestos"], _montos(5, 4, 10), actor=staff)


def test_admin_form_uses_the_rule_and_lists_users(empresa, secundario, asignaciones, servicios, techos):
    s = servicios["pagos-terceros"]
    poner_tope(asignaciones[0], s, 10 * M, 50 * M, 500 * M)
    datos = {"empresa": empresa.pk, "servicio": s.pk, "transaccion": "9.000.000", "diario": "200.000.000",
             "mensual": "2.000.000.000"}
    form = TopeBancoAdminForm(data=datos, instance=TopeBanco.objects.get(empresa=empresa, servicio=s))
    assert not form.is_valid()
    assert "mguerrero" in str(form.non_field_errors())
    form = TopeBancoAdminForm(data={**datos, "transaccion": "300.000.000"},
                              instance=TopeBanco.objects.get(empresa=empresa, servicio=s))
    assert not form.is_valid() and "transaccion" in form.errors
    form = TopeBancoAdminForm(data={**datos, "ajustar": "on"},
                              instance=TopeBanco.objects.get(empresa=empresa, servicio=s))
    assert form.is_valid(), form.errors


def test_admin_saves_cap_through_action(client, staff, empresa, secundario, asignaciones, servicios, techos):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(staff)
    session = client.session
    device = TOTPDevice.objects.get(user=staff)
    session["otp_device_id"] = device.persistent_id
    session.save()
    s = servicios["pagos-terceros"]
    poner_tope(asignaciones[0], s, 10 * M, 50 * M, 500 * M)
    cap = TopeBanco.objects.get(empresa=empresa, servicio=s)
    url = f"/banco/topes/topebanco/{cap.pk}/change/"
    r = client.post(url, {"transaccion": "9.000.000", "diario": "200.000.000", "mensual": "2.000.000.000"})
    assert r.status_code == 200 and "mguerrero" in r.content.decode()
    r = client.post(url, {"transaccion": "9.000.000", "diario": "200.000.000", "mensual": "2.000.000.000",
                          "ajustar": "on"})
    assert r.status_code == 302
    assert TopeUsuario.objects.get(asignacion=asignaciones[0], servicio=s).transaccion == 9 * M
    assert Evento.objects.filter(accion=Acciones.TOPE_BANCO, actor=staff).count() == 1


def test_import_uses_the_same_rule(tmp_path, admin, secundario, asignaciones, servicios, techos):
    bueno = tmp_path / "topes.csv"
    bueno.write_text(
        "usuario;producto;servicio;transaccion;diario;mensual\n"
        "mguerrero;015829393;pagos-terceros;1.500.000;5.000.000,50;50.000.000\n",
        encoding="utf-8",
    )
    call_command("importar_topes", str(bueno), actor="adelgado", stdout=io.StringIO())
    tope = TopeUsuario.objects.get(asignacion=asignaciones[0], servicio=servicios["pagos-terceros"])
    assert tope.diario == Decimal("5000000.50")
    malo = tmp_path / "malo.csv"
    malo.write_text(
        "usuario;producto;servicio;transaccion;diario;mensual\n"
        "mguerrero;251830758;pagos-terceros;30.000.000;50.000.000;60.000.000\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="regla"):
        call_command("importar_topes", str(malo), actor="adelgado", stdout=io.StringIO())
    negativo = tmp_path / "negativo.csv"
    negativo.write_text(
        "usuario;producto;servicio;transaccion;diario;mensual\nmguerrero;251830758;pagos-terceros;-1;0;0\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="negativo"):
        call_command("importar_topes", str(negativo), actor="adelgado", stdout=io.StringIO())
    assert TopeUsuario.objects.count() == 1
