"""What tokens/actions.py writes, field by field: the audit rows, the outbox rows and the
notifications of Asignar and of the enrolment, and the exact refusals of who may manage
a token. The broader behaviour is in test_actions.py; these pin the details a bank's
auditor reads (and that mutation testing showed no test was reading)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import RequestFactory
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from admin_usuarios.models import Usuario
from auditoria.models import Evento
from bandeja.models import Notificacion
from comun.errores import AccionRechazada
from comun.models import CorreoSaliente
from tests.factories import codigo_fresco, crear_secundario, crear_staff
from tests.tokens.helpers import enrolar
from tokens import actions
from tokens.eventos import Eventos as Acciones
from tokens.models import CupoTokens, TokenFisico, TokenVirtual

pytestmark = pytest.mark.django_db
E = TokenVirtual.Estado

SIN_PERMISO = "No tiene permiso para administrar este token."
DEL_BANCO = "El token de un usuario administrador lo asigna y activa el banco. Comuníquese con el banco."


def _rechazo(funcion, *args, **kwargs) -> str:
    with pytest.raises(AccionRechazada) as exc:
        funcion(*args, **kwargs)
    return exc.value.mensaje


# --- Asignar: what it writes ------------------------------------------------------------------


def test_asignar_audit_row_word_for_word(admin, secundario, inventario):
    token = actions.do_asignar_token(secundario, actor=admin)
    evento = Evento.objects.get(accion=Acciones.ASIGNAR)
    assert evento.detalles == {"serial": token.serial, "antes": {"estado": "DISPONIBLE", "usuario": None},
                               "despues": {"estado": "ASIGNADO", "usuario": "mguerrero"}}
    assert (evento.actor_id, evento.objetivo_id, evento.empresa_id) == (admin.pk, secundario.pk, admin.empresa_id)


def test_asignar_takes_the_lowest_free_serial_and_clears_any_old_enrolment(admin, secundario, inventario):
    # A Disponible serial that kept stale enrolment fields (a released token) starts clean.
    device = TOTPDevice.objects.create(user=admin, name="viejo", confirmed=False)
    TokenVirtual.objects.filter(serial="FEF4900031").update(
        dispositivo=device, enrolamiento_expira=timezone.now() + dt.timedelta(minutes=5))
    token = actions.do_asignar_token(secundario, actor=admin)
    token.refresh_from_db()
    assert token.serial == "FEF4900031"
    assert (token.estado, token.usuario_id, token.dispositivo_id, token.enrolamiento_expira) == (
        E.ASIGNADO, secundario.pk, None, None)
    otro = crear_secundario(admin.empresa, "otrousr")
    assert actions.do_asignar_token(otro, actor=admin).serial == "FEF4900032"


def test_asignar_email_context_word_for_word(admin, secundario, inventario):
    token = actions.do_asignar_token(secundario, actor=admin)
    correo = CorreoSaliente.objects.get(plantilla="token_asignado")
    assert (correo.para, correo.usuario_id) == (secundario.email, secundario.pk)
    assert correo.contexto == {"nombre": secundario.nombre_completo, "usuario": "mguerrero",
                               "empresa": "Comercializadora Andina S.A.S.", "serial": token.serial,
                               "enlace": "/administracion/tokens/enrolar/"}


def test_asignar_email_link_is_absolute_from_a_request(admin, secundario, inventario):
    request = RequestFactory().post("/tokens/", HTTP_HOST="testserver")
    actions.do_asignar_token(secundario, actor=admin, request=request)
    correo = CorreoSaliente.objects.get(plantilla="token_asignado")
    assert correo.contexto["enlace"] == "http://testserver/administracion/tokens/enrolar/"
    assert Evento.objects.get(accion=Acciones.ASIGNAR).ip == "127.0.0.1"


def test_email_helper_sends_nothing_to_a_user_without_email(admin, secundario, inventario):
    # motivo_no_asignable refuses a user without email; the helper itself must not send to ''.
    token = TokenVirtual.objects.get(serial="FEF4900031")
    Usuario.objects.filter(pk=secundario.pk).update(email="")
    secundario.refresh_from_db()
    actions._correo("token_asignado", token, secundario, None)
    assert not CorreoSaliente.objects.exists()


def test_asignar_notification_word_for_word(admin, secundario, inventario):
    token = actions.do_asignar_token(secundario, actor=admin)
    aviso = Notificacion.objects.get(usuario=secundario)
    assert aviso.evento == "token_asignado" and aviso.enlace == "/administracion/tokens/enrolar/"
    assert aviso.datos["serial"] == token.serial
    assert aviso.datos["empresa"] == "Comercializadora Andina S.A.S."


def test_asignar_quota_message_names_the_quota(admin, empresa, inventario):
    CupoTokens.objects.filter(empresa=empresa).update(cantidad=1)  # the admin's own token fills it
    mensaje = _rechazo(actions.do_asignar_token, crear_secundario(empresa, "usr1"), actor=admin)
    assert mensaje == ("La empresa alcanzó su cupo de tokens virtuales (1). Solicite al banco ampliar el cupo.")


def test_asignar_without_quota_row_says_zero(admin, empresa, inventario):
    CupoTokens.objects.filter(empresa=empresa).delete()
    mensaje = _rechazo(actions.do_asignar_token, crear_secundario(empresa, "usr1"), actor=admin)
    assert mensaje == ("La empresa alcanzó su cupo de tokens virtuales (0). Solicite al banco ampliar el cupo.")
    assert not TokenVirtual.objects.filter(usuario__username="usr1").exists()


def test_asignar_counts_only_this_companys_tokens_in_use(admin, empresa, inventario, admin_otra, inventario_otra):
    # Another company's tokens in use do not eat this company's quota.
    CupoTokens.objects.filter(empresa=empresa).update(cantidad=2)  # admin's own + 1
    actions.do_asignar_token(crear_secundario(admin_otra.empresa, "valle1"), actor=admin_otra)
    assert actions.do_asignar_token(crear_secundario(empresa, "usr1"), actor=admin).estado == E.ASIGNADO


def test_asignar_with_no_free_serial(admin, empresa):
    CupoTokens.objects.create(empresa=empresa, cantidad=10)
    mensaje = _rechazo(actions.do_asignar_token, crear_secundario(empresa, "usr1"), actor=admin)
    assert mensaje == "No hay tokens virtuales disponibles. Solicite al banco cargar más seriales."


def test_asignar_already_assigned_message(admin, secundario, inventario):
    actions.do_asignar_token(secundario, actor=admin)
    assert _rechazo(actions.do_asignar_token, secundario, actor=admin) == (
        "El usuario ya tiene un token virtual asignado.")
    assert Evento.objects.filter(accion=Acciones.ASIGNAR).count() == 1


# --- who may manage a token (_exigir_autoridad) ----------------------------------------------


def test_bank_staff_assign_any_companys_token(admin, secundario, inventario):
    staff = crear_staff()
    token = actions.do_asignar_token(secundario, actor=staff)
    assert token.estado == E.ASIGNADO
    assert Evento.objects.get(accion=Acciones.ASIGNAR).actor_id == staff.pk


def test_bank_staff_assign_a_company_administrators_token(admin, empresa, inventario):
    nuevo_admin = crear_secundario(empresa, "admin2", es_administrador=True)
    assert actions.do_asignar_token(nuevo_admin, actor=crear_staff()).estado == E.ASIGNADO


def test_secondary_user_may_not_assign(admin, secundario, inventario):
    otro = crear_secundario(admin.empresa, "otrousr")
    assert _rechazo(actions.do_asignar_token, secundario, actor=otro) == SIN_PERMISO


def test_other_companys_administrator_may_not_assign(admin, secundario, inventario, admin_otra):
    assert _rechazo(actions.do_asignar_token, secundario, actor=admin_otra) == SIN_PERMISO
    assert not TokenVirtual.objects.filter(usuario=secundario).exists()


def test_administrator_without_company_may_not_assign(admin, secundario, inventario):
    suelto = Usuario.objects.create(username="suelto", es_administrador=True)
    assert _rechazo(actions.do_asignar_token, secundario, actor=suelto) == SIN_PERMISO


def test_administrator_may_not_assign_their_own_or_another_administrators_token(admin, empresa, inventario):
    TokenVirtual.objects.filter(usuario=admin).update(usuario=None, estado=E.DISPONIBLE)
    assert _rechazo(actions.do_asignar_token, admin, actor=admin) == DEL_BANCO
    otro_admin = crear_secundario(empresa, "admin2", es_administrador=True)
    assert _rechazo(actions.do_asignar_token, otro_admin, actor=admin) == DEL_BANCO
    assert not Evento.objects.filter(accion=Acciones.ASIGNAR).exists()


# --- enrolment: what it writes -----------------------------------------------------------------


def test_enrolment_confirmed_audit_and_device(admin, secundario, inventario):
    token = actions.do_asignar_token(secundario, actor=admin)
    token, device = actions.do_enrolar(token, actor=secundario)
    token = actions.do_confirmar_enrolamiento(token, f" {codigo_fresco(device)} ", actor=secundario)
    token.refresh_from_db()
    device.refresh_from_db()
    assert device.confirmed is True
    assert (token.estado, token.enrolamiento_expira, token.dispositivo_id) == (E.PENDIENTE_ACTIVACION, None, device.pk)
    evento = Evento.objects.get(accion=Acciones.ENROLADO)
    assert evento.detalles == {"serial": token.serial, "antes": {"estado": "ASIGNADO"},
                               "despues": {"estado": "PENDIENTE_ACTIVACION"}}
    assert (evento.actor_id, evento.objetivo_id, evento.empresa_id) == (secundario.pk, secundario.pk,
                                                                         secundario.empresa_id)


def test_enrolment_started_audit_word_for_word(admin, secundario, inventario):
    token = actions.do_asignar_token(secundario, actor=admin)
    antes = timezone.now()
    token, device = actions.do_enrolar(token, actor=secundario)
    assert device.confirmed is False and device.user_id == secundario.pk
    assert device.name == f"Token {token.serial}"
    assert antes + dt.timedelta(minutes=14) < token.enrolamiento_expira <= timezone.now() + dt.timedelta(minutes=15)
    evento = Evento.objects.get(accion=Acciones.ENROLAMIENTO_INICIADO)
    assert evento.detalles == {"serial": token.serial, "vence": token.enrolamiento_expira.isoformat()}
    assert (evento.actor_id, evento.objetivo_id, evento.empresa_id) == (secundario.pk, secundario.pk,
                                                                         secundario.empresa_id)


@pytest.mark.parametrize("codigo", ["", "abcdef", "12345", "1234567", "000000"])
def test_enrolment_wrong_code_refused_audited_and_kept(admin, secundario, inventario, codigo):
    token = actions.do_asignar_token(secundario, actor=admin)
    token, device = actions.do_enrolar(token, actor=secundario)
    if codigo == "000000" and codigo_fresco(device) == codigo:
        codigo = "111111"
    mensaje = _rechazo(actions.do_confirmar_enrolamiento, token, codigo, actor=secundario)
    assert mensaje == "El código no es válido o ya fue usado. Ingrese el código que muestra su aplicación."
    evento = Evento.objects.get(accion=Acciones.ENROLAMIENTO_FALLIDO)  # committed despite the refusal
    assert evento.detalles == {"serial": token.serial}
    assert (evento.actor_id, evento.objetivo_id, evento.empresa_id) == (secundario.pk, secundario.pk,
                                                                         secundario.empresa_id)
    token.refresh_from_db()
    device.refresh_from_db()
    assert token.estado == E.ASIGNADO and token.dispositivo_id == device.pk and device.confirmed is False
    # The right code still works afterwards, within the 15 minutes.
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    assert actions.do_confirmar_enrolamiento(token, codigo_fresco(device), actor=secundario).estado == (
        E.PENDIENTE_ACTIVACION)


def test_enrolment_expired_destroys_the_secret_audits_and_says_so(admin, secundario, inventario):
    token = actions.do_asignar_token(secundario, actor=admin)
    token, device = actions.do_enrolar(token, actor=secundario)
    TokenVirtual.objects.filter(pk=token.pk).update(enrolamiento_expira=timezone.now())
    mensaje = _rechazo(actions.do_confirmar_enrolamiento, token, codigo_fresco(device), actor=secundario)
    assert mensaje == ("El código QR venció (15 minutos). Genere uno nuevo y vuelva a cargarlo en su aplicación.")
    token.refresh_from_db()
    assert (token.estado, token.dispositivo_id, token.enrolamiento_expira) == (E.ASIGNADO, None, None)
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    evento = Evento.objects.get(accion=Acciones.ENROLAMIENTO_VENCIDO)
    assert evento.detalles == {"serial": token.serial}
    assert (evento.actor_id, evento.objetivo_id, evento.empresa_id) == (secundario.pk, secundario.pk,
                                                                         secundario.empresa_id)
    assert not Evento.objects.filter(accion=Acciones.ENROLAMIENTO_FALLIDO).exists()


def test_enrolment_without_expiry_counts_as_expired(admin, secundario, inventario):
    token = actions.do_asignar_token(secundario, actor=admin)
    token, device = actions.do_enrolar(token, actor=secundario)
    TokenVirtual.objects.filter(pk=token.pk).update(enrolamiento_expira=None)
    mensaje = _rechazo(actions.do_confirmar_enrolamiento, token, codigo_fresco(device), actor=secundario)
    assert mensaje.startswith("El código QR venció")
    assert Evento.objects.filter(accion=Acciones.ENROLAMIENTO_VENCIDO).count() == 1


def test_enrolment_confirm_before_the_qr(admin, secundario, inventario):
    token = actions.do_asignar_token(secundario, actor=admin)
    assert _rechazo(actions.do_confirmar_enrolamiento, token, "123456", actor=secundario) == (
        "Primero genere el código QR de su token.")
    assert not Evento.objects.filter(accion__startswith="ENROLAMIENTO").exists()


def test_enrolment_of_someone_elses_token(admin, secundario, inventario):
    token = actions.do_asignar_token(secundario, actor=admin)
    otro = crear_secundario(admin.empresa, "otrousr")
    assert _rechazo(actions.do_enrolar, token, actor=otro) == "Este token no está asignado a su usuario."
    assert _rechazo(actions.do_confirmar_enrolamiento, token, "123456", actor=otro) == (
        "Este token no está asignado a su usuario.")


def test_enrolment_confirm_when_not_assigned(admin, secundario, inventario):
    token = actions.do_asignar_token(secundario, actor=admin)
    token, _device, _codigo = enrolar(token, secundario)
    mensaje = _rechazo(actions.do_confirmar_enrolamiento, token, "123456", actor=secundario)
    assert mensaje == (f"No es posible realizar la operación: el token {token.serial} está en estado "
                       "Pendiente Activación.")


def test_enrolment_in_progress_only_with_a_secret_within_its_minutes(admin, secundario, inventario):
    token = actions.do_asignar_token(secundario, actor=admin)
    assert actions.enrolamiento_en_curso(token) is False  # no secret yet
    token, _device = actions.do_enrolar(token, actor=secundario)
    assert actions.enrolamiento_en_curso(token) is True
    token.enrolamiento_expira = timezone.now() - dt.timedelta(seconds=1)
    assert actions.enrolamiento_en_curso(token) is False
    token.enrolamiento_expira = None
    assert actions.enrolamiento_en_curso(token) is False
    token.enrolamiento_expira, token.dispositivo_id = timezone.now() + dt.timedelta(minutes=5), None
    assert actions.enrolamiento_en_curso(token) is False


# --- activation: the physical token it disables, and the request in every row ---------------------


def test_activation_disables_only_the_active_physical_token_with_full_audit(admin, secundario, inventario):
    staff = crear_staff()
    viejo = actions.do_cargar_token_fisico(secundario, "PHY0001", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", actor=staff)
    TokenFisico.objects.filter(pk=viejo.pk).update(estado=TokenFisico.Estado.INHABILITADO)  # disabled before
    fisico = actions.do_cargar_token_fisico(secundario, "PHY0002", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", actor=staff)
    token = actions.do_asignar_token(secundario, actor=admin)
    token, _device, _codigo = enrolar(token, secundario)
    request = RequestFactory().post("/administracion/tokens/operar/", REMOTE_ADDR="10.20.30.40")
    actions.do_activar_token(token, actor=admin, request=request)
    fisico.refresh_from_db()
    assert fisico.estado == TokenFisico.Estado.INHABILITADO
    (evento,) = Evento.objects.filter(accion=Acciones.FISICO_INHABILITADO)  # none for the one disabled before
    assert evento.detalles == {"serial": "PHY0002", "antes": {"estado": "ACTIVO"},
                               "despues": {"estado": "INHABILITADO"}}
    assert (evento.actor_id, evento.objetivo_id, evento.empresa_id, evento.ip) == (
        admin.pk, secundario.pk, secundario.empresa_id, "10.20.30.40")
    activar = Evento.objects.get(accion=Acciones.ACTIVAR)
    assert activar.ip == "10.20.30.40"
    assert activar.detalles == {"serial": token.serial, "antes": {"estado": "PENDIENTE_ACTIVACION"},
                                "despues": {"estado": "ACTIVO"}}


def test_activation_and_inactivation_tell_the_user_what_which_token_and_from_where(admin, secundario, inventario):
    token = actions.do_asignar_token(secundario, actor=admin)
    token, _device, _codigo = enrolar(token, secundario)
    request = RequestFactory().post("/administracion/tokens/operar/", REMOTE_ADDR="10.20.30.40")
    actions.do_activar_token(token, actor=admin, request=request)
    activado = Notificacion.objects.get(usuario=secundario, evento="token_activado")
    assert activado.datos["ip"] == "10.20.30.40"
    assert (activado.datos["serial"], activado.datos["empresa"]) == (token.serial, "Comercializadora Andina S.A.S.")
    actions.do_inactivar_token(token, actor=admin, request=request)
    inactivado = Notificacion.objects.get(usuario=secundario, evento="token_inactivado")
    assert (inactivado.datos["serial"], inactivado.datos["empresa"]) == (token.serial,
                                                                        "Comercializadora Andina S.A.S.")
    assert Evento.objects.get(accion=Acciones.INACTIVAR).ip == "10.20.30.40"


def test_enrolment_audit_rows_carry_the_requests_ip(admin, secundario, inventario):
    request = RequestFactory().post("/administracion/tokens/enrolar/", REMOTE_ADDR="10.20.30.41")
    token = actions.do_asignar_token(secundario, actor=admin)
    token, device = actions.do_enrolar(token, actor=secundario, request=request)
    TokenVirtual.objects.filter(pk=token.pk).update(enrolamiento_expira=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(AccionRechazada):
        actions.do_confirmar_enrolamiento(token, codigo_fresco(device), actor=secundario, request=request)
    assert Evento.objects.get(accion=Acciones.ENROLAMIENTO_VENCIDO).ip == "10.20.30.41"
    token, device = actions.do_enrolar(token, actor=secundario, request=request)
    malo = "000000" if codigo_fresco(device) != "000000" else "111111"
    with pytest.raises(AccionRechazada):
        actions.do_confirmar_enrolamiento(token, malo, actor=secundario, request=request)
    assert Evento.objects.get(accion=Acciones.ENROLAMIENTO_FALLIDO).ip == "10.20.30.41"
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    actions.do_confirmar_enrolamiento(token, codigo_fresco(device), actor=secundario, request=request)
    assert Evento.objects.get(accion=Acciones.ENROLADO).ip == "10.20.30.41"


def test_a_token_in_use_outside_the_company_is_still_the_users_one_token(admin, secundario, inventario):
    # Not seen by the company's in-use count; the database's one-token-per-user key refuses it.
    TokenVirtual.objects.create(serial="POOL000001", usuario=secundario, estado=E.ASIGNADO)
    assert _rechazo(actions.do_asignar_token, secundario, actor=admin) == (
        "El usuario ya tiene un token virtual asignado.")
    assert TokenVirtual.objects.filter(usuario=secundario).count() == 1
    assert not Evento.objects.filter(accion=Acciones.ASIGNAR).exists()


def test_bank_staff_assignment_is_audited_under_the_tokens_company(admin, secundario, inventario):
    actions.do_asignar_token(secundario, actor=crear_staff())
    assert Evento.objects.get(accion=Acciones.ASIGNAR).empresa_id == secundario.empresa_id
