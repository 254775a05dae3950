"""/banco/: operations and registered accounts read-only; staff run the beat's actions on a selection."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from auditoria.models import Evento
from tests.transacciones.conftest import capturar
from topes.models import Consumo
from transacciones.models import Operacion

pytestmark = pytest.mark.django_db


def test_staff_see_operations_and_expire_the_due_ones_through_the_action(banco, staff, operador, origen, corriente,
                                                                         beneficiario):
    vencida = capturar(operador, origen, corriente)
    vigente = capturar(operador, origen, corriente)
    Operacion.objects.filter(pk=vencida.pk).update(vence=timezone.now())
    lista = banco.get("/banco/transacciones/operacion/")
    assert lista.status_code == 200
    assert '<td class="field-aprobaciones">0 / 2</td>' in lista.content.decode()  # received / required
    assert "ProvCauca" in banco.get("/banco/transacciones/beneficiario/").content.decode()
    assert banco.get(f"/banco/transacciones/operacion/{vencida.pk}/change/").status_code == 200
    r = banco.post("/banco/transacciones/operacion/", {"action": "vencer", "_selected_action": [vencida.pk, vigente.pk]},
                   follow=True)
    assert "1 operación(es) vencida(s)" in r.content.decode()
    assert dict(Operacion.objects.values_list("pk", "estado")) == {vencida.pk: "VENCIDA", vigente.pk: "POR_APROBAR"}
    assert Consumo.objects.filter(usuario=operador).count() == 1
    assert Evento.objects.filter(accion="OPERACION_VENCIDA", actor=staff).count() == 1


def test_staff_read_amounts_as_the_bank_writes_them(banco, operador, origen, corriente):
    """SPEC "Everywhere": money is `$1.234.567,00` in /banco/ too, in a change list's column and
    on a record shown read-only; an amount staff may edit stays an input with its own format."""
    from topes.models import TopeBanco

    op = capturar(operador, origen, corriente, monto=Decimal("2350000.5"))
    lista = banco.get("/banco/transacciones/operacion/").content.decode()
    assert '<td class="field-monto">$2.350.000,50</td>' in lista
    assert "2350000,50" not in lista
    assert banco.get("/banco/transacciones/operacion/?o=5").status_code == 200  # still sorted by the amount
    detalle = banco.get(f"/banco/transacciones/operacion/{op.pk}/change/").content.decode()
    assert "$2.350.000,50" in detalle and "2350000,50" not in detalle
    tope, _c = TopeBanco.objects.get_or_create(empresa=operador.empresa, servicio=op.servicio, defaults={
        "transaccion": Decimal(50_000_000), "diario": Decimal(200_000_000), "mensual": Decimal(2_000_000_000)})
    editable = banco.get(f"/banco/topes/topebanco/{tope.pk}/change/").content.decode()
    assert 'name="transaccion"' in editable
    assert "$2.350.000,50" in banco.get("/banco/topes/consumo/").content.decode()  # its reservation


def test_every_banco_admin_writes_money_as_the_bank_does():
    """The rule is the site's, so an admin registered later gets it too."""
    from comun.admin_site import MontosLegibles, banco_site

    assert banco_site._registry and all(isinstance(a, MontosLegibles) for a in banco_site._registry.values())


def test_an_add_form_keeps_its_amounts_as_inputs(rf, staff):
    """Only a record shown read-only gets written amounts: an add form (even of an admin whose
    records cannot be changed) keeps its inputs, or Django could not find their form fields."""
    from django.contrib import admin

    from comun.admin_site import MontosLegibles
    from topes.models import TopeBanco

    class SoloAgregar(MontosLegibles, admin.ModelAdmin):
        def has_change_permission(self, request, obj=None):
            return False

    request = rf.get("/banco/topes/topebanco/add/")
    request.user = staff
    campos = [c for _t, o in SoloAgregar(TopeBanco, admin.site).get_fieldsets(request) for c in o["fields"]]
    assert {"transaccion", "diario", "mensual"} <= set(campos)
    editable = TopeBanco(transaccion=Decimal(1), diario=Decimal(2), mensual=Decimal(3))
    leido = [c for _t, o in SoloAgregar(TopeBanco, admin.site).get_fieldsets(request, editable) for c in o["fields"]]
    assert "transaccion" not in leido and any(callable(c) and c.__name__ == "transaccion" for c in leido)


def test_every_decimal_field_is_an_amount_in_pesos():
    """/banco/ writes every DecimalField as pesos (MontosLegibles): a decimal that is not money
    (a rate, a percentage) must make its author decide how /banco/ shows it."""
    from django.apps import apps
    from django.db import models

    decimales = [(m._meta.label, f.name, f.max_digits, f.decimal_places)
                 for m in apps.get_models() if not m._meta.label.startswith(("auth.", "admin.", "otp_"))
                 for f in m._meta.concrete_fields if isinstance(f, models.DecimalField)]
    assert decimales and all((d, p) == (18, 2) for _m, _f, d, p in decimales), decimales
