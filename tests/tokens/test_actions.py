"""Every transition of tokens/actions.py, every refused one, and their preconditions."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.core import mail
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from admin_usuarios.models import Usuario
from auditoria.models import Evento
from comun.errores import AccionRechazada
from comun.models import CorreoSaliente
from tests.factories import codigo_fresco, crear_secundario
from tests.tokens.helpers import enrolar, token_activo
from tokens import actions
from tokens.eventos import Eventos as Acciones
from tokens.models import CupoTokens, TokenFisico, TokenVirtual
from tokens.selectors import dispositivo_activo, resumen_empresa

pytestmark = pytest.mark.django_db
E = TokenVirtual.Estado


def _estado(token: TokenVirtual) -> str:
    token.refresh_from_db()
    return token.estado


# --- Asignar -----------------------------------------------------------------------------


def test_asignar_takes_a_free_serial_audits_and_emails(admin, secundario, inventario,
                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        token = actions.do_asignar_token(secundario, actor=admin)
    assert token.serial == "FEF4900031" and token.estado == E.ASIGNADO and token.usuario == secundario
    assert token.dispositivo is None  # the secret is created at enrolment, never before
    evento = Evento.objects.get(accion=Acciones.ASIGNAR)
    assert evento.actor == admin and evento.objetivo == secundario
    assert evento.detalles["antes"]["estado"] == E.DISPONIBLE and evento.detalles["despues"]["estado"] == E.ASIGNADO
    correo = CorreoSaliente.objects.get(plantilla="token_asignado")
    assert correo.para == secundario.email
    assert len(mail.outbox) == 1 and "FEF4900031" in mail.outbox[0].body
    assert "Enrolar Token Virtual" in mail.outbox[0].body
    assert resumen_empresa(admin.empresa_id).disponibles == 4


@pytest.mark.parametrize(
    ("campos", "mensaje"),
    [
        ({"estado": Usuario.Estado.INACTIVO}, "no está activo"),
        ({"estado": Usuario.Estado.BLOQUEADO}, "no está activo"),
        ({"email": ""}, "correo electrónico"),
        ({"celular": ""}, "celular"),
    ],
)
def test_asignar_refused_without_preconditions(admin, secundario, inventario, campos, mensaje):
    Usuario.objects.filter(pk=secundario.pk).update(**campos)
    with pytest.raises(AccionRechazada, match=mensaje):
        actions.do_asignar_token(secundario, actor=admin)
    assert not TokenVirtual.objects.filter(usuario=secundario).exists()
    assert not Evento.objects.filter(accion=Acciones.ASIGNAR).exists()
    assert not CorreoSaliente.objects.exists()


def test_asignar_refused_when_user_already_has_a_token(admin, secundario, inventario):
    actions.do_asignar_token(secundario, actor=admin)
    with pytest.raises(AccionRechazada, match="ya tiene un token"):
        actions.do_asignar_token(secundario, actor=admin)
    assert TokenVirtual.objects.filter(usuario=secundario).count() == 1


def test_quota_never_exceeded(admin, empresa, inventario):
    CupoTokens.objects.filter(empresa=empresa).update(cantidad=3)  # admin's own token + 2
    usuarios = [crear_secundario(empresa, f"usr{i}") for i in range(3)]
    actions.do_asignar_token(usuarios[0], actor=admin)
    actions.do_asignar_token(usuarios[1], actor=admin)
    with pytest.raises(AccionRechazada, match="cupo"):
        actions.do_asignar_token(usuarios[2], actor=admin)
    assert resumen_empresa(empresa.pk).disponibles == 0


def test_asignar_refused_when_pool_is_empty(admin, empresa, inventario):
    CupoTokens.objects.filter(empresa=empresa).update(cantidad=50)
    usuarios = [crear_secundario(empresa, f"usr{i}") for i in range(6)]
    for u in usuarios[:5]:
        actions.do_asignar_token(u, actor=admin)
    with pytest.raises(AccionRechazada, match="No hay tokens virtuales disponibles"):
        actions.do_asignar_token(usuarios[5], actor=admin)


def test_company_without_quota_cannot_assign(admin, secundario, empresa):
    TokenVirtual.objects.create(empresa=empresa, serial="FEF4900099")
    with pytest.raises(AccionRechazada, match="cupo"):
        actions.do_asignar_token(secundario, actor=admin)


def test_admin_cannot_assign_to_another_company_or_to_an_administrator(admin, admin_otra, secundario, inventario,
                                                                         inventario_otra):
    with pytest.raises(AccionRechazada):
        actions.do_asignar_token(secundario, actor=admin_otra)
    otro_admin = crear_secundario(admin.empresa, "admin2", es_administrador=True)
    with pytest.raises(AccionRechazada, match="banco"):
        actions.do_asignar_token(otro_admin, actor=admin)


def test_secondary_user_cannot_run_admin_actions(secundario, empresa, inventario):
    otro = crear_secundario(empresa, "otro1")
    with pytest.raises(AccionRechazada):
        actions.do_asignar_token(otro, actor=secundario)


# --- Enrolment -------------------------------------------------------------------------


def test_enrolment_creates_the_secret_and_one_code_moves_to_pendiente(admin, secundario, inventario):
    token = actions.do_asignar_token(secundario, actor=admin)
    token, device = actions.do_enrolar(token, actor=secundario)
    assert device.confirmed is False and device.user == secundario
    assert "issuer=OcciRed" in device.config_url and "mguerrero" in device.config_url
    assert token.enrolamiento_expira > timezone.now() + dt.timedelta(minutes=14)
    assert _estado(token) == E.ASIGNADO
    with pytest.raises(AccionRechazada, match="no es válido"):
        actions.do_confirmar_enrolamiento(token, "000000" if codigo_fresco(device) != "000000" else "111111",
                                          actor=secundario)
    assert _estado(token) == E.ASIGNADO
    assert Evento.objects.filter(accion=Acciones.ENROLAMIENTO_FALLIDO).count() == 1  # kept despite the refusal
    device.refresh_from_db()
    assert device.throttling_failure_count == 1  # guessing is throttled (django-otp)
    time.sleep(1.1)
    token = actions.do_confirmar_enrolamiento(token, codigo_fresco(device), actor=secundario)
    assert token.estado == E.PENDIENTE_ACTIVACION
    device.refresh_from_db()
    assert device.confirmed is True
    assert dispositivo_activo(secundario) is None  # not usable at login until activated


def test_opening_enrolment_again_replaces_the_unproven_secret(admin, secundario, inventario):
    token = actions.do_asignar_token(secundario, actor=admin)
    token, primero = actions.do_enrolar(token, actor=secundario)
    token, segundo = actions.do_enrolar(token, actor=secundario)
    assert not TOTPDevice.objects.filter(pk=primero.pk).exists()
    assert token.dispositivo_id == segundo.pk and primero.key != segundo.key


def test_enrolment_expires_after_15_minutes(admin, secundario, inventario):
    token = actions.do_asignar_token(secundario, actor=admin)
    token, device = actions.do_enrolar(token, actor=secundario)
    codigo = codigo_fresco(device)
    TokenVirtual.objects.filter(pk=token.pk).update(enrolamiento_expira=timezone.now() - dt.timedelta(seconds=1))
    with pytest.raises(AccionRechazada, match="venció"):
        actions.do_confirmar_enrolamiento(token, codigo, actor=secundario)
    token.refresh_from_db()
    assert token.estado == E.ASIGNADO and token.dispositivo is None
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()  # a fresh secret is needed
    with pytest.raises(AccionRechazada, match="genere el código QR"):
        actions.do_confirmar_enrolamiento(token, codigo, actor=secundario)
    token, nuevo = actions.do_enrolar(token, actor=secundario)
    assert actions.do_confirmar_enrolamiento(token, codigo_fresco(nuevo), actor=secundario).estado == \
        E.PENDIENTE_ACTIVACION


def test_enrolment_only_by_the_token_owner_and_only_when_asignado(admin, secundario, empresa, inventario):
    token = actions.do_asignar_token(secundario, actor=admin)
    otro = crear_secundario(empresa, "otro1")
    with pytest.raises(AccionRechazada):
        actions.do_enrolar(token, actor=otro)
    enrolar(token, secundario)
    with pytest.raises(AccionRechazada, match="Pendiente Activación"):
        actions.do_enrolar(token, actor=secundario)


# --- Activar / Inactivar / Reactivar / Liberar ----------------------------------------------


def test_activar_only_from_pendiente(admin, secundario, inventario):
    token = actions.do_asignar_token(secundario, actor=admin)
    with pytest.raises(AccionRechazada, match="Asignado"):
        actions.do_activar_token(token, actor=admin)  # no state is skipped
    token, device, _ = enrolar(token, secundario)
    token = actions.do_activar_token(token, actor=admin)
    assert token.estado == E.ACTIVO and dispositivo_activo(secundario) == device
    assert CorreoSaliente.objects.filter(plantilla="token_activado", para=secundario.email).count() == 1
    evento = Evento.objects.get(accion=Acciones.ACTIVAR)
    assert evento.detalles["antes"] == {"estado": E.PENDIENTE_ACTIVACION}
    assert evento.detalles["despues"] == {"estado": E.ACTIVO}
    with pytest.raises(AccionRechazada):
        actions.do_activar_token(token, actor=admin)


def test_inactivar_and_reactivar(admin, secundario, inventario):
    token, device, _ = token_activo(secundario, admin)
    with pytest.raises(AccionRechazada):
        actions.do_reactivar_token(token, actor=admin)
    # Inactivation is an alert (bandeja): emailed when the administrator allows the user alerts.
    type(secundario).objects.filter(pk=secundario.pk).update(permitir_alertas=True)
    actions.do_inactivar_token(token, actor=admin)
    assert _estado(token) == E.INACTIVO and dispositivo_activo(secundario) is None
    assert CorreoSaliente.objects.filter(plantilla="token_inactivado").count() == 1
    with pytest.raises(AccionRechazada):
        actions.do_inactivar_token(token, actor=admin)
    with pytest.raises(AccionRechazada):
        actions.do_activar_token(token, actor=admin)
    actions.do_reactivar_token(token, actor=admin)
    assert _estado(token) == E.ACTIVO and dispositivo_activo(secundario) == device


@pytest.mark.parametrize("hasta", ["ASIGNADO", "PENDIENTE_ACTIVACION", "ACTIVO", "INACTIVO"])
def test_liberar_from_any_state_destroys_the_secret(admin, secundario, inventario, hasta):
    token = actions.do_asignar_token(secundario, actor=admin)
    device = None
    if hasta != "ASIGNADO":
        token, device, _ = enrolar(token, secundario)
    if hasta in ("ACTIVO", "INACTIVO"):
        actions.do_activar_token(token, actor=admin)
    if hasta == "INACTIVO":
        actions.do_inactivar_token(token, actor=admin)
    actions.do_liberar_token(token, actor=admin)
    token.refresh_from_db()
    assert token.estado == E.DISPONIBLE and token.usuario is None and token.dispositivo is None
    if device is not None:
        assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    assert not TOTPDevice.objects.filter(user=secundario).exists()
    evento = Evento.objects.get(accion=Acciones.LIBERAR)
    assert evento.detalles["antes"] == {"estado": hasta, "usuario": "mguerrero"}
    with pytest.raises(AccionRechazada):
        actions.do_liberar_token(token, actor=admin)


def test_lost_phone_inactivar_liberar_asignar_again_keeps_history(admin, secundario, inventario):
    token, _, _ = token_activo(secundario, admin)
    actions.do_inactivar_token(token, actor=admin)
    actions.do_liberar_token(token, actor=admin)
    nuevo = actions.do_asignar_token(secundario, actor=admin)
    assert nuevo.estado == E.ASIGNADO and nuevo.usuario == secundario
    historia = list(Evento.objects.filter(objetivo=secundario, accion__startswith="TOKEN_")
                    .order_by("id").values_list("accion", "detalles__serial"))
    assert [a for a, _ in historia] == [
        Acciones.ASIGNAR, Acciones.ENROLAMIENTO_INICIADO, Acciones.ENROLADO, Acciones.ACTIVAR,
        Acciones.INACTIVAR, Acciones.LIBERAR, Acciones.ASIGNAR,
    ]
    assert historia[0][1] == token.serial


def test_company_admin_cannot_manage_their_own_or_another_admins_token(admin, inventario):
    propio = TokenVirtual.objects.get(usuario=admin)
    for funcion in (actions.do_inactivar_token, actions.do_liberar_token):
        with pytest.raises(AccionRechazada, match="banco"):
            funcion(propio, actor=admin)
    assert _estado(propio) == E.ACTIVO


def test_outsider_cannot_touch_the_token(admin, admin_otra, secundario, inventario):
    token, _, _ = token_activo(secundario, admin)
    for funcion in (actions.do_inactivar_token, actions.do_liberar_token):
        with pytest.raises(AccionRechazada):
            funcion(token, actor=admin_otra)
    assert _estado(token) == E.ACTIVO


# --- Login and step-up ------------------------------------------------------------------


def test_proven_enrolment_code_cannot_open_the_next_login(client, admin, secundario, inventario):
    from tests.factories import login_portal

    _, device, codigo = token_activo(secundario, admin)
    r = login_portal(client, secundario, codigo=codigo)
    assert r.status_code == 200 and "No fue posible ingresar" in r.content.decode()
    assert Evento.objects.filter(accion="INGRESO_FALLIDO", detalles__causa="token_invalido").exists()
    time.sleep(1.1)  # django-otp throttles the next try after a failure
    r = login_portal(client, secundario, codigo=codigo_fresco(device))
    assert r.status_code == 302 and r.url == "/inicio/"


def test_active_token_is_required_at_login(client, admin, secundario, inventario):
    from tests.factories import login_portal

    token_activo(secundario, admin)
    r = login_portal(client, secundario, codigo="")
    assert "No fue posible ingresar" in r.content.decode()


def test_inactivated_token_refused_at_once_at_login(client, admin, empresa, secundario, inventario):
    from tests.factories import login_portal

    type(empresa).objects.filter(pk=empresa.pk).update(token_requerido=True)
    token, device, _ = token_activo(secundario, admin)
    actions.do_inactivar_token(token, actor=admin)
    r = login_portal(client, secundario, codigo=codigo_fresco(device))
    assert "No fue posible ingresar" in r.content.decode()
    assert Evento.objects.filter(detalles__causa="token_inactivo").exists()


def test_inactivated_token_bars_password_only_login_even_when_tokens_are_optional(
    client, admin, empresa, secundario, inventario
):
    """No fallback to password-only: an inactivated token (lost phone) keeps the door shut."""
    from tests.factories import login_portal

    assert not empresa.token_requerido
    token, device, _ = token_activo(secundario, admin)
    actions.do_inactivar_token(token, actor=admin)
    r = login_portal(client, secundario, codigo="")
    assert "No fue posible ingresar" in r.content.decode()
    assert Evento.objects.filter(detalles__causa="token_inactivo").exists()
    actions.do_liberar_token(token, actor=admin)
    assert login_portal(client, secundario, codigo="").url == "/inicio/"


def test_inactivated_token_refused_at_once_at_step_up(admin, empresa, inventario, staff):
    """An administrator whose token the bank inactivates cannot confirm the next operation."""
    from comun.stepup import StepUpForm

    propio = TokenVirtual.objects.get(usuario=admin)
    assert StepUpForm(actor=admin, data={"codigo_token": codigo_fresco(admin.device)}).is_valid()
    actions.do_inactivar_token(propio, actor=staff)
    form = StepUpForm(actor=admin, data={"codigo_token": codigo_fresco(admin.device)})
    assert not form.is_valid() and "no tiene un token virtual activo" in str(form.errors)


# --- Physical tokens ---------------------------------------------------------------------


def test_activating_ones_virtual_token_leaves_other_users_physical_tokens_alone(admin, secundario, inventario,
                                                                               staff):
    from tests.factories import crear_secundario

    otro = crear_secundario(secundario.empresa, username="otrofisico")
    ajeno = actions.do_cargar_token_fisico(otro, "PHY0009", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", actor=staff)
    token_activo(secundario, admin)
    ajeno.refresh_from_db()
    assert ajeno.estado == TokenFisico.Estado.ACTIVO
    assert dispositivo_activo(otro) == ajeno.dispositivo


def test_physical_token_works_until_the_virtual_one_is_activated(client, admin, secundario, inventario, staff):
    from tests.factories import login_portal

    fisico = actions.do_cargar_token_fisico(secundario, "PHY0001", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", actor=staff)
    assert dispositivo_activo(secundario) == fisico.dispositivo  # the login keeps working for them
    r = login_portal(client, secundario, codigo=codigo_fresco(fisico.dispositivo))
    assert r.url == "/inicio/"
    token, device, _ = token_activo(secundario, admin)
    fisico.refresh_from_db()
    assert fisico.estado == TokenFisico.Estado.INHABILITADO
    assert dispositivo_activo(secundario) == device
    assert Evento.objects.filter(accion=Acciones.FISICO_INHABILITADO, objetivo=secundario).exists()
    # Even with the virtual token inactivated, the physical one stays disabled.
    actions.do_inactivar_token(token, actor=admin)
    assert dispositivo_activo(secundario) is None


def test_physical_token_refused_for_bad_seed_or_duplicate_serial(secundario, staff):
    with pytest.raises(AccionRechazada, match="base32"):
        actions.do_cargar_token_fisico(secundario, "PHY0001", "no-es-base32!", actor=staff)
    actions.do_cargar_token_fisico(secundario, "PHY0001", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", actor=staff)
    with pytest.raises(AccionRechazada):
        actions.do_cargar_token_fisico(secundario, "PHY0001", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", actor=staff)


# --- Bank: quota and batches ---------------------------------------------------------------


def test_bank_raises_and_lowers_quota_never_below_tokens_in_use(admin, secundario, empresa, inventario, staff):
    actions.do_asignar_token(secundario, actor=admin)  # 2 in use (admin + secondary)
    actions.do_cambiar_cupo(empresa, 10, actor=staff)
    actions.do_cambiar_cupo(empresa, 2, actor=staff)
    with pytest.raises(AccionRechazada, match="2 tokens en uso"):
        actions.do_cambiar_cupo(empresa, 1, actor=staff)
    assert CupoTokens.objects.get(empresa=empresa).cantidad == 2
    cambios = [e.detalles for e in Evento.objects.filter(accion=Acciones.CUPO).order_by("id")]
    assert cambios == [{"antes": {"cupo": 6}, "despues": {"cupo": 10}}, {"antes": {"cupo": 10}, "despues": {"cupo": 2}}]


def test_bank_loads_a_batch(empresa, staff):
    actions.do_cargar_lote(empresa, actions.normalizar_seriales("fef4900030\nFEF4900031, FEF4900032"),
                           cupo=3, actor=staff)
    assert list(TokenVirtual.objects.values_list("serial", "estado")) == [
        ("FEF4900030", "DISPONIBLE"), ("FEF4900031", "DISPONIBLE"), ("FEF4900032", "DISPONIBLE")]
    assert CupoTokens.objects.get(empresa=empresa).cantidad == 3
    with pytest.raises(AccionRechazada, match="ya existen"):
        actions.do_cargar_lote(empresa, ["FEF4900032", "FEF4900033"], actor=staff)
    with pytest.raises(AccionRechazada, match="repetidos"):
        actions.normalizar_seriales("FEF1234567 FEF1234567")
    assert TokenVirtual.objects.count() == 3


def test_bank_assigns_and_activates_an_administrators_token(empresa, staff, inventario):
    from tests.factories import crear_usuario

    nuevo_admin = crear_usuario(empresa, "admin2", es_administrador=True)
    token = actions.do_asignar_token(nuevo_admin, actor=staff)
    token, device, _ = enrolar(token, nuevo_admin)
    # A company administrator can never activate their own token.
    with pytest.raises(AccionRechazada, match="banco"):
        actions.do_activar_token(token, actor=nuevo_admin)
    actions.do_activar_token(token, actor=staff)
    assert dispositivo_activo(nuevo_admin) == device


# --- The secret never leaks ---------------------------------------------------------------


def test_secret_never_in_email_log_outbox_or_audit(admin, secundario, inventario, caplog,
                                                   django_capture_on_commit_callbacks):
    import base64
    import json
    import logging

    from bandeja.models import Notificacion

    caplog.set_level(logging.DEBUG)
    Usuario.objects.filter(pk=secundario.pk).update(permitir_alertas=True)  # the inactivation alert is emailed too
    with django_capture_on_commit_callbacks(execute=True):
        token = actions.do_asignar_token(secundario, actor=admin)
        token, device = actions.do_enrolar(token, actor=secundario)
        actions.do_confirmar_enrolamiento(token, codigo_fresco(device), actor=secundario)
        actions.do_activar_token(token, actor=admin)
        actions.do_inactivar_token(token, actor=admin)
    device.refresh_from_db()
    secretos = {device.key.lower(), device.key.upper(), base64.b32encode(device.bin_key).decode().rstrip("=")}
    textos = [m.body + m.subject + "".join(str(a[0]) for a in m.alternatives) for m in mail.outbox]
    textos += [json.dumps(c) for c in CorreoSaliente.objects.values_list("contexto", flat=True)]
    textos += [json.dumps(d) for d in Notificacion.objects.values_list("datos", flat=True)]
    textos += [json.dumps(d) + o for d, o in Evento.objects.values_list("detalles", "objetivo_descripcion")]
    textos.append(caplog.text)
    assert len(mail.outbox) == 3
    for texto in textos:
        for secreto in secretos:
            assert secreto not in texto


# --- The audit trail of enrolment and physical tokens, row by row (mutmut survivors) ----------


def _fila(accion):
    e = Evento.objects.filter(accion=accion).order_by("-id").first()
    assert e is not None, accion
    return {"actor": e.actor_id, "objetivo": e.objetivo_id, "empresa": e.empresa_id, "detalles": e.detalles}


def test_each_enrolment_outcome_is_audited_with_who_whom_company_and_serial(admin, secundario, inventario):
    from django.utils import translation

    token = actions.do_asignar_token(secundario, actor=admin)
    esperado = {"actor": secundario.pk, "objetivo": secundario.pk, "empresa": secundario.empresa_id}
    with translation.override("es"):
        with pytest.raises(AccionRechazada) as exc:
            actions.do_confirmar_enrolamiento(token, "123456", actor=secundario)
        assert exc.value.messages == ["Primero genere el código QR de su token."]
        token, device = actions.do_enrolar(token, actor=secundario)
        malo = "000000" if codigo_fresco(device) != "000000" else "111111"
        with pytest.raises(AccionRechazada) as exc:
            actions.do_confirmar_enrolamiento(token, f"  {malo} ", actor=secundario)
        assert exc.value.messages == [
            "El código no es válido o ya fue usado. Ingrese el código que muestra su aplicación."]
        assert _fila(Acciones.ENROLAMIENTO_FALLIDO) == {**esperado, "detalles": {"serial": token.serial}}
        device.refresh_from_db()
        assert device.confirmed is False
        TokenVirtual.objects.filter(pk=token.pk).update(enrolamiento_expira=timezone.now() - dt.timedelta(seconds=1))
        with pytest.raises(AccionRechazada) as exc:
            actions.do_confirmar_enrolamiento(token, codigo_fresco(device), actor=secundario)
        assert exc.value.messages == [
            "El código QR venció (15 minutos). Genere uno nuevo y vuelva a cargarlo en su aplicación."]
    assert _fila(Acciones.ENROLAMIENTO_VENCIDO) == {**esperado, "detalles": {"serial": token.serial}}
    token.refresh_from_db()
    assert (token.dispositivo_id, token.enrolamiento_expira) == (None, None)
    token, device = actions.do_enrolar(token, actor=secundario)
    token = actions.do_confirmar_enrolamiento(token, f" {codigo_fresco(device)} ", actor=secundario)
    token.refresh_from_db()
    device.refresh_from_db()
    assert token.estado == E.PENDIENTE_ACTIVACION and token.enrolamiento_expira is None and device.confirmed
    assert _fila(Acciones.ENROLADO) == {**esperado, "detalles": {
        "serial": token.serial, "antes": {"estado": "ASIGNADO"}, "despues": {"estado": "PENDIENTE_ACTIVACION"}}}


def test_disabling_a_physical_token_is_audited_and_its_device_stops(admin, secundario, inventario, staff):
    fisico = actions.do_cargar_token_fisico(secundario, "PHY0001", "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", actor=staff)
    token_activo(secundario, admin)
    fisico.refresh_from_db()
    fisico.dispositivo.refresh_from_db()
    assert fisico.estado == TokenFisico.Estado.INHABILITADO and fisico.dispositivo.confirmed is False
    assert _fila(Acciones.FISICO_INHABILITADO) == {
        "actor": admin.pk, "objetivo": secundario.pk, "empresa": secundario.empresa_id,
        "detalles": {"serial": "PHY0001", "antes": {"estado": "ACTIVO"}, "despues": {"estado": "INHABILITADO"}}}
