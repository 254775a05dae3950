"""Maker-checker rules, each on its own: capture, approvals, execution exactly once, ends that release topes."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from admin_usuarios.models import DIAS, Horario, Perfil, ProductoAsignado
from auditoria.models import Evento
from comun.errores import AccionRechazada
from comun.models import CorreoSaliente
from cuentas.models import Cuenta, Transferencia
from tests.factories import crear_producto
from tests.transacciones.conftest import M, capturar, topes
from topes.models import Consumo, TopeUsuario
from transacciones import tasks
from transacciones.actions.operaciones import (
    do_aprobar_operacion,
    do_cancelar_operacion,
    do_capturar_operacion,
    do_ejecutar_programada,
    do_rechazar_operacion,
    do_vencer_operacion,
    hoy,
)
from transacciones.models import Aprobacion, Operacion
from transacciones.reglas import pendientes_para

pytestmark = pytest.mark.django_db
E = Operacion.Estado


def _reservado(usuario) -> Decimal:
    return sum((c.monto for c in Consumo.objects.filter(usuario=usuario)), Decimal(0))


def _proximo(weekday: int) -> dt.date:
    d = hoy() + dt.timedelta(days=1)
    while d.weekday() != weekday:
        d += dt.timedelta(days=1)
    return d


# --- capture -------------------------------------------------------------------------------------------

def test_capture_is_por_aprobar_and_reserves_against_the_captors_topes(operador, origen, corriente, fondos):
    op = capturar(operador, origen, corriente)
    assert op.estado == E.POR_APROBAR and op.aprobaciones_requeridas == 2
    assert op.reserva is not None and op.reserva.monto == Decimal(1_500_000)
    assert _reservado(operador) == Decimal(1_500_000)
    assert Evento.objects.filter(accion="OPERACION_CAPTURADA").count() == 1
    assert not Transferencia.objects.filter(pk=op.id_transferencia).exists()


def test_the_same_idempotency_key_twice_is_one_operation(operador, origen, corriente, fondos):
    clave = uuid.uuid4()
    a = capturar(operador, origen, corriente, clave=clave)
    b, creada = do_capturar_operacion(tipo=Operacion.Tipo.INTERNA, origen=origen, destino=corriente,
                                      monto=Decimal(1_500_000), fecha=hoy(), clave=clave, actor=operador)
    assert a.pk == b.pk and not creada
    assert Operacion.objects.count() == 1 and _reservado(operador) == Decimal(1_500_000)


def test_capture_needs_the_services_option(operador, origen, corriente, perfiles):
    Perfil.objects.filter(pk=perfiles["operador"].pk).update(opciones=["pagos_terceros"])
    operador.perfil.refresh_from_db()
    with pytest.raises(AccionRechazada, match="opción"):
        capturar(operador, origen, corriente)


def test_a_supervisor_cannot_capture(sup1, origen, corriente):
    Perfil.objects.filter(pk=sup1.perfil_id).update(opciones=["transferencias", "aprobaciones"])
    sup1.perfil.refresh_from_db()
    with pytest.raises(AccionRechazada, match="Operador o Ambos"):
        capturar(sup1, origen, corriente)


def test_the_administrator_does_not_capture(admin, origen, corriente):
    with pytest.raises(AccionRechazada, match="administra"):
        capturar(admin, origen, corriente)


def test_origin_must_be_assigned_to_the_captor(operador, empresa, corriente):
    otro = crear_producto(empresa, "CAHOFelipe", "251830758")
    with pytest.raises(AccionRechazada) as exc:
        capturar(operador, otro, corriente)
    assert exc.value.campo == "origen"


def test_capture_outside_the_users_schedule_is_refused(operador, origen, corriente):
    dia = DIAS[timezone.localtime().weekday()][0]
    Horario.objects.create(usuario=operador, **{f"{dia}_inicio": None, f"{dia}_fin": None})
    with pytest.raises(AccionRechazada, match="horario"):
        capturar(operador, origen, corriente)
    assert not Consumo.objects.exists()


def test_a_day_without_monetary_operations_is_refused(operador, origen, corriente):
    Horario.objects.create(usuario=operador, monetarias_sabado=False)
    with pytest.raises(AccionRechazada) as exc:
        capturar(operador, origen, corriente, fecha=_proximo(5))
    assert exc.value.campo == "fecha" and "sábados" in exc.value.mensaje


def test_over_the_transaction_tope_is_refused_next_to_the_amount(operador, origen, corriente):
    with pytest.raises(AccionRechazada) as exc:
        capturar(operador, origen, corriente, monto=11 * M)
    assert exc.value.campo == "monto" and exc.value.codigo == "excede_transaccion"


def test_over_the_daily_tope_is_refused(operador, origen, corriente):
    capturar(operador, origen, corriente, monto=10 * M)
    capturar(operador, origen, corriente, monto=9 * M)
    with pytest.raises(AccionRechazada) as exc:
        capturar(operador, origen, corriente, monto=2 * M)
    assert exc.value.codigo == "excede_diario"
    assert Operacion.objects.count() == 2


def test_a_past_date_is_refused(operador, origen, corriente):
    with pytest.raises(AccionRechazada) as exc:
        capturar(operador, origen, corriente, fecha=hoy() - dt.timedelta(days=1))
    assert exc.value.campo == "fecha"


def test_internal_destination_must_differ_from_origin(operador, origen):
    with pytest.raises(AccionRechazada) as exc:
        capturar(operador, origen, origen)
    assert exc.value.campo == "destino"


def test_a_beneficiary_must_be_active(operador, origen, beneficiario):
    beneficiario.estado = beneficiario.Estado.PENDIENTE
    beneficiario.save()
    with pytest.raises(AccionRechazada) as exc:
        capturar(operador, origen, tipo=Operacion.Tipo.TERCEROS, beneficiario=beneficiario)
    assert exc.value.campo == "beneficiario"


def test_tax_payment_needs_form_type_and_number(operador, origen):
    for numero in ("12a", "٣٣٣٣٣٣٣", "１２３４５６７"):  # digits of other scripts are not a form number either
        with pytest.raises(AccionRechazada) as exc:
            capturar(operador, origen, tipo=Operacion.Tipo.IMPUESTOS, formulario="490", numero_formulario=numero)
        assert exc.value.campo == "numero_formulario"


def test_approvers_are_emailed_when_something_awaits_them(operador, sup1, sup2, ambos, admin, origen, corriente):
    capturar(operador, origen, corriente)
    para = set(CorreoSaliente.objects.filter(plantilla="operacion_por_aprobar").values_list("para", flat=True))
    assert para == {sup1.email, sup2.email, ambos.email}


# --- approvals -----------------------------------------------------------------------------------------

def test_two_approvals_execute_it_and_the_ledger_moves_the_money(operador, sup1, sup2, origen, corriente, fondos):
    op = capturar(operador, origen, corriente)
    op = do_aprobar_operacion(op, actor=sup1)
    assert op.estado == E.POR_APROBAR and op.aprobaciones_recibidas == 1
    op = do_aprobar_operacion(op, actor=sup2)
    assert op.estado == E.EJECUTADA and op.finalizada is not None
    t = Transferencia.objects.get(pk=f"operacion:{op.pk}")
    assert t.monto == Decimal(1_500_000) and t.debito.producto == origen and t.credito.producto == corriente
    assert Cuenta.objects.get(producto=corriente).saldo == Decimal(1_500_000)
    assert Cuenta.objects.get(producto=origen).saldo == 50 * M - Decimal(1_500_000)
    assert _reservado(operador) == Decimal(1_500_000)  # an executed operation keeps consuming the topes
    assert CorreoSaliente.objects.filter(plantilla="operacion_finalizada", para=operador.email).count() == 1


def test_one_approval_profile(operador, sup1, origen, corriente, fondos, perfiles):
    Perfil.objects.filter(pk=perfiles["operador"].pk).update(aprobaciones=1)
    op = do_aprobar_operacion(capturar(operador, origen, corriente), actor=sup1)
    assert op.estado == E.EJECUTADA


def test_zero_approvals_execute_on_capture(operador, origen, corriente, fondos, perfiles):
    Perfil.objects.filter(pk=perfiles["operador"].pk).update(aprobaciones=0)
    op = capturar(operador, origen, corriente)
    assert op.estado == E.EJECUTADA
    assert Transferencia.objects.filter(pk=op.id_transferencia).exists()


def test_the_bar_is_the_captors_profile_at_capture_time(operador, sup1, origen, corriente, fondos, perfiles):
    op = capturar(operador, origen, corriente)
    Perfil.objects.filter(pk=perfiles["operador"].pk).update(aprobaciones=1)
    op = do_aprobar_operacion(op, actor=sup1)
    assert op.estado == E.POR_APROBAR
    # And the other way: captured under 1, the profile raised to 2 afterwards, one approval executes it.
    otra = capturar(operador, origen, corriente)
    Perfil.objects.filter(pk=perfiles["operador"].pk).update(aprobaciones=2)
    assert (otra.aprobaciones_requeridas, do_aprobar_operacion(otra, actor=sup1).estado) == (1, E.EJECUTADA)


def test_self_approval_is_refused_even_for_ambos(ambos, origen, corriente, fondos):
    op = capturar(ambos, origen, corriente)
    with pytest.raises(AccionRechazada, match="capturó"):
        do_aprobar_operacion(op, actor=ambos)
    assert not Aprobacion.objects.exists()


def test_ambos_approves_what_someone_else_captured(operador, ambos, sup1, origen, corriente, fondos):
    op = do_aprobar_operacion(capturar(operador, origen, corriente), actor=ambos)
    assert op.aprobaciones_recibidas == 1


def test_the_same_approver_twice_is_refused(operador, sup1, origen, corriente, fondos):
    op = capturar(operador, origen, corriente)
    do_aprobar_operacion(op, actor=sup1)
    with pytest.raises(AccionRechazada, match="ya aprobó"):
        do_aprobar_operacion(op, actor=sup1)
    op.refresh_from_db()
    assert op.aprobaciones_recibidas == 1 and op.estado == E.POR_APROBAR


def test_an_operador_cannot_approve(operador, empresa, perfiles, origen, corriente):
    from tests.transacciones.conftest import persona as _persona

    # Even with the approval option and the origin product: the profile type alone refuses.
    con_opcion = Perfil.objects.create(empresa=empresa, nombre="Operador que aprueba", tipo=Perfil.Tipo.OPERADOR,
                                       opciones=[*perfiles["operador"].opciones, "aprobaciones"], aprobaciones=1)
    otro = _persona(empresa, "opotro", con_opcion, origen)
    op = capturar(operador, origen, corriente)
    with pytest.raises(AccionRechazada, match="Supervisor o Ambos"):
        do_aprobar_operacion(op, actor=otro)


def test_an_approver_without_the_approval_option_is_refused(operador, sup1, origen, corriente, perfiles):
    Perfil.objects.filter(pk=perfiles["supervisor"].pk).update(opciones=["consulta_saldos"])
    sup1.perfil.refresh_from_db()
    with pytest.raises(AccionRechazada, match="Aprobación de Operaciones"):
        do_aprobar_operacion(capturar(operador, origen, corriente), actor=sup1)


def test_an_approver_without_the_origin_product_is_refused(operador, sup1, origen, corriente):
    op = capturar(operador, origen, corriente)
    ProductoAsignado.objects.filter(usuario=sup1).delete()
    with pytest.raises(AccionRechazada, match="no está asignado"):
        do_aprobar_operacion(op, actor=sup1)


def test_an_approver_whose_transaction_tope_is_below_the_amount_is_refused(operador, sup1, origen, corriente):
    op = capturar(operador, origen, corriente, monto=5 * M)
    TopeUsuario.objects.filter(asignacion__usuario=sup1).update(transaccion=4 * M)
    with pytest.raises(AccionRechazada, match="tope por transacción"):
        do_aprobar_operacion(op, actor=sup1)


def test_the_administrator_does_not_approve(operador, admin, origen, corriente):
    with pytest.raises(AccionRechazada, match="administra"):
        do_aprobar_operacion(capturar(operador, origen, corriente), actor=admin)


def test_another_companys_user_cannot_approve(operador, admin_otra, origen, corriente, otra_empresa):
    with pytest.raises(AccionRechazada):
        do_aprobar_operacion(capturar(operador, origen, corriente), actor=admin_otra)
    # A Supervisor of the other company, even with our origin product wrongly assigned to them
    # and a limit for it: the company alone refuses.
    from tests.transacciones.conftest import APRUEBA
    from tests.transacciones.conftest import persona as _persona

    perfil = Perfil.objects.create(empresa=otra_empresa, nombre="Supervisores", tipo=Perfil.Tipo.SUPERVISOR,
                                   opciones=APRUEBA, aprobaciones=1)
    extrano = _persona(otra_empresa, "supvalle", perfil, origen)
    with pytest.raises(AccionRechazada, match="no existe"):
        do_aprobar_operacion(capturar(operador, origen, corriente), actor=extrano)


def test_pending_for_me_follows_the_approver_rules(operador, sup1, ambos, origen, corriente, fondos):
    a = capturar(operador, origen, corriente, monto=2 * M)
    b = capturar(ambos, origen, corriente, monto=3 * M)
    assert set(pendientes_para(sup1)) == {a, b}
    assert set(pendientes_para(ambos)) == {a}  # never its own
    do_aprobar_operacion(a, actor=sup1)
    assert set(pendientes_para(sup1)) == {b}
    assert list(pendientes_para(operador)) == []


# --- execution and its ends ------------------------------------------------------------------------------

def test_insufficient_funds_is_fallida_and_releases_the_reservation(operador, sup1, sup2, origen, corriente):
    op = capturar(operador, origen, corriente)  # no money loaded in CAHOAndres
    do_aprobar_operacion(op, actor=sup1)
    op = do_aprobar_operacion(op, actor=sup2)
    assert op.estado == E.FALLIDA and "Fondos insuficientes" in op.motivo
    assert op.reserva is None and _reservado(operador) == 0
    assert not Transferencia.objects.filter(pk=op.id_transferencia).exists()
    assert CorreoSaliente.objects.filter(plantilla="operacion_finalizada", para=operador.email).exists()


def test_execution_happens_once_even_if_asked_again(operador, sup1, sup2, origen, corriente, fondos):
    op = capturar(operador, origen, corriente)
    do_aprobar_operacion(op, actor=sup1)
    do_aprobar_operacion(op, actor=sup2)
    assert do_ejecutar_programada(op) is None
    with pytest.raises(AccionRechazada, match="ya no está por aprobar"):
        do_aprobar_operacion(op, actor=sup1)
    assert Transferencia.objects.filter(pk=op.id_transferencia).count() == 1
    assert Cuenta.objects.get(producto=corriente).saldo == Decimal(1_500_000)


def test_rejection_needs_a_reason_and_releases_the_reservation(operador, sup1, origen, corriente):
    op = capturar(operador, origen, corriente)
    with pytest.raises(AccionRechazada) as exc:
        do_rechazar_operacion(op, "  ", actor=sup1)
    assert exc.value.campo == "motivo"
    op = do_rechazar_operacion(op, "Cuenta equivocada", actor=sup1)
    assert op.estado == E.RECHAZADA and op.motivo == "Cuenta equivocada" and _reservado(operador) == 0
    assert Evento.objects.filter(accion="RESERVA_LIBERADA").count() == 1
    assert CorreoSaliente.objects.filter(plantilla="operacion_finalizada").count() == 1


def test_the_captor_cannot_reject_their_own(ambos, origen, corriente):
    with pytest.raises(AccionRechazada, match="capturó"):
        do_rechazar_operacion(capturar(ambos, origen, corriente), "no", actor=ambos)


def test_the_captor_cancels_before_the_last_approval(operador, sup1, origen, corriente):
    op = capturar(operador, origen, corriente)
    with pytest.raises(AccionRechazada, match="Solo quien capturó"):
        do_cancelar_operacion(op, actor=sup1)
    op = do_cancelar_operacion(op, actor=operador)
    assert op.estado == E.CANCELADA and _reservado(operador) == 0


def test_an_executed_operation_cannot_be_cancelled(operador, sup1, sup2, origen, corriente, fondos):
    op = capturar(operador, origen, corriente)
    do_aprobar_operacion(op, actor=sup1)
    do_aprobar_operacion(op, actor=sup2)
    with pytest.raises(AccionRechazada):
        do_cancelar_operacion(op, actor=operador)


def test_expiry_releases_the_reservation(operador, sup1, origen, corriente):
    op = capturar(operador, origen, corriente)
    assert do_vencer_operacion(op) is None  # not due yet
    Operacion.objects.filter(pk=op.pk).update(vence=timezone.now() - dt.timedelta(seconds=1))
    assert tasks.vencer_operaciones() == 1
    op.refresh_from_db()
    assert op.estado == E.VENCIDA and _reservado(operador) == 0
    assert tasks.vencer_operaciones() == 0
    with pytest.raises(AccionRechazada):
        do_aprobar_operacion(op, actor=sup1)


def test_expiry_is_the_companys_days_or_the_operations_date(operador, origen, corriente, empresa):
    empresa.dias_aprobacion = 3
    empresa.save()
    operador.empresa.refresh_from_db()
    op = capturar(operador, origen, corriente)
    assert op.vence <= timezone.now() + dt.timedelta(days=1)  # today's operation: by the end of today
    programada = capturar(operador, origen, corriente, fecha=hoy() + dt.timedelta(days=10))
    assert dt.timedelta(days=2, hours=23) < programada.vence - timezone.now() <= dt.timedelta(days=3)


def test_a_programada_waits_for_its_day_and_beat_executes_it_once(operador, sup1, sup2, origen, corriente, fondos):
    manana = hoy() + dt.timedelta(days=1)
    op = capturar(operador, origen, corriente, fecha=manana)
    assert op.reserva.fecha == manana  # reserved against the day it executes
    do_aprobar_operacion(op, actor=sup1)
    op = do_aprobar_operacion(op, actor=sup2)
    assert op.estado == E.APROBADA
    assert tasks.ejecutar_programadas() == 0  # not its day yet
    Operacion.objects.filter(pk=op.pk).update(fecha_programada=hoy())  # the day comes
    assert tasks.ejecutar_programadas() == 1
    assert tasks.ejecutar_programadas() == 0
    op.refresh_from_db()
    assert op.estado == E.EJECUTADA
    assert Transferencia.objects.filter(pk=op.id_transferencia).count() == 1


def test_payments_to_beneficiaries_and_taxes_credit_the_banks_accounts(operador, sup1, sup2, origen, fondos,
                                                                      beneficiario, perfiles):
    Perfil.objects.filter(pk=perfiles["operador"].pk).update(aprobaciones=0)
    tercero = capturar(operador, origen, tipo=Operacion.Tipo.TERCEROS, beneficiario=beneficiario)
    aval = capturar(operador, origen, tipo=Operacion.Tipo.OTROS_BANCOS, beneficiario=beneficiario)
    dian = capturar(operador, origen, tipo=Operacion.Tipo.IMPUESTOS, formulario="490",
                    numero_formulario="4910012345678")
    assert {tercero.estado, aval.estado, dian.estado} == {E.EJECUTADA}
    assert Transferencia.objects.get(pk=tercero.id_transferencia).credito.clave == "banco:compensacion:bancolombia"
    assert Transferencia.objects.get(pk=dian.id_transferencia).credito.clave == "banco:impuestos"
    assert "Form. 490" in Transferencia.objects.get(pk=dian.id_transferencia).descripcion


def test_approver_tope_is_per_product(operador, sup1, empresa, origen, corriente, fondos):
    otro = crear_producto(empresa, "CAHOFelipe", "251830758")
    topes(operador, otro)
    op = capturar(operador, otro, corriente)
    with pytest.raises(AccionRechazada, match="no está asignado"):
        do_aprobar_operacion(op, actor=sup1)


def test_the_captors_email_is_sent_with_the_outcome(operador, sup1, sup2, origen, corriente, fondos, mailoutbox,
                                                    django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        op = capturar(operador, origen, corriente)
        do_aprobar_operacion(op, actor=sup1)
        do_aprobar_operacion(op, actor=sup2)
    al_captor = [m for m in mailoutbox if m.to == [operador.email]]
    assert len(al_captor) == 1
    assert f"operación {op.numero} quedó Ejecutada" in al_captor[0].subject
    assert "$1.500.000,00" in al_captor[0].body
    assert {m.to[0] for m in mailoutbox if "espera su aprobación" in m.subject} == {sup1.email, sup2.email}


def test_every_state_change_is_audited_with_before_and_after(operador, sup1, sup2, origen, corriente, fondos):
    ejecutada = capturar(operador, origen, corriente)
    do_aprobar_operacion(ejecutada, actor=sup1)
    do_aprobar_operacion(ejecutada, actor=sup2)
    rechazada = capturar(operador, origen, corriente)
    do_rechazar_operacion(rechazada, motivo="Duplicada", actor=sup1)
    cancelada = capturar(operador, origen, corriente)
    do_cancelar_operacion(cancelada, actor=operador)
    vencida = capturar(operador, origen, corriente)
    Operacion.objects.filter(pk=vencida.pk).update(vence=timezone.now() - dt.timedelta(seconds=1))
    do_vencer_operacion(vencida)

    def eventos(op) -> list[tuple[str, str | None, str | None]]:
        filas = Evento.objects.filter(objetivo_descripcion=f"Operación {op.numero}").order_by("pk")
        return [(e.accion, e.detalles["antes"].get("estado"), e.detalles["despues"].get("estado")) for e in filas]

    assert eventos(ejecutada) == [("OPERACION_CAPTURADA", None, "POR_APROBAR"),
                                  ("OPERACION_APROBADA", "POR_APROBAR", "POR_APROBAR"),
                                  ("OPERACION_APROBADA", "POR_APROBAR", "POR_APROBAR"),
                                  ("OPERACION_EJECUTADA", "POR_APROBAR", "EJECUTADA")]
    assert eventos(rechazada)[-1] == ("OPERACION_RECHAZADA", "POR_APROBAR", "RECHAZADA")
    assert eventos(cancelada)[-1] == ("OPERACION_CANCELADA", "POR_APROBAR", "CANCELADA")
    assert eventos(vencida)[-1] == ("OPERACION_VENCIDA", "POR_APROBAR", "VENCIDA")
    aprobaciones = Evento.objects.filter(accion="OPERACION_APROBADA", objetivo_descripcion=f"Operación {ejecutada.numero}")
    assert [(e.detalles["antes"]["aprobaciones_recibidas"], e.detalles["despues"]["aprobaciones_recibidas"])
            for e in aprobaciones.order_by("pk")] == [(0, 1), (1, 2)]


def test_emails_wait_for_the_commit_in_the_outbox(operador, sup1, origen, corriente, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        op = capturar(operador, origen, corriente)
    # Written in the operation's transaction; handed to the broker only when it commits.
    assert CorreoSaliente.objects.filter(para=sup1.email).count() == 1 and callbacks
    assert op.estado == E.POR_APROBAR
