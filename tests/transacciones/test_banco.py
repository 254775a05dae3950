"""/banco/: operations and registered accounts read-only; staff run the beat's actions on a selection."""

from __future__ import annotations

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
