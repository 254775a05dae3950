"""Each existing action tells its user, through bandeja, inside its own transaction (one test per source)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from admin_usuarios.actions.claves import do_cambiar_clave, do_elegir_imagen_seguridad
from admin_usuarios.actions.estados import (
    do_bloquear_por_intentos,
    do_desbloquear_usuario,
    limite_de,
)
from admin_usuarios.models import Usuario
from bandeja import catalogo
from bandeja.models import Notificacion
from comun.models import CorreoSaliente
from tests.factories import crear_secundario, login_portal
from tests.tokens.helpers import enrolar, token_activo
from tests.transacciones.conftest import capturar
from tokens import actions as tokens
from transacciones.actions.operaciones import (
    do_aprobar_operacion,
    do_cancelar_operacion,
    do_rechazar_operacion,
    do_vencer_operacion,
)
from transacciones.models import Operacion

pytestmark = pytest.mark.django_db


def _eventos(usuario) -> list[str]:
    return list(Notificacion.objects.filter(usuario_id=usuario.pk).order_by("id").values_list("evento", flat=True))


def _seguridad_enviada(usuario, plantilla="aviso_seguridad") -> bool:
    return CorreoSaliente.objects.filter(para=usuario.email, plantilla=plantilla).exists()


# --- operations --------------------------------------------------------------------------------

def test_capture_notifies_each_approver(operador, sup1, sup2, ambos, origen, corriente):
    op = capturar(operador, origen, corriente)
    for aprobador in (sup1, sup2, ambos):
        n = Notificacion.objects.get(usuario_id=aprobador.pk)
        assert n.evento == catalogo.POR_APROBAR and n.datos["numero"] == op.numero
        assert n.enlace == f"/transacciones/operaciones/{op.pk}/"
    assert _eventos(operador) == []


def test_execution_notifies_the_captor(operador, sup1, sup2, origen, corriente, fondos):
    op = capturar(operador, origen, corriente)
    do_aprobar_operacion(op, actor=sup1)
    do_aprobar_operacion(op, actor=sup2)
    assert _eventos(operador) == [catalogo.EJECUTADA]


def test_rejection_notifies_the_captor(operador, sup1, origen, corriente):
    do_rechazar_operacion(capturar(operador, origen, corriente), "Cuenta equivocada", actor=sup1)
    n = Notificacion.objects.get(usuario_id=operador.pk)
    assert n.evento == catalogo.RECHAZADA and n.datos["motivo"] == "Cuenta equivocada"


def test_expiry_notifies_the_captor(operador, sup1, origen, corriente):
    op = capturar(operador, origen, corriente)
    Operacion.objects.filter(pk=op.pk).update(vence=timezone.now() - dt.timedelta(minutes=1))
    do_vencer_operacion(op)
    assert _eventos(operador) == [catalogo.VENCIDA]


def test_failure_notifies_the_captor(operador, sup1, sup2, origen, corriente):
    op = capturar(operador, origen, corriente)  # no money in the origin
    do_aprobar_operacion(op, actor=sup1)
    do_aprobar_operacion(op, actor=sup2)
    assert _eventos(operador) == [catalogo.FALLIDA]


def test_cancellation_notifies_the_captor(operador, sup1, origen, corriente):
    do_cancelar_operacion(capturar(operador, origen, corriente), actor=operador)
    assert _eventos(operador) == [catalogo.CANCELADA]


def test_a_rolled_back_action_leaves_no_notification(operador, sup1, origen, corriente):
    from comun.errores import AccionRechazada

    op = capturar(operador, origen, corriente)
    antes = Notificacion.objects.count()
    with pytest.raises(AccionRechazada):
        do_rechazar_operacion(op, "   ", actor=sup1)  # refused inside the transaction
    assert Notificacion.objects.count() == antes


# --- tokens ------------------------------------------------------------------------------------

def test_token_assigned_activated_inactivated_released(admin, secundario, inventario):
    token = tokens.do_asignar_token(secundario, actor=admin)
    assert _eventos(secundario) == [catalogo.TOKEN_ASIGNADO]
    token, _device, _codigo = enrolar(token, secundario)
    token = tokens.do_activar_token(token, actor=admin)
    assert _eventos(secundario)[-1] == catalogo.TOKEN_ACTIVADO
    assert _seguridad_enviada(secundario, "token_activado")  # a security notice, alerts off or not
    token = tokens.do_inactivar_token(token, actor=admin)
    assert _eventos(secundario)[-1] == catalogo.TOKEN_INACTIVADO
    assert not CorreoSaliente.objects.filter(plantilla="token_inactivado").exists()  # an alert: off for this user
    tokens.do_liberar_token(token, actor=admin)
    assert _eventos(secundario)[-1] == catalogo.TOKEN_LIBERADO
    assert _seguridad_enviada(secundario)


def test_token_activation_email_says_when_and_from_where(admin, secundario, inventario,
                                                         django_capture_on_commit_callbacks):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        token_activo(secundario, admin)
    correo = [m for m in mail.outbox if m.to == [secundario.email] and "activ" in m.subject.lower()][-1]
    assert "Si no fue usted" in correo.body and timezone.localtime().strftime("%Y/%m/%d") in correo.body


# --- password, image, block --------------------------------------------------------------------

def test_password_change_is_a_security_notice(secundario):
    do_cambiar_clave(secundario, "Nueva2024zz")
    assert _eventos(secundario) == [catalogo.CLAVE_CAMBIADA]
    assert _seguridad_enviada(secundario)


def test_image_change_is_a_security_notice_but_the_first_choice_is_not(empresa):
    nuevo = crear_secundario(empresa, "nuevo", imagen_seguridad="")
    do_elegir_imagen_seguridad(nuevo, "sol")
    assert _eventos(nuevo) == []
    do_elegir_imagen_seguridad(nuevo, "luna")
    assert _eventos(nuevo) == [catalogo.IMAGEN_CAMBIADA]
    assert _seguridad_enviada(nuevo)


def test_block_is_a_security_notice_and_unblock_a_notification(admin, secundario):
    assert do_bloquear_por_intentos(secundario, intento=limite_de(secundario), causa="clave_incorrecta", request=None)
    assert _eventos(secundario) == [catalogo.BLOQUEO]
    assert _seguridad_enviada(secundario)
    do_desbloquear_usuario(Usuario.objects.get(pk=secundario.pk), actor=admin)
    assert _eventos(secundario) == [catalogo.BLOQUEO, catalogo.DESBLOQUEO]


# --- login -------------------------------------------------------------------------------------

def test_login_from_a_new_ip_sends_a_security_notice(secundario):
    def entrar(ip: str):
        cliente = Client(REMOTE_ADDR=ip)
        r = login_portal(cliente, secundario)
        assert r.status_code == 302, r.content[:500]
        Usuario.objects.filter(pk=secundario.pk).update(sesion_actual="")

    entrar("198.51.100.7")  # the first login ever: no notice
    assert _eventos(secundario) == []
    entrar("198.51.100.7")
    assert _eventos(secundario) == []
    entrar("203.0.113.50")
    assert _eventos(secundario) == [catalogo.INGRESO_NUEVA_IP]
    n = Notificacion.objects.get(usuario_id=secundario.pk)
    assert n.datos["ip"] == "203.0.113.50"
    assert _seguridad_enviada(secundario)


def test_an_ip_of_a_login_in_the_audit_trail_is_known(secundario):
    """Logins from before bandeja remembered IPs count (the audit trail has them)."""
    from auditoria.actions import registrar
    from portal.eventos import Eventos

    Usuario.objects.filter(pk=secundario.pk).update(last_login=timezone.now() - dt.timedelta(days=3))
    registrar(Eventos.INGRESO, actor=secundario, objetivo=secundario, ip="192.0.2.44")
    r = login_portal(Client(REMOTE_ADDR="192.0.2.44"), secundario)
    assert r.status_code == 302
    assert _eventos(secundario) == []
